import { createStore, del, entries, get, set, type UseStore } from 'idb-keyval';
import type { ClaimDraft } from '../core/claims.js';

/**
 * The durable outbox: a submission is written here before it is sent and removed only when the
 * server has acknowledged it, so a closed tab, a reload or a dead network loses nothing. After a
 * reload or when the browser is back online, what is here is sent again with its original
 * Idempotency-Key: the server turns repeats into the one claim.
 */
export interface PendingSubmission {
  id: string;
  shopSlug: string;
  apiOrigin: string;
  idempotencyKey: string;
  sessionToken: string;
  draft: ClaimDraft;
  createdAt: number;
  attempts: number;
  lastError?: string;
}

export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  entries<T>(): Promise<[string, T][]>;
}

/** IndexedDB through idb-keyval; a database per purpose keeps drafts and submissions apart. */
export function indexedDbStore(name: string): KeyValueStore {
  let store: UseStore | undefined;
  const use = () => (store ??= createStore(`karla-resolve-${name}`, name));
  return {
    get: (key) => get(key, use()),
    set: (key, value) => set(key, value, use()),
    delete: (key) => del(key, use()),
    entries: <T>() => entries<string, T>(use()),
  };
}

/** A store in memory: where IndexedDB is unavailable (some private modes), nothing is durable but all works. */
export function memoryStore(): KeyValueStore {
  const map = new Map<string, unknown>();
  return {
    get: async <T>(key: string) => map.get(key) as T | undefined,
    set: async (key, value) => void map.set(key, structuredClone(value)),
    delete: async (key) => void map.delete(key),
    entries: async <T>() => [...map.entries()] as [string, T][],
  };
}

export function defaultStore(name: string): KeyValueStore {
  return typeof indexedDB === 'undefined' ? memoryStore() : indexedDbStore(name);
}
