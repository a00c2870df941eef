import { useEffect } from 'preact/hooks';
import { SUPPORTED_LANGUAGES, type Language } from '../../core/languages.js';
import { useFlow } from './context.js';
import { Finder } from './Finder.js';
import { useSteps } from './lazy-steps.js';

export interface AppProps {
  logoUrl?: string | undefined;
  /** The languages the shop offers, for the switcher. */
  languages: readonly Language[];
  onLanguage: (language: Language) => void;
  embedded: boolean;
  onClose: () => void;
}

const NATIVE_NAMES: Record<Language, string> = {
  en: 'English',
  de: 'Deutsch',
  fr: 'Français',
  es: 'Español',
  it: 'Italiano',
  nl: 'Nederlands',
  da: 'Dansk',
  pl: 'Polski',
};

/** The page: header (logo, language), the current step, and browser back/forward between steps. */
export function App(props: AppProps) {
  const { store, t, language } = useFlow();
  const step = store.step.value;
  // The finder is in the first load; the other steps arrive while the customer types.
  const steps = useSteps();

  useEffect(() => {
    const onPop = (event: PopStateEvent) => store.restoreStepFromHistory(event.state);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, [store]);

  useEffect(() => {
    document.title = `${t(step === 'done' ? 'flow.done.title' : step === 'starting' ? 'flow.loading' : `flow.${step}.title`)} · ${t('flow.app_title')}`;
  }, [step, language, t]);

  return (
    <>
      {/* In the embed's overlay, the dialog's own close button sits in this corner (Esc closes it too). */}
      <header class={props.embedded ? 'top embedded' : 'top'}>
        {props.logoUrl ? (
          <img class="logo" src={props.logoUrl} alt={t('flow.logo_alt')} />
        ) : (
          <span class="logo-text">{t('flow.app_title')}</span>
        )}
        <div class="top-right">
          <label class="visually-hidden" for="language">
            {t('flow.language')}
          </label>
          <select
            id="language"
            value={language}
            onChange={(event) => props.onLanguage(event.currentTarget.value as Language)}
          >
            {SUPPORTED_LANGUAGES.filter((code) => props.languages.includes(code)).map((code) => (
              <option value={code} lang={code} key={code}>
                {NATIVE_NAMES[code]}
              </option>
            ))}
          </select>
        </div>
      </header>
      <main id="main">
        {step === 'finder' ? (
          <Finder />
        ) : step === 'starting' || !steps ? (
          <p class="loading" role="status">
            {t('flow.loading')}
          </p>
        ) : step === 'issue' ? (
          <steps.Issue />
        ) : step === 'items' ? (
          <steps.Items />
        ) : step === 'evidence' ? (
          <steps.Evidence />
        ) : step === 'description' ? (
          <steps.Description />
        ) : step === 'preference' ? (
          <steps.Preference />
        ) : step === 'review' ? (
          <steps.Review />
        ) : (
          <steps.Confirmation embedded={props.embedded} onClose={props.onClose} />
        )}
      </main>
    </>
  );
}
