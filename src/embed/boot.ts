import { createEmbed } from './embed.js';
import { createPublicApi, installPublicApi, isAlreadyLoaded } from './public-api.js';
import { warn } from './safe.js';
import { findOwnScript, readScriptAttributes } from './script-attributes.js';

/** Reads the script tag, starts the embed and installs `window.KarlaResolve`. */
export function boot(win: Window): void {
  // Pasted twice (or into both Extra HTML and a footer): the first copy owns the page.
  if (isAlreadyLoaded(win)) return;
  const attributes = readScriptAttributes(findOwnScript(win.document));
  if (!attributes.ok) {
    warn(attributes.warning);
    installPublicApi(win, createPublicApi(undefined));
    return;
  }
  for (const message of attributes.warnings) warn(message);
  installPublicApi(win, createPublicApi(createEmbed(win, attributes.options)));
}
