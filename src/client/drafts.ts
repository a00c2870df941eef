import { defaultStore, type KeyValueStore } from './outbox.js';
import { CLIENT_DEFAULTS } from './defaults.js';

/**
 * Half-filled drafts, so a reload (or a phone that killed the tab while the camera was open)
 * brings the customer back to where they were. The value is whatever the flow keeps (step, chosen
 * items, upload ids, text); it holds personal data, so it expires: a draft older than `maxAgeMs`
 * (default 7 days) is deleted on load instead of returned. Keys are per shop, so two shops on one
 * origin never see each other's drafts.
 */
export interface DraftOptions {
  /** Where drafts live; IndexedDB (`karla-resolve-drafts`) by default, memory where unavailable. */
  store?: KeyValueStore;
  maxAgeMs?: number;
  now?: () => number;
}

export const DEFAULT_DRAFT_MAX_AGE_MS = CLIENT_DEFAULTS.draftMaxAgeMs;

interface StoredDraft {
  savedAt: number;
  value: unknown;
}

let sharedStore: KeyValueStore | undefined;
const storeOf = (options: DraftOptions) => options.store ?? (sharedStore ??= defaultStore('drafts'));
const keyOf = (shopSlug: string, name: string) => `${shopSlug}:${name}`;

export async function saveDraft(
  shopSlug: string,
  name: string,
  value: unknown,
  options: DraftOptions = {},
): Promise<void> {
  const record: StoredDraft = { savedAt: (options.now ?? Date.now)(), value };
  await storeOf(options).set(keyOf(shopSlug, name), record);
}

/**
 * The saved draft, or undefined when there is none or it expired. The caller knows its shape;
 * it should still validate it (a draft saved by an older version of the flow may differ).
 */
export async function loadDraft<T = unknown>(
  shopSlug: string,
  name: string,
  options: DraftOptions = {},
): Promise<T | undefined> {
  const store = storeOf(options);
  const record = await store.get<StoredDraft>(keyOf(shopSlug, name));
  if (!record || typeof record !== 'object' || typeof record.savedAt !== 'number') return undefined;
  if ((options.now ?? Date.now)() - record.savedAt > (options.maxAgeMs ?? DEFAULT_DRAFT_MAX_AGE_MS)) {
    await store.delete(keyOf(shopSlug, name));
    return undefined;
  }
  return record.value as T;
}

export async function clearDraft(shopSlug: string, name: string, options: DraftOptions = {}): Promise<void> {
  await storeOf(options).delete(keyOf(shopSlug, name));
}
