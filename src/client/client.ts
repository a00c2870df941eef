import * as z from 'zod/mini';
import { claimDraftSchema, claimSchema, type Claim, type ClaimDraft } from '../core/claims.js';
import { sessionResponseSchema, type SessionResponse, type UploadResponse } from '../core/session.js';
import { isRetryable, RateLimitedError, ResolveError, ValidationError } from './errors.js';
import { requestJson, type HttpOptions } from './http.js';
import { DEFAULT_IMAGE_OPTIONS, prepareImage, type ImageOptions } from './images.js';
import { defaultStore, type KeyValueStore, type PendingSubmission } from './outbox.js';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from './retry.js';
import { createLimiter, uploadOnce, type UploadProgress } from './upload.js';

export interface ResolveClientOptions {
  shopSlug: string;
  apiOrigin: string;
  /** Sent as Accept-Language: the API's messages come back in it. */
  language: string;
  fetch?: typeof fetch;
  /** Where pending submissions live (IndexedDB by default). */
  outbox?: KeyValueStore;
  /** Where half-filled drafts live (IndexedDB by default). */
  drafts?: KeyValueStore;
  retry?: RetryPolicy;
  images?: ImageOptions;
  /** Resend pending submissions when the browser comes back online (default true). */
  resendWhenOnline?: boolean;
}

export type LookupRequest = { orderNumber: string; zipCode: string } | { token: string };

export interface UploadOptions {
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
  /** Skip the in-browser downscaling (for benchmarks and for documents). */
  original?: boolean;
}

export interface ResolveSession {
  readonly token: string;
  readonly data: SessionResponse;
  upload(file: File, options?: UploadOptions): Promise<UploadResponse>;
  /** Validates, stores in the outbox, sends (retrying), and resolves once the server acknowledged. */
  submitClaim(draft: ClaimDraft): Promise<Claim>;
}

export type ClientEvent = 'submitted' | 'pending';
type Listener = (claim: Claim | PendingSubmission) => void;

export interface ResolveClient {
  lookup(request: LookupRequest): Promise<ResolveSession>;
  /** Sends every submission still in the outbox for this shop; resolves with the acknowledged claims. */
  resumePending(): Promise<Claim[]>;
  pending(): Promise<PendingSubmission[]>;
  on(event: 'submitted', listener: (claim: Claim) => void): void;
  on(event: 'pending', listener: (submission: PendingSubmission) => void): void;
  off(event: ClientEvent, listener: Listener | ((claim: Claim) => void) | ((s: PendingSubmission) => void)): void;
  saveDraft(name: string, value: unknown): Promise<void>;
  loadDraft<T>(name: string): Promise<T | undefined>;
  clearDraft(name: string): Promise<void>;
  /** Stops listening for `online`. */
  close(): void;
}

const MAX_PARALLEL_UPLOADS = 3;

export function createResolveClient(options: ResolveClientOptions): ResolveClient {
  const apiOrigin = new URL(options.apiOrigin).origin;
  const base = `${apiOrigin}/v1/shops/${encodeURIComponent(options.shopSlug)}/resolve`;
  const http: HttpOptions = { fetch: options.fetch ?? globalThis.fetch.bind(globalThis), language: options.language };
  const outbox = options.outbox ?? defaultStore('outbox');
  const drafts = options.drafts ?? defaultStore('drafts');
  const retry = options.retry ?? DEFAULT_RETRY;
  const limit = createLimiter(MAX_PARALLEL_UPLOADS);
  const listeners = new Map<ClientEvent, Set<Listener>>();
  const inFlight = new Map<string, Promise<Claim>>();
  const emit = (event: ClientEvent, value: Claim | PendingSubmission) => {
    for (const listener of listeners.get(event) ?? []) {
      try {
        listener(value);
      } catch {
        // A listener's bug must not undo a submission.
      }
    }
  };
  const outboxKey = (idempotencyKey: string) => `${options.shopSlug}:${idempotencyKey}`;

  /** One submission, retried; removed from the outbox only on acknowledgement or a final refusal. */
  function send(submission: PendingSubmission): Promise<Claim> {
    const running = inFlight.get(submission.id);
    if (running) return running;
    const attempt = (async () => {
      try {
        const claim = await withRetry(async () => {
          submission.attempts += 1;
          await outbox.set(submission.id, submission).catch(() => undefined);
          const { data } = await requestJson(http, `${base}/claims`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${submission.sessionToken}`, 'Idempotency-Key': submission.idempotencyKey },
            body: JSON.stringify(submission.draft),
          }, claimSchema);
          return data;
        }, retry);
        await outbox.delete(submission.id);
        emit('submitted', claim);
        return claim;
      } catch (error) {
        // Refused for good (invalid, conflicting): keeping it would resend it forever. An expired
        // session or an unreachable server keeps it, to be sent again later.
        const keep = error instanceof ResolveError && ['network', 'server', 'rate_limited', 'session_expired', 'aborted'].includes(error.kind);
        if (keep) {
          submission.lastError = error instanceof Error ? error.message : String(error);
          await outbox.set(submission.id, submission).catch(() => undefined);
          emit('pending', submission);
        } else {
          await outbox.delete(submission.id);
        }
        throw error;
      } finally {
        inFlight.delete(submission.id);
      }
    })();
    inFlight.set(submission.id, attempt);
    return attempt;
  }

  function makeSession(data: SessionResponse): ResolveSession {
    const token = data.session_token;
    return {
      token,
      data,
      upload(file, uploadOptions = {}) {
        return limit(async () => {
          const prepared = uploadOptions.original ? file : await prepareImage(file, options.images ?? DEFAULT_IMAGE_OPTIONS);
          return withRetry(
            () => uploadOnce({ url: `${base}/uploads`, token, language: options.language, file: prepared, ...uploadOptions }),
            retry,
            uploadOptions.signal ? { signal: uploadOptions.signal } : {},
          );
        });
      },
      async submitClaim(draft) {
        const parsed = z.safeParse(claimDraftSchema, draft);
        if (!parsed.success) {
          throw new ValidationError(
            'The claim is incomplete or invalid.',
            parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message, code: issue.code })),
          );
        }
        const idempotencyKey = globalThis.crypto.randomUUID();
        const submission: PendingSubmission = {
          id: outboxKey(idempotencyKey),
          shopSlug: options.shopSlug,
          apiOrigin,
          idempotencyKey,
          sessionToken: token,
          draft: parsed.data,
          createdAt: Date.now(),
          attempts: 0,
        };
        // Durable before the first byte goes out: a tab closed mid-request still has it.
        await outbox.set(submission.id, submission);
        return send(submission);
      },
    };
  }

  async function pending(): Promise<PendingSubmission[]> {
    const all = await outbox.entries<PendingSubmission>();
    return all.map(([, value]) => value).filter((s) => s.shopSlug === options.shopSlug && s.apiOrigin === apiOrigin).sort((a, b) => a.createdAt - b.createdAt);
  }

  async function resumePending(): Promise<Claim[]> {
    const claims: Claim[] = [];
    for (const submission of await pending()) {
      try {
        claims.push(await send(submission));
      } catch {
        // Still pending (or refused for good and dropped): reported through the events.
      }
    }
    return claims;
  }

  const onOnline = () => void resumePending();
  if (options.resendWhenOnline !== false && typeof window !== 'undefined') window.addEventListener('online', onOnline);

  return {
    async lookup(request) {
      const body = 'token' in request ? { token: request.token } : { order_number: request.orderNumber, zip_code: request.zipCode };
      const { data } = await withRetry(
        () => requestJson(http, `${base}/sessions`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }, sessionResponseSchema),
        { ...retry, maxAttempts: Math.min(retry.maxAttempts, 3) },
        // A lookup is retried on network or server trouble only: a 429 here means "stop guessing"
        // and goes straight to the customer, with its Retry-After.
        { shouldRetry: (error) => isRetryable(error) && !(error instanceof RateLimitedError) },
      );
      return makeSession(data);
    },
    resumePending,
    pending,
    on(event: ClientEvent, listener: Listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
    },
    off(event: ClientEvent, listener: Listener) {
      listeners.get(event)?.delete(listener);
    },
    saveDraft: (name, value) => drafts.set(`${options.shopSlug}:${name}`, value),
    loadDraft: (name) => drafts.get(`${options.shopSlug}:${name}`),
    clearDraft: (name) => drafts.delete(`${options.shopSlug}:${name}`),
    close() {
      if (typeof window !== 'undefined') window.removeEventListener('online', onOnline);
    },
  } as ResolveClient;
}
