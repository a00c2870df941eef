// Core modules by file, never '../core/index.js' (see config-loader.ts): this is in the first file.
import { CONFIG_TIMEOUT_MS } from '../core/embed-config-fetch.js';
import { DEFAULT_API_ORIGIN, DEFAULT_APP_ORIGIN } from '../core/urls.js';

/**
 * Every default of the embed, in one place: what the script tag, `mountTile`/`open` and the
 * config loader use when a merchant's attribute, option or config leaves something out.
 */
export const EMBED_DEFAULTS = {
  /** `data-api-origin` / `apiOrigin` left out. */
  apiOrigin: DEFAULT_API_ORIGIN,
  /** `data-app-origin` / `appOrigin` left out: where the Resolve flow and the second file live. */
  appOrigin: DEFAULT_APP_ORIGIN,
  /** A config request (body included) slower than this counts as failed; the cache stays shown. */
  configTimeoutMs: CONFIG_TIMEOUT_MS,
  /** A cached config older than this is not shown before the network answers. */
  maxCacheAgeMs: 7 * 24 * 60 * 60 * 1000,
  /** `tile.placement` / `tile.position` left out of the shop's config. */
  placement: 'auto',
  position: 'bottom-left',
} as const;
