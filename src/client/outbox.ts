import { createStore, del, entries, get, set, type UseStore } from 'idb-keyval';
import type { ClaimDraft } from '../core/claims.js';

/**
 * The durable outbox: a submission is written here before it is sent and removed only when the
 * server has acknowledged it (or refused it for good), so a closed tab, a reload or a dead network
 * loses nothing. After a reload, on `online`, when the tab becomes visible again, or at the time a
 * Retry-After named, what is here is sent again with its original Idempotency-Key: the server turns
 * repeats into the one claim.
 *
 * Key: `{shop slug}:{idempotency key}`. One IndexedDB database per purpose (`karla-resolve-outbox`,
 * `karla-resolve-drafts`) keeps submissions and half-filled drafts apart.
 */
export interface PendingSubmission {
  /** `{shopSlug}:{idempotencyKey}`: the outbox key. */
  id: string;
  shopSlug: string;
  apiOrigin: string;
  /** Generated once per draft (crypto.randomUUID) and sent with every attempt of it. */
  idempotencyKey: string;
  /** The session it is sent with; replaced by `session.resubmit()` after the old one expired. */
  sessionToken: string;
  /** For the UI ("your claim for order #1001 is waiting") and to match drafts to sessions. */
  orderNumber: string;
  draft: ClaimDraft;
  /**
   * `pending`: sent again automatically. `needs_session`: the API refused the session (expired):
   * resending cannot work until the customer looks the order up again (`session.resubmit`).
   */
  state: 'pending' | 'needs_session';
  createdAt: number;
  attempts: number;
  /** The last failure's kind and message, for diagnostics (never contains the token). */
  lastError?: string;
  /** Not before this time (epoch ms): set from a Retry-After too long to wait for in the foreground. */
  notBefore?: number;
}

/** The identity of a draft's content: the same draft submitted twice reuses one key. */
export function draftFingerprint(orderNumber: string, draft: ClaimDraft): string {
  // Parsed drafts have the schema's key order, so JSON.stringify is stable for equal content.
  return `${orderNumber}\n${JSON.stringify(draft)}`;
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

/**
 * A store that moves to memory the first time the primary one fails. IndexedDB can exist and still
 * refuse every request: in a third-party iframe (the embed's overlay on a merchant's page) where the
 * browser blocks storage, in some private modes, on a full disk. The flow must keep working there;
 * only durability across reloads is lost.
 */
export function withMemoryFallback(primary: KeyValueStore): KeyValueStore {
  const memory = memoryStore();
  let active = primary;
  async function run<T>(operation: (store: KeyValueStore) => Promise<T>): Promise<T> {
    if (active !== memory) {
      try {
        return await operation(active);
      } catch {
        active = memory;
      }
    }
    return operation(memory);
  }
  return {
    get: <T>(key: string) => run((store) => store.get<T>(key)),
    set: (key, value) => run((store) => store.set(key, value)),
    delete: (key) => run((store) => store.delete(key)),
    entries: <T>() => run((store) => store.entries<T>()),
  };
}

export function defaultStore(name: string): KeyValueStore {
  return typeof indexedDB === 'undefined' ? memoryStore() : withMemoryFallback(indexedDbStore(name));
}
