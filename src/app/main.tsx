/**
 * The Resolve flow's entry: reads which shop and API from the HTML shell, the deep link from the
 * URL, loads the shop's embed config (colour, logo, languages) and the customer's language, then
 * renders. Every input is untrusted: the boot data and the config are checked against the shared
 * schemas, the deep link is sanitized, and nothing is ever written as HTML.
 */
import { render } from 'preact';
import { fetchEmbedConfig } from '../core/embed-config-fetch.js';
import type { EmbedConfig } from '../core/embed-config.js';
import {
  checkFlowBoot,
  checkFlowInlineConfig,
  checkFlowInlineStrings,
  FLOW_BOOT_ELEMENT_ID,
  FLOW_CONFIG_ELEMENT_ID,
  FLOW_STRINGS_ELEMENT_ID,
} from '../core/flow-boot-check.js';
import { isLanguage, SUPPORTED_LANGUAGES, type Language } from '../core/languages.js';
import { resolveLanguage } from '../core/locale-resolution.js';
import { isFlowType, sanitizeDeepLink } from '../core/placeholder-options.js';
import { buildEmbedConfigUrl, parseOrigin } from '../core/urls.js';
import { createEmbedBridge } from './embed-bridge.js';
import { createTranslator, loadStrings, translatorFor, type Translator } from './i18n.js';
import { createLazyFlowStore } from './store/lazy.js';
import { brandVariables } from './theme.js';
import { App } from './ui/App.js';
import { readBootJson } from '../web/boot-json.js';
import { FlowContext } from './ui/context.js';
import './styles.css';

const SAVE_DELAY_MS = 250;

async function fetchConfig(apiOrigin: string, slug: string): Promise<EmbedConfig | 'not_found' | 'unavailable'> {
  // Default credentials mode, as the shell's <link rel="preload" crossorigin="anonymous"> made
  // it: the browser hands this call the preloaded answer. No cookies go cross-origin either way.
  const answer = await fetchEmbedConfig({
    url: buildEmbedConfigUrl(apiOrigin, slug),
    shopSlug: slug,
    fetch: (...args) => fetch(...args),
  });
  if (answer.kind === 'not-found') return 'not_found';
  return answer.kind === 'found' ? answer.config : 'unavailable';
}

/** The shell's data in the element with this id, parsed; undefined when absent or not JSON. */
const pageData = (id: string): unknown => readBootJson(document.getElementById(id));

async function main(): Promise<void> {
  const root = document.getElementById('app');
  if (!root) return;
  // Checked by hand (the same verdicts as the schemas in flow-boot.ts): zod loads after the first render.
  const boot = checkFlowBoot(pageData(FLOW_BOOT_ELEMENT_ID));
  const apiOrigin = boot ? parseOrigin(boot.apiOrigin) : undefined;
  if (!boot || !apiOrigin) throw new Error('the page is missing its boot data');
  const slug = boot.shopSlug;
  // The server writes the shop's config and the strings it expects into the page, so the first
  // screen waits on no request but this script; without them (or for another shop) the app asks.
  const inlineConfig = checkFlowInlineConfig(pageData(FLOW_CONFIG_ELEMENT_ID));
  const inlineStrings = checkFlowInlineStrings(pageData(FLOW_STRINGS_ELEMENT_ID));

  const params = new URLSearchParams(location.search);
  const requested = params.get('lang');
  // The tile passes `lang`: load those strings while the config is on its way (unless in the page).
  const early = isLanguage(requested) && inlineStrings?.language !== requested ? loadStrings(requested) : undefined;
  const config =
    inlineConfig?.kind === 'not-found'
      ? 'not_found'
      : inlineConfig?.config.shop_slug === slug
        ? inlineConfig.config
        : await fetchConfig(apiOrigin, slug);
  const shop = typeof config === 'object' ? config : undefined;
  const language = resolveLanguage({
    forced: requested,
    browserLanguages: navigator.languages,
    shopDefault: shop?.default_language ?? null,
    shopLanguages: shop?.languages ?? null,
  }).language;
  let translator =
    inlineStrings?.language === language
      ? translatorFor(language, inlineStrings.strings)
      : await createTranslator(language, language === requested ? await early : undefined);
  document.documentElement.lang = language;

  if (!shop) {
    root.removeAttribute('aria-busy');
    render(<Unavailable translator={translator} notFound={config === 'not_found'} />, root);
    return;
  }

  for (const [name, value] of Object.entries(brandVariables(shop.branding.primary_color)))
    document.documentElement.style.setProperty(name, value);
  const bridge = createEmbedBridge(window);
  const deepLink = sanitizeDeepLink({
    orderNumber: params.get('orderNumber'),
    zipCode: params.get('zipCode'),
    flowType: params.get('flowType'),
    token: params.get('token'),
  });
  // A link's token is a credential: keep it out of the address bar, history and screenshots once read
  // (the draft keeps it on this device for a reload).
  if (params.has('token')) {
    const clean = new URL(location.href);
    clean.searchParams.delete('token');
    history.replaceState(history.state, '', clean);
  }
  const store = createLazyFlowStore({
    // The client (with zod and the schemas) loads after the first render, while the customer types.
    // The store resends what a previous page left in the outbox once it knows which submission it
    // was waiting for (see persistence.ts), so that answer completes this page's flow.
    loadClient: () =>
      import('../client/index.js').then(({ createResolveClient }) =>
        createResolveClient({ shopSlug: slug, apiOrigin, language, autoResume: false }),
      ),
    language: () => translator.language,
    bridge,
    deepLink: { ...deepLink, flowType: isFlowType(deepLink.flowType) ? deepLink.flowType : undefined },
    saveDelayMs: SAVE_DELAY_MS,
  });
  if (bridge.embedded) {
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !event.defaultPrevented) bridge.close();
    });
  }
  const hasCamera = window.matchMedia?.('(pointer: coarse)').matches ?? false;
  const languages = shop.languages ?? [...SUPPORTED_LANGUAGES];

  const draw = () =>
    render(
      <FlowContext.Provider value={{ store, t: translator.t, language: translator.language, hasCamera }}>
        <App
          logoUrl={shop.branding.logo_url ?? undefined}
          languages={languages}
          embedded={bridge.embedded}
          onClose={() => bridge.close()}
          onLanguage={(next) => void switchLanguage(next)}
        />
      </FlowContext.Provider>,
      root,
    );

  async function switchLanguage(next: Language) {
    if (next === translator.language) return;
    translator = await createTranslator(next);
    document.documentElement.lang = next;
    const url = new URL(location.href);
    url.searchParams.set('lang', next);
    history.replaceState(history.state, '', url);
    draw();
  }

  root.removeAttribute('aria-busy');
  draw();
  await store.start();
}

function Unavailable(props: { translator: Translator; notFound: boolean }) {
  const { t } = props.translator;
  return (
    <main id="main">
      <section class="step">
        <h1>{t(props.notFound ? 'flow.unavailable.not_found_title' : 'flow.unavailable.title')}</h1>
        <p>{t(props.notFound ? 'flow.unavailable.not_found_text' : 'flow.unavailable.text')}</p>
        {props.notFound ? null : (
          <div class="actions">
            <button type="button" class="primary" onClick={() => location.reload()}>
              {t('flow.unavailable.retry')}
            </button>
          </div>
        )}
      </section>
    </main>
  );
}

void main();
