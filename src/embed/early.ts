import { requestConfig, type PendingConfigRequest } from './config-loader.js';
import { isAlreadyLoaded } from './public-api.js';
import { findOwnScript, readScriptAttributes, type ScriptAttributesResult } from './script-attributes.js';

/** What the bundle's first lines found and started, for boot() to carry on with. */
export interface EarlyStart {
  /** Our `<script>` element, found while it is `document.currentScript`. */
  script: Element | null;
  attributes: ScriptAttributesResult;
  /** The shop's config request, already sent (no valid attributes: none). */
  config: PendingConfigRequest | undefined;
}

/**
 * Reads the script tag and sends the config request: on a first visit that request is what the
 * tile waits for, so it goes out before anything else of the bundle runs. `undefined` when a copy
 * of the bundle already runs on this page (pasted twice): that copy owns the page and its request.
 */
export function startEarly(win: Window): EarlyStart | undefined {
  if (isAlreadyLoaded(win)) return undefined;
  const script = findOwnScript(win.document);
  const attributes = readScriptAttributes(script);
  const config = attributes.ok
    ? requestConfig({ ...attributes.options, fetch: win.fetch.bind(win) }, 'default')
    : undefined;
  return { script, attributes, config };
}
