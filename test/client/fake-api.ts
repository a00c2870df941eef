import { vi } from 'vitest';
import {
  createResolveClient,
  memoryStore,
  type ResolveClient,
  type ResolveClientOptions,
} from '../../src/client/index.js';
import { API, json, session } from './fixtures.js';

export type Answer = (init: RequestInit) => Response | Promise<Response>;

/** A fake API: sessions answer `sessionAnswer`; claims answer from `claims` in order (the last one repeats). */
export function fakeApi(claims: Answer[], sessionAnswer: Answer = () => json(session, 201)) {
  const calls: { url: string; init: RequestInit }[] = [];
  let index = 0;
  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    calls.push({ url, init });
    if (url.endsWith('/resolve/sessions')) return sessionAnswer(init);
    const answer = claims[Math.min(index++, claims.length - 1)];
    if (!answer) throw new Error('no answer scripted');
    return answer(init);
  });
  return {
    fetch: fetch as unknown as typeof globalThis.fetch,
    calls,
    claimCalls: () => calls.filter((call) => call.url.endsWith('/resolve/claims')),
  };
}

export const header = (init: RequestInit, name: string) => (init.headers as Record<string, string>)[name];

export const fast = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 };

const open: ResolveClient[] = [];
export function closeClients(): void {
  for (const client of open.splice(0)) client.close();
}

export function makeClient(
  api: { fetch: typeof globalThis.fetch },
  extra: Partial<ResolveClientOptions> = {},
): ResolveClient {
  const client = createResolveClient({
    shopSlug: 'demo-shop',
    apiOrigin: API,
    language: 'en',
    fetch: api.fetch,
    storage: memoryStore(),
    drafts: memoryStore(),
    retry: fast,
    autoResume: false,
    ...extra,
  });
  open.push(client);
  return client;
}

/** A fetch that never answers but honours its AbortSignal, as a dead connection does. */
export const hanging: Answer = (init) =>
  new Promise<Response>((_resolve, reject) => {
    init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
  });

export const networkDown: Answer = () => Promise.reject(new TypeError('Failed to fetch'));
