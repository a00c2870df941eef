import { buildFinderUrl, resolveLanguage, sanitizeDeepLink, toSupportedLanguage, type EmbedConfig } from '../core/index.js';
import type { EventHub } from './events.js';
import { openOverlay, type Overlay } from './overlay.js';
import type { EmbedOptions } from './script-attributes.js';
import { overlayStrings } from './tile-strings.js';
import { readPageContext } from './view.js';
import { warn } from './safe.js';

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

let overlay: Overlay | undefined;

/** Opens the Resolve flow for this shop, deep-linked, in the chosen target. */
export function openFlow(win: Window, options: EmbedOptions, config: EmbedConfig | null, raw: unknown, events: EventHub): void {
  const input = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const target: OpenTarget = input.target === 'new-tab' || input.target === 'overlay' ? input.target : 'same-tab';
  if (input.target !== undefined && input.target !== target) warn(`Unknown open() target "${String(input.target)}"; opening in the same tab.`);
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
    if (overlay || !win.document.body) return;
    // The flow learns it is embedded, and the one origin it may post messages to.
    const framed = new URL(url);
    framed.searchParams.set('embed', 'overlay');
    framed.searchParams.set('parentOrigin', win.location.origin);
    const strings = overlayStrings(language);
    overlay = openOverlay(win, {
      url: framed.toString(),
      appOrigin: options.appOrigin,
      title: strings.dialog_title,
      closeLabel: strings.close,
      language,
      nonce: options.nonce,
      onMessage: (message) => {
        if (message.type === 'claim:submitted') events.emit('claim:submitted', message.claim);
      },
      onClose: () => {
        overlay = undefined;
      },
    });
  }
}
