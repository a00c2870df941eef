import type { Embed } from './embed.js';
import { subscribeUntrusted, type EventHub } from './events.js';
import { openFlow, type LoadOverlay } from './open.js';
import { reportError, warn } from './safe.js';
import type { EmbedOptions } from './script-attributes.js';

declare const __KARLA_RESOLVE_VERSION__: string;

/** The bundle's version, injected at build time (see vite.config.ts). */
export const VERSION: string = typeof __KARLA_RESOLVE_VERSION__ === 'string' ? __KARLA_RESOLVE_VERSION__ : 'dev';

/**
 * `window.KarlaResolve`: the only global the bundle creates. Every method is wrapped so nothing
 * throws into the merchant's code. `loaded` tells a running bundle from the queued stub merchants
 * may paste before the script (see README).
 */
export interface KarlaResolveApi {
  readonly version: string;
  readonly loaded: true;
  /** Opens the flow: `{ orderNumber?, zipCode?, flowType?, token?, language?, target?: 'same-tab' | 'new-tab' | 'overlay' }`. */
  open(options?: unknown): void;
  /** `tile:shown`, `tile:clicked`, `claim:submitted`. */
  on(event: string, callback: (payload: never) => void): void;
  off(event: string, callback: (payload: never) => void): void;
  /** Re-fetches the shop's embed config and re-renders the tile. */
  refresh(): Promise<void>;
  /** How many tiles are on the page right now. */
  tileCount(): number;
}

export interface PublicApiParts {
  win: Window;
  embed: Embed | undefined;
  options: EmbedOptions | undefined;
  events: EventHub;
  loadOverlay: LoadOverlay;
}

function contained<A extends unknown[], R>(fallback: R, callback: (...args: A) => R): (...args: A) => R {
  return (...args: A) => {
    try {
      return callback(...args);
    } catch (error) {
      reportError(error);
      return fallback;
    }
  };
}

export function createPublicApi({ win, embed, options, events, loadOverlay }: PublicApiParts): KarlaResolveApi {
  const subscription = (verb: 'on' | 'off') =>
    contained(undefined, (event: unknown, callback: unknown) => subscribeUntrusted(events, verb, event, callback));
  return Object.freeze({
    version: VERSION,
    loaded: true as const,
    open: contained(undefined, (openOptions?: unknown) => {
      if (!embed || !options) return warn('open(): the bundle has no valid data-shop-slug.');
      openFlow(win, options, embed.config(), openOptions, events, loadOverlay);
    }),
    on: subscription('on'),
    off: subscription('off'),
    refresh: () => (embed ? embed.refresh().catch(reportError) : Promise.resolve()),
    tileCount: contained(0, () => (embed ? embed.tileCount() : 0)),
  });
}

/** A copy of the bundle already runs on this page (included twice): the second one stands down. */
export function isAlreadyLoaded(win: Window): boolean {
  const existing = (win as { KarlaResolve?: unknown }).KarlaResolve;
  return typeof existing === 'object' && existing !== null && (existing as { loaded?: unknown }).loaded === true;
}

/** Calls the merchant made on the stub before the bundle arrived, in order: `[['open', args], ...]`. */
export function takeQueuedCalls(win: Window): [string, unknown[]][] {
  const stub = (win as { KarlaResolve?: unknown }).KarlaResolve;
  const queue = typeof stub === 'object' && stub !== null ? (stub as { q?: unknown }).q : undefined;
  if (!Array.isArray(queue)) return [];
  return queue
    .filter((entry): entry is [string, ArrayLike<unknown>] => Array.isArray(entry) && typeof entry[0] === 'string')
    .slice(0, 100)
    .map(([name, args]) => [name, Array.from(args ?? [])]);
}

export function installPublicApi(win: Window, api: KarlaResolveApi): void {
  Object.defineProperty(win, 'KarlaResolve', { value: api, configurable: true, enumerable: true, writable: false });
}
