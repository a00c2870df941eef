import type { EmbedConfig } from '../core/embed-config.js';
import { toSupportedLanguage } from '../core/languages.js';
import { resolveLanguage } from '../core/locale-resolution.js';
import { sanitizeDeepLink } from '../core/placeholder-options.js';
import { buildFinderUrl } from '../core/urls.js';
import type { EventHub } from './events.js';
import type { Overlay, openOverlay } from './overlay.js';
import type { EmbedOptions } from './script-attributes.js';
import { readPageContext } from './view.js';
import { reportError, warn } from './safe.js';

export type OpenTarget = 'same-tab' | 'new-tab' | 'overlay';

/** `KarlaResolve.open({...})`: all optional, all untrusted (merchants pass order data through). */
export interface OpenOptions {
  orderNumber?: string;
  zipCode?: string;
  flowType?: string;
  token?: string;
  language?: string;
  target?: OpenTarget;
}

/** The overlay's code, loaded on first use: the script tag's second file, or a chunk for bundlers. */
export type LoadOverlay = () => Promise<{ openOverlay: typeof openOverlay }>;

let overlay: Overlay | undefined;
let opening = false;

/** Opens the Resolve flow for this shop, deep-linked, in the chosen target. */
export function openFlow(
  win: Window,
  options: EmbedOptions,
  config: EmbedConfig | null,
  raw: unknown,
  events: EventHub,
  loadOverlay: LoadOverlay,
): void {
  const input = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const target: OpenTarget = input.target === 'new-tab' || input.target === 'overlay' ? input.target : 'same-tab';
  if (input.target !== undefined && input.target !== target)
    warn(`Unknown open() target "${String(input.target)}"; opening in the same tab.`);
  const page = readPageContext(win);
  const language =
    toSupportedLanguage(typeof input.language === 'string' ? input.language : undefined) ??
    resolveLanguage({
      forced: options.language,
      pageUrl: page.href,
      htmlLang: page.htmlLang,
      browserLanguages: page.browserLanguages,
      shopDefault: config?.default_language,
      shopLanguages: config?.languages,
    }).language;
  const url = buildFinderUrl(options.appOrigin, options.shopSlug, language, sanitizeDeepLink(input));

  if (target === 'same-tab') {
    win.location.assign(url);
  } else if (target === 'new-tab') {
    win.open(url, '_blank', 'noopener,noreferrer');
  } else {
    // One overlay at a time, also while its code is still loading (a double click).
    if (overlay || opening || !win.document.body) return;
    // The flow learns it is embedded, and the one origin it may post messages to.
    const framed = new URL(url);
    framed.searchParams.set('embed', 'overlay');
    framed.searchParams.set('parentOrigin', win.location.origin);
    opening = true;
    loadOverlay()
      .then(
        (module) => {
          opening = false;
          overlay = module.openOverlay(win, {
            url: framed.toString(),
            appOrigin: options.appOrigin,
            language,
            nonce: options.nonce,
            onMessage: (message) => {
              if (message.type === 'claim:submitted') events.emit('claim:submitted', message.claim);
            },
            onClose: () => {
              overlay = undefined;
            },
          });
        },
        (error: unknown) => {
          // Offline, or a CSP that refuses the second file: the customer still gets to the flow.
          opening = false;
          warn('The overlay could not be loaded; opening the Resolve flow in this tab.', error);
          win.location.assign(url);
        },
      )
      .catch(reportError);
  }
}
