import { claimDraftSchema, type Claim, type ClaimDraft } from '../core/claims.js';
import { DEFAULT_UPLOAD_LIMIT_BYTES, type SessionResponse, type UploadResponse } from '../core/session.js';
import { AbortedError, ConflictError, NotFoundError, ValidationError } from './errors.js';
import { prepareImage, type ImageOptions } from './images.js';
import { draftFingerprint, type KeyValueStore, type PendingSubmission } from './outbox.js';
import { withRetry, type RetryPolicy } from './retry.js';
import type { Sender } from './sender.js';
import { uploadOnce, type UploadProgress } from './upload.js';
import { validate } from './validation.js';

export interface UploadOptions {
  /** 0–100 per file; 100 only once the server stored it. Starts again at 0 if a retry resends it. */
  onProgress?: (progress: UploadProgress) => void;
  /** Cancels the upload (queued, being prepared, or on the wire): rejects with an `aborted` error. */
  signal?: AbortSignal;
  /** Skip the in-browser downscaling (benchmarks; documents the caller knows are fine as they are). */
  original?: boolean;
}

/** An order looked up: upload evidence for it and submit claims about it. */
export interface ResolveSession {
  /** The bearer token (sent as `Authorization: Bearer …`); treat as a secret, never log it. */
  readonly token: string;
  /** The session as the API returned it: the order, the flows it offers, the shop's evidence rules. */
  readonly data: SessionResponse;
  /**
   * Uploads one file (photos downscaled and stripped of metadata first; see images.ts). At most
   * three uploads of a client run at once; the rest queue. Retried on network/5xx/429.
   */
  upload(file: File, options?: UploadOptions): Promise<UploadResponse>;
  /**
   * Validates the draft (a `validation` error with field paths, nothing sent, when invalid), keeps it
   * in the outbox under a new Idempotency-Key (or the key of an identical draft still pending, so a
   * double tap makes one claim), sends it with retries, and resolves once the server acknowledged it.
   * On a network/server/rate-limit failure the error carries `pendingId`: it stays queued.
   */
  submitClaim(draft: ClaimDraft): Promise<Claim>;
  /**
   * Sends a submission the outbox kept after its session expired, with this session's token and
   * the same Idempotency-Key; optionally with a corrected draft (new upload ids: uploads belong to
   * the session they were made in). The pending submission must be for this session's order.
   */
  resubmit(pendingId: string, draft?: ClaimDraft): Promise<Claim>;
}

export interface SessionContext {
  shopSlug: string;
  apiOrigin: string;
  uploadsUrl: string;
  language: string;
  retry: RetryPolicy;
  images: ImageOptions;
  outbox: KeyValueStore;
  sender: Sender;
  /** The client-wide upload queue (three at a time). */
  limit: <T>(task: () => Promise<T>) => Promise<T>;
  pending: () => Promise<PendingSubmission[]>;
  /** One at a time: looking for an identical pending draft and storing a new one must not interleave. */
  admit: <T>(task: () => Promise<T>) => Promise<T>;
  stallTimeoutMs?: number;
}

export function createSession(context: SessionContext, data: SessionResponse): ResolveSession {
  const token = data.session_token;
  const orderNumber = data.order.order_number;
  const validateDraft = (draft: unknown) =>
    validate(claimDraftSchema, draft, context.language, 'The claim is incomplete or invalid.');

  return {
    token,
    data,

    upload(file, options = {}) {
      const { signal, onProgress, original } = options;
      const ensureNotAborted = () => {
        if (signal?.aborted) throw new AbortedError('upload cancelled');
      };
      if (signal?.aborted) return Promise.reject(new AbortedError('upload cancelled'));
      return context.limit(async () => {
        ensureNotAborted(); // cancelled while queued: never touch the file
        const prepared = original ? file : await prepareImage(file, context.images);
        ensureNotAborted();
        // What the browser could not shrink below the limit would only be refused after the whole
        // upload (and a refusal cut short reads as a network error): say so now.
        const limit = data.upload_limit_bytes ?? DEFAULT_UPLOAD_LIMIT_BYTES;
        if (prepared.size > limit) {
          throw new ValidationError(
            `the file is larger than ${limit} bytes`,
            [{ path: 'file', message: `at most ${limit} bytes`, code: 'too_large' }],
            'upload_too_large',
            413,
          );
        }
        return withRetry(
          () =>
            uploadOnce({
              url: context.uploadsUrl,
              token,
              language: context.language,
              file: prepared,
              ...(onProgress ? { onProgress } : {}),
              ...(signal ? { signal } : {}),
              ...(context.stallTimeoutMs ? { stallTimeoutMs: context.stallTimeoutMs } : {}),
            }),
          context.retry,
          signal ? { signal } : {},
        );
      });
    },

    async submitClaim(input) {
      const draft = await validateDraft(input);
      const fingerprint = draftFingerprint(orderNumber, draft);
      const submission = await context.admit(async () => {
        const twin = (await context.pending()).find(
          (entry) => draftFingerprint(entry.orderNumber, entry.draft) === fingerprint,
        );
        const chosen: PendingSubmission = twin
          ? { ...twin, sessionToken: token, state: 'pending' }
          : newSubmission(context, draft, orderNumber, token);
        // Durable before the first byte goes out: a tab closed mid-request still has it.
        await context.outbox.set(chosen.id, chosen);
        return chosen;
      });
      return (
        (await context.sender.send(submission, 'foreground')) ?? Promise.reject(new AbortedError('sent by another tab'))
      );
    },

    async resubmit(pendingId, corrected) {
      const stored = await context.outbox.get<PendingSubmission>(pendingId);
      if (!stored || stored.shopSlug !== context.shopSlug)
        throw new NotFoundError('no such pending submission', 'pending_not_found', 0);
      if (stored.orderNumber !== orderNumber) {
        throw new ConflictError('the pending submission is for another order', 'order_mismatch', 0);
      }
      const draft = corrected ? await validateDraft(corrected) : stored.draft;
      const submission: PendingSubmission = { ...stored, draft, sessionToken: token, state: 'pending' };
      delete submission.notBefore;
      await context.outbox.set(submission.id, submission);
      return (
        (await context.sender.send(submission, 'foreground')) ?? Promise.reject(new AbortedError('sent by another tab'))
      );
    },
  };
}

function newSubmission(
  context: SessionContext,
  draft: ClaimDraft,
  orderNumber: string,
  token: string,
): PendingSubmission {
  const idempotencyKey = globalThis.crypto.randomUUID();
  return {
    id: `${context.shopSlug}:${idempotencyKey}`,
    shopSlug: context.shopSlug,
    apiOrigin: context.apiOrigin,
    idempotencyKey,
    sessionToken: token,
    orderNumber,
    draft,
    state: 'pending',
    createdAt: Date.now(),
    attempts: 0,
  };
}
