/**
 * The merchant portal's entry: reads the API and app origins from the HTML shell (inert JSON,
 * parsed with the shared schema), picks the language (the merchant's choice, else the browser's),
 * asks who is signed in and renders. Nothing is ever written as HTML.
 */
import '../web/zod-setup.js';
import * as z from 'zod/mini';
import { effect } from '@preact/signals';
import { render } from 'preact';
import { PORTAL_BOOT_ELEMENT_ID, portalBootSchema } from '../core/portal-boot.js';
import { createApi } from './api.js';
import { createTranslator, preferredLanguage, storedLanguage, translator } from './i18n.js';
import { startRouter } from './router.js';
import { loadSession, session } from './session.js';
import { Portal } from './ui/Portal.js';
import { readBootJson } from '../web/boot-json.js';
import './styles.css';

async function main(): Promise<void> {
  const root = document.getElementById('portal');
  const bootElement = document.getElementById(PORTAL_BOOT_ELEMENT_ID);
  if (!root || !bootElement) return;
  const boot = z.safeParse(portalBootSchema, readBootJson(bootElement));
  if (!boot.success) throw new Error('the page is missing its boot data');

  const language = preferredLanguage(navigator.languages ?? [navigator.language], storedLanguage());
  translator.value = await createTranslator(language);
  document.documentElement.lang = language;

  const api = createApi({
    language: () => translator.value?.language ?? 'en',
    csrfToken: () => session.value?.csrf_token,
    onSessionEnded: () => {
      session.value = null;
    },
  });
  startRouter(window);
  await loadSession(api);
  root.removeAttribute('aria-busy');
  effect(() => {
    const current = translator.value;
    if (current) render(<Portal api={api} translator={current} boot={boot.data} />, root);
  });
}

void main();
