// Core modules by file, never '../core/index.js': the index pulls in zod schemas, which the first
// file of the bundle must not carry (see README, "Two files").
import { checkEmbedConfig } from '../core/embed-config-check.js';
import type { EmbedConfig } from '../core/embed-config.js';
import { fetchEmbedConfig, type EmbedConfigAnswer } from '../core/embed-config-fetch.js';
import { buildEmbedConfigUrl } from '../core/urls.js';
import { reportError, warn } from './safe.js';
import { EMBED_DEFAULTS } from './defaults.js';

/**
 * Loads the shop's embed config, stale-while-revalidate: a config cached in localStorage renders
 * the tile at once, and the network answer replaces it (or removes the tile) a moment later.
 * Nothing here rejects or throws: a failed refresh leaves whatever is shown in place.
 */

/** `null`: the shop has no tile (unknown shop, disabled). */
export type ConfigListener = (config: EmbedConfig | null, source: 'cache' | 'network') => void;

export type FetchOutcome =
  | { kind: 'enabled'; config: EmbedConfig }
  | { kind: 'disabled'; reason: 'not-found' | 'disabled' }
  | { kind: 'failed'; reason: string };

export interface ConfigLoaderOptions {
  shopSlug: string;
  apiOrigin: string;
  fetch: typeof fetch;
  /** A thunk: merely reading `window.localStorage` throws when storage is blocked. */
  storage: () => Storage | undefined;
  timeoutMs?: number;
  now?: () => number;
  onChange: ConfigListener;
  /** The first request, when it is already out (the bundle's first lines sent it, see early.ts). */
  pending?: PendingConfigRequest;
}

/** One config request on its way: its answer (never rejects) and what cancels it. */
export interface PendingConfigRequest {
  answer: Promise<EmbedConfigAnswer>;
  controller: AbortController | undefined;
}

/** Sends one config request now. */
export function requestConfig(
  options: Pick<ConfigLoaderOptions, 'shopSlug' | 'apiOrigin' | 'fetch' | 'timeoutMs'>,
  cache: RequestCache,
): PendingConfigRequest {
  const controller = typeof AbortController === 'function' ? new AbortController() : undefined;
  const answer = fetchEmbedConfig({
    url: buildEmbedConfigUrl(options.apiOrigin, options.shopSlug),
    shopSlug: options.shopSlug,
    fetch: options.fetch,
    timeoutMs: options.timeoutMs ?? EMBED_DEFAULTS.configTimeoutMs,
    ...(controller ? { controller } : {}),
    cache,
    // Public and cacheable: no cookies go to the API from a merchant's page.
    credentials: 'omit',
    onMalformed: () => warn(`Ignoring a malformed embed config for "${options.shopSlug}".`),
  });
  return { answer, controller };
}

export interface ConfigLoader {
  /** Emits the cached config (synchronously) if there is one, then revalidates. */
  start(): Promise<void>;
  /** Revalidates with the server, bypassing the HTTP cache. */
  refresh(): Promise<void>;
  /** Cancels the request in flight and silences the loader for good. */
  stop(): void;
}

/** A config older than this is not rendered while revalidating: a week-old "enabled" is a guess. */
export const MAX_CACHE_AGE_MS = EMBED_DEFAULTS.maxCacheAgeMs;
const CACHE_VERSION = 1;

export function configCacheKey(apiOrigin: string, shopSlug: string): string {
  return `karla-resolve:embed-config:v${CACHE_VERSION}:${apiOrigin}:${shopSlug}`;
}

export function createConfigLoader(options: ConfigLoaderOptions): ConfigLoader {
  const now = options.now ?? Date.now;
  const key = configCacheKey(options.apiOrigin, options.shopSlug);
  let stopped = false;
  let generation = 0;
  let inFlight: AbortController | undefined;

  const emit: ConfigListener = (config, source) => {
    if (stopped) return;
    try {
      options.onChange(config, source);
    } catch (error) {
      reportError(error);
    }
  };

  const revalidate = async (cache: RequestCache, pending?: PendingConfigRequest): Promise<void> => {
    if (stopped) return;
    const mine = ++generation;
    inFlight?.abort();
    const request = pending ?? requestConfig(options, cache);
    inFlight = request.controller;
    const answer = await request.answer;
    const outcome = toOutcome(answer);
    // A newer request (refresh) or stop() made this answer obsolete.
    if (stopped || mine !== generation) return;
    inFlight = undefined;
    if (outcome.kind === 'enabled') {
      // Render first: a storage write is synchronous and can be slow (a fresh profile, a busy disk).
      emit(outcome.config, 'network');
      writeCache(options.storage, key, { v: CACHE_VERSION, savedAt: now(), config: outcome.config });
    } else if (outcome.kind === 'disabled') {
      removeCache(options.storage, key);
      if (outcome.reason === 'not-found') warn(`Unknown shop "${options.shopSlug}" (embed config not found).`);
      emit(null, 'network');
    }
    // `failed`: keep showing what the cache gave us, or nothing. A network hiccup is not news.
  };

  const run = (cache: RequestCache, pending?: PendingConfigRequest) => revalidate(cache, pending).catch(reportError);

  return {
    start() {
      // The request goes out first (unless it already has): on a first visit it is what the tile
      // waits for, and reading and checking the cache can overlap with it.
      const revalidated = run('default', options.pending);
      try {
        const cached = readCachedConfig(options.storage, key, options.shopSlug, now());
        // Emitted before any answer: fetch resolves asynchronously, so the network always comes second.
        if (cached) emit(cached, 'cache');
      } catch (error) {
        reportError(error);
      }
      return revalidated;
    },
    refresh: () => run('no-cache'),
    stop() {
      stopped = true;
      inFlight?.abort();
    },
  };
}

interface CacheRecord {
  v: number;
  savedAt: number;
  config: unknown;
}

/** The cached config if it is present, recent, for this shop, enabled and still valid. */
export function readCachedConfig(
  storage: () => Storage | undefined,
  key: string,
  shopSlug: string,
  now: number,
): EmbedConfig | undefined {
  let raw: string | null | undefined;
  try {
    raw = storage()?.getItem(key);
  } catch {
    return undefined;
  }
  if (!raw) return undefined;
  const config = parseCacheRecord(raw, shopSlug, now);
  // Whatever is unusable now will be unusable next time too.
  if (!config) removeCache(storage, key);
  return config;
}

function parseCacheRecord(raw: string, shopSlug: string, now: number): EmbedConfig | undefined {
  let record: unknown;
  try {
    record = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!isCacheRecord(record) || record.v !== CACHE_VERSION) return undefined;
  const age = now - record.savedAt;
  if (!(age >= 0 && age <= MAX_CACHE_AGE_MS)) return undefined;
  // The cache is as untrusted as the network: another script on the page can write to it.
  const config = checkEmbedConfig(record.config);
  if (!config || config.shop_slug !== shopSlug || !config.enabled) return undefined;
  return config;
}

function isCacheRecord(value: unknown): value is CacheRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.v === 'number' && typeof record.savedAt === 'number' && 'config' in record;
}

function writeCache(storage: () => Storage | undefined, key: string, record: CacheRecord): void {
  try {
    storage()?.setItem(key, JSON.stringify(record));
  } catch {
    // Quota exceeded, storage disabled: the tile just will not be instant next time.
  }
}

function removeCache(storage: () => Storage | undefined, key: string): void {
  try {
    storage()?.removeItem(key);
  } catch {
    // Same as above.
  }
}

/** The tile's view of an answer: a disabled config shows nothing, like an unknown shop. */
function toOutcome(answer: EmbedConfigAnswer): FetchOutcome {
  if (answer.kind === 'not-found') return { kind: 'disabled', reason: 'not-found' };
  if (answer.kind === 'failed') return answer;
  return answer.config.enabled ? { kind: 'enabled', config: answer.config } : { kind: 'disabled', reason: 'disabled' };
}
