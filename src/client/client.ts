import * as z from 'zod/mini';
import type { Claim } from '../core/claims.js';
import { sessionLookupSchema, sessionResponseSchema, sessionTokenRequestSchema } from '../core/session.js';
import { clearDraft, loadDraft, saveDraft } from './drafts.js';
import { isRetryable, RateLimitedError } from './errors.js';
import { createEmitter, type ClientEvent, type ClientEvents } from './events.js';
import { DEFAULT_TIMEOUT_MS, requestJson, type HttpOptions } from './http.js';
import { DEFAULT_IMAGE_OPTIONS, type ImageOptions } from './images.js';
import { defaultStore, type KeyValueStore, type PendingSubmission } from './outbox.js';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from './retry.js';
import { createSender } from './sender.js';
import { createSession, type ResolveSession } from './session.js';
import { createLimiter } from './upload.js';
import { validate } from './validation.js';
import { CLIENT_DEFAULTS } from './defaults.js';

export interface ResolveClientOptions {
  shopSlug: string;
  /** `https://api.gokarla.io` in production; only the origin is used. */
  apiOrigin: string;
  /** Sent as Accept-Language (the API's messages come back in it) and used for local validation messages. */
  language: string;
  fetch?: typeof fetch;
  /** Where pending submissions live: IndexedDB (`karla-resolve-outbox`) by default, memory where unavailable. */
  storage?: KeyValueStore;
  /** Where half-filled drafts live (IndexedDB `karla-resolve-drafts` by default). */
  drafts?: KeyValueStore;
  retry?: RetryPolicy;
  images?: ImageOptions;
  /** Per-attempt timeout of JSON requests (default 30 s): a hanging request becomes a retryable network error. */
  timeoutMs?: number;
  /** Uploads with no progress for this long are aborted and retried (default 45 s). */
  uploadStallTimeoutMs?: number;
  /** Resend pending submissions when the browser comes back online or the tab becomes visible (default true). */
  resendWhenOnline?: boolean;
  /** Resend pending submissions right after creation, e.g. after a reload (default true). */
  autoResume?: boolean;
}

export type LookupRequest = { orderNumber: string; zipCode: string } | { token: string };

export interface ResolveClient {
  /**
   * Finds the order (order number + ZIP code, or a resolve-link token) and opens a session for it.
   * Invalid input fails locally (`validation`, fields `order_number`/`zip_code`/`token`); a wrong
   * pair is `not_found` (`order_not_found` or `zip_code_mismatch`); too many tries is `rate_limited` with `retryAfterMs`.
   */
  lookup(request: LookupRequest): Promise<ResolveSession>;
  /**
   * Brings back a session kept from an earlier lookup (a reloaded page's draft): the answer is parsed
   * again, so stored data is never trusted as it is. Undefined when it is malformed, for another
   * shop, or expires within a minute (the customer looks the order up again).
   */
  restoreSession(data: unknown): ResolveSession | undefined;
  /**
   * Sends every submission of this shop still in the outbox (not waiting for a new session or a
   * Retry-After) with its own Idempotency-Key; resolves with the claims acknowledged now. Runs by
   * itself after creation, on `online` and when the tab becomes visible.
   */
  resumePending(): Promise<Claim[]>;
  /** What the outbox holds for this shop and API, oldest first. */
  pending(): Promise<PendingSubmission[]>;
  /** Drops a pending submission (the customer gave up on it). */
  discardPending(id: string): Promise<void>;
  /** Subscribes; returns the unsubscribe function. */
  on<E extends ClientEvent>(event: E, listener: ClientEvents[E]): () => void;
  off<E extends ClientEvent>(event: E, listener: ClientEvents[E]): void;
  /** Draft persistence for this shop (see drafts.ts; expires after 7 days). */
  saveDraft(name: string, value: unknown): Promise<void>;
  loadDraft<T = unknown>(name: string): Promise<T | undefined>;
  clearDraft(name: string): Promise<void>;
  /** Stops listening for `online`/`visibilitychange` and cancels a scheduled resend. */
  close(): void;
}

const MAX_PARALLEL_UPLOADS = 3;
/** A restored session this close to expiry is not worth starting uploads with. */
const SESSION_EXPIRY_MARGIN_MS = 60_000;
/** A Retry-After longer than this is not waited for by a timer; the next online/visible/reload resends. */
const MAX_SCHEDULED_RESUME_MS = 15 * 60 * 1000;

export function createResolveClient(options: ResolveClientOptions): ResolveClient {
  const apiOrigin = new URL(options.apiOrigin).origin;
  const base = `${apiOrigin}/v1/shops/${encodeURIComponent(options.shopSlug)}/resolve`;
  const http: HttpOptions = {
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
    language: options.language,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
  const outbox = options.storage ?? defaultStore('outbox');
  const draftOptions = { store: options.drafts ?? defaultStore('drafts') };
  const retry = options.retry ?? DEFAULT_RETRY;
  const events = createEmitter();
  let resumeTimer: ReturnType<typeof setTimeout> | undefined;
  let resumeAt = Infinity;
  let closed = false;

  const sender = createSender({
    claimsUrl: `${base}/claims`,
    http,
    outbox,
    retry,
    events,
    scheduleResume(delayMs) {
      if (closed || delayMs > MAX_SCHEDULED_RESUME_MS) return;
      const at = Date.now() + delayMs;
      if (at >= resumeAt) return; // an earlier resend is already scheduled and will cover it
      clearTimeout(resumeTimer);
      resumeAt = at;
      resumeTimer = setTimeout(() => {
        resumeAt = Infinity;
        void resumePending();
      }, delayMs + 50);
    },
  });

  async function pending(): Promise<PendingSubmission[]> {
    let all: [string, PendingSubmission][];
    try {
      all = await outbox.entries<PendingSubmission>();
    } catch {
      return []; // storage unavailable (private mode, quota): nothing durable to resend
    }
    return all
      .map(([, value]) => ({ ...value, state: value.state ?? 'pending' }))
      .filter((entry) => entry.shopSlug === options.shopSlug && entry.apiOrigin === apiOrigin)
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  async function resumePending(): Promise<Claim[]> {
    const claims: Claim[] = [];
    const now = Date.now();
    for (const submission of await pending()) {
      if (submission.state !== 'pending' || (submission.notBefore ?? 0) > now) continue;
      try {
        const claim = await sender.send(submission, 'background');
        if (claim) claims.push(claim);
      } catch {
        // Still pending, waiting for a session, or refused for good: reported through the events.
      }
    }
    return claims;
  }

  // One queue for the whole client: three uploads at a time, however many sessions.
  const uploadQueue = createLimiter(MAX_PARALLEL_UPLOADS);
  const admission = createLimiter(1);
  const session = (data: Parameters<typeof createSession>[1]) =>
    createSession(
      {
        shopSlug: options.shopSlug,
        apiOrigin,
        uploadsUrl: `${base}/uploads`,
        language: options.language,
        retry,
        images: options.images ?? DEFAULT_IMAGE_OPTIONS,
        outbox,
        sender,
        limit: uploadQueue,
        pending,
        admit: admission,
        ...(options.uploadStallTimeoutMs ? { stallTimeoutMs: options.uploadStallTimeoutMs } : {}),
      },
      data,
    );

  const onOnline = () => void resumePending();
  const onVisible = () => {
    if (document.visibilityState === 'visible') void resumePending();
  };
  const listen = (options.resendWhenOnline ?? CLIENT_DEFAULTS.resendWhenOnline) && typeof window !== 'undefined';
  if (listen) {
    window.addEventListener('online', onOnline);
    document.addEventListener('visibilitychange', onVisible);
  }
  // After a reload: whatever the previous page left in the outbox goes out now. A macrotask later,
  // so listeners registered right after creation hear about it.
  if (options.autoResume ?? CLIENT_DEFAULTS.autoResume) {
    setTimeout(() => {
      if (!closed) void resumePending();
    }, 0);
  }

  return {
    async lookup(request) {
      const body =
        'token' in request
          ? await validate(
              sessionTokenRequestSchema,
              { token: request.token },
              options.language,
              'The link is invalid.',
            )
          : await validate(
              sessionLookupSchema,
              { order_number: request.orderNumber, zip_code: request.zipCode },
              options.language,
              'Please check the order number and ZIP code.',
            );
      const { data } = await withRetry(
        () =>
          requestJson(
            http,
            `${base}/sessions`,
            { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) },
            sessionResponseSchema,
          ),
        { ...retry, maxAttempts: Math.min(retry.maxAttempts, 3) },
        // A lookup is retried on network or server trouble only: a 429 here means "stop guessing"
        // and goes straight to the customer, with its Retry-After.
        { shouldRetry: (error) => isRetryable(error) && !(error instanceof RateLimitedError) },
      );
      return session(data);
    },
    restoreSession(data) {
      const parsed = z.safeParse(sessionResponseSchema, data);
      if (!parsed.success || parsed.data.shop_slug !== options.shopSlug) return undefined;
      if (Date.parse(parsed.data.expires_at) - Date.now() < SESSION_EXPIRY_MARGIN_MS) return undefined;
      return session(parsed.data);
    },
    resumePending,
    pending,
    async discardPending(id) {
      if (id.startsWith(`${options.shopSlug}:`)) await outbox.delete(id);
    },
    on: events.on,
    off: events.off,
    saveDraft: (name, value) => saveDraft(options.shopSlug, name, value, draftOptions),
    loadDraft: <T>(name: string) => loadDraft<T>(options.shopSlug, name, draftOptions),
    clearDraft: (name) => clearDraft(options.shopSlug, name, draftOptions),
    close() {
      closed = true;
      clearTimeout(resumeTimer);
      if (listen) {
        window.removeEventListener('online', onOnline);
        document.removeEventListener('visibilitychange', onVisible);
      }
    },
  };
}
