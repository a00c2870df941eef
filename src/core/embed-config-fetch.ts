import { checkEmbedConfig } from './embed-config-check.js';
import type { EmbedConfig } from './embed-config.js';

/** How long a config request may take, body included, before it counts as failed. */
export const CONFIG_TIMEOUT_MS = 5000;

export type EmbedConfigAnswer =
  { kind: 'found'; config: EmbedConfig } | { kind: 'not-found' } | { kind: 'failed'; reason: string };

export interface EmbedConfigRequest {
  url: string;
  /** The answer must be this shop's config; anything else is treated as malformed. */
  shopSlug: string;
  fetch: typeof fetch;
  timeoutMs?: number;
  /** Aborts the request (a newer one replaced it); the timeout uses it too. Made here when absent. */
  controller?: AbortController;
  cache?: RequestCache;
  /**
   * `omit` for the embed on a merchant's page. The Resolve flow keeps the default (`same-origin`)
   * so the browser hands it the answer its `<link rel="preload" crossorigin="anonymous">` fetched.
   */
  credentials?: RequestCredentials;
  /** Told when an answer is not a valid config for this shop (the embed warns in the console). */
  onMalformed?: () => void;
}

/**
 * One GET of the public embed config, checked with the hand-written check that agrees with
 * `embedConfigSchema` (property-tested) — the embed's first file and the flow's first screen
 * cannot afford zod here. Never rejects.
 */
export async function fetchEmbedConfig(request: EmbedConfigRequest): Promise<EmbedConfigAnswer> {
  const controller = request.controller ?? (typeof AbortController === 'function' ? new AbortController() : undefined);
  // The timer covers the body too: a server that sends headers and then stalls is still a timeout.
  const timer = controller ? setTimeout(() => controller.abort(), request.timeoutMs ?? CONFIG_TIMEOUT_MS) : undefined;
  try {
    const response = await request.fetch(request.url, {
      method: 'GET',
      // No custom headers: a simple request, so no CORS preflight.
      mode: 'cors',
      ...(request.credentials ? { credentials: request.credentials } : {}),
      ...(request.cache ? { cache: request.cache } : {}),
      signal: controller?.signal,
    });
    if (response.status === 404 || response.status === 410) return { kind: 'not-found' };
    if (!response.ok) return { kind: 'failed', reason: `HTTP ${response.status}` };
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      return { kind: 'failed', reason: 'invalid JSON' };
    }
    const config = checkEmbedConfig(body);
    if (!config || config.shop_slug !== request.shopSlug) {
      request.onMalformed?.();
      return { kind: 'failed', reason: 'malformed config' };
    }
    return { kind: 'found', config };
  } catch (error) {
    return { kind: 'failed', reason: error instanceof Error ? error.name : 'network error' };
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}
