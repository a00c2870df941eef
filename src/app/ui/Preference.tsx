import { useFlow } from './context.js';
import { StepLayout } from './StepLayout.js';

/** Step 6: refund or replacement, among what the shop allows. */
export function Preference() {
  const { store, t } = useFlow();
  const data = store.session.value?.data;
  if (!data) return null;
  const chosen = store.answers.value.preference;
  return (
    <StepLayout
      id="preference"
      title={t('flow.preference.title')}
      intro={t('flow.preference.intro')}
      onContinue={() => store.next()}
    >
      <fieldset class="choices" id="preference-options" tabIndex={-1}>
        <legend class="visually-hidden">{t('flow.preference.title')}</legend>
        {data.settings.allowed_resolution_preferences.map((preference) => (
          <label class={`choice${chosen === preference ? ' selected' : ''}`} key={preference}>
            <input
              type="radio"
              name="preference"
              value={preference}
              checked={chosen === preference}
              onChange={() => store.setPreference(preference)}
              aria-describedby={`preference-${preference}-hint`}
            />
            <span class="choice-text">
              <span class="choice-title">{t(`flow.preference.${preference}.title`)}</span>
              <span class="choice-hint" id={`preference-${preference}-hint`}>
                {t(`flow.preference.${preference}.hint`)}
              </span>
            </span>
          </label>
        ))}
      </fieldset>
    </StepLayout>
  );
}
