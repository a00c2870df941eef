import type { Embed } from './embed.js';
import { reportError } from './safe.js';

declare const __KARLA_RESOLVE_VERSION__: string;

/** The bundle's version, injected at build time (see vite.config.ts). */
export const VERSION: string = typeof __KARLA_RESOLVE_VERSION__ === 'string' ? __KARLA_RESOLVE_VERSION__ : 'dev';

/**
 * `window.KarlaResolve`: the only global the bundle creates. Every method is wrapped so nothing
 * throws into the merchant's code. A later release adds a queued stub merchants may paste before
 * the script (`open`, `on`, `off`); `loaded` is how a copy tells a stub from a running bundle.
 */
export interface KarlaResolveApi {
  readonly version: string;
  readonly loaded: true;
  /** Re-fetches the shop's embed config and re-renders the tile. */
  refresh(): Promise<void>;
  /** How many tiles are on the page right now. */
  tileCount(): number;
}

export function createPublicApi(embed: Embed | undefined): KarlaResolveApi {
  return Object.freeze({
    version: VERSION,
    loaded: true as const,
    refresh: () => (embed ? embed.refresh().catch(reportError) : Promise.resolve()),
    tileCount: () => {
      try {
        return embed ? embed.tileCount() : 0;
      } catch (error) {
        reportError(error);
        return 0;
      }
    },
  });
}

/** A copy of the bundle already runs on this page (included twice): the second one stands down. */
export function isAlreadyLoaded(win: Window): boolean {
  const existing = (win as { KarlaResolve?: unknown }).KarlaResolve;
  return typeof existing === 'object' && existing !== null && (existing as { loaded?: unknown }).loaded === true;
}

export function installPublicApi(win: Window, api: KarlaResolveApi): void {
  Object.defineProperty(win, 'KarlaResolve', { value: api, configurable: true, enumerable: true, writable: false });
}
