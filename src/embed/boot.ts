import { startEarly, type EarlyStart } from './early.js';
import { createEmbed } from './embed.js';
import { createEventHub, subscribeUntrusted } from './events.js';
import { lazyModuleUrl, moduleLoader } from './lazy-module.js';
import type { LoadOverlay } from './open.js';
import { createPublicApi, installPublicApi, takeQueuedCalls } from './public-api.js';
import { warn } from './safe.js';
import { EMBED_DEFAULTS } from './defaults.js';

/**
 * Starts the embed and installs `window.KarlaResolve`, replacing the queued stub (if the merchant
 * pasted one) and replaying its calls in order. `started`: what the bundle's first lines read and
 * sent (early-start.ts); without it, that happens now.
 */
export function boot(win: Window, started?: EarlyStart): void {
  // Pasted twice (or into both Extra HTML and a footer): the first copy owns the page.
  const early = started ?? startEarly(win);
  if (!early) return;
  const { script, attributes } = early;
  const queued = takeQueuedCalls(win);
  const events = createEventHub();
  if (!attributes.ok) warn(attributes.warning);
  else for (const message of attributes.warnings) warn(message);
  const options = attributes.ok ? attributes.options : undefined;
  // Listeners queued on the stub go in before the embed starts: a cached config shows the tile
  // (and fires tile:shown) synchronously.
  for (const [name, args] of queued) {
    if (name === 'on' || name === 'off') subscribeUntrusted(events, name, args[0], args[1]);
  }
  const embed = options ? createEmbed(win, options, events, early.config) : undefined;
  // The second file sits next to this one: the script's own URL (found while it was current).
  const src = script instanceof HTMLScriptElement && script.src ? script.src : undefined;
  const loadOverlay: LoadOverlay = moduleLoader(lazyModuleUrl(src, options?.appOrigin ?? EMBED_DEFAULTS.appOrigin));
  const api = createPublicApi({ win, embed, options, events, loadOverlay });
  installPublicApi(win, api);
  // Then the queued open() calls, in the order they were made.
  for (const [name, args] of queued) if (name === 'open') api.open(args[0]);
}
