import { claimSchema, type Claim } from '../core/claims.js';
import { AbortedError, ResolveError, retryAfterOf, ServerError, type ClientError } from './errors.js';
import type { Emitter } from './events.js';
import { requestJson, type HttpOptions } from './http.js';
import type { KeyValueStore, PendingSubmission } from './outbox.js';
import { withRetry, type RetryPolicy } from './retry.js';

/**
 * Sends outbox entries: `POST .../resolve/claims` with the entry's Idempotency-Key, retried with
 * backoff, and the outbox kept in step with what happened:
 *
 * - acknowledged → deleted, `submitted` emitted (the only way "submitted" is ever reported);
 * - network / 5xx / 429 after the last attempt → kept as `pending` (with `notBefore` when a
 *   Retry-After asked for more than a foreground wait), `pending` emitted, resent later;
 * - 401/403 → kept as `needs_session`, `session_expired` emitted: no automatic resend can work;
 * - any other refusal (422, 409, 404) → deleted, `rejected` emitted with the draft.
 *
 * One tab sends an entry at a time: within the tab through `inFlight`, across tabs through a Web
 * Lock named after the entry (where the browser has them); the server's idempotency covers the rest.
 */
export interface SenderOptions {
  claimsUrl: string;
  http: HttpOptions;
  outbox: KeyValueStore;
  retry: RetryPolicy;
  events: Emitter;
  /** Asks the client to resume pending submissions in `delayMs` (a Retry-After too long to wait now). */
  scheduleResume: (delayMs: number) => void;
}

export type SendMode =
  /** A caller is waiting (submitClaim, resubmit): wait for another tab's lock, send even if resent elsewhere. */
  | 'foreground'
  /** resumePending: skip entries another tab is sending, gone, waiting for a session or a Retry-After. */
  | 'background';

export interface Sender {
  send(submission: PendingSubmission, mode: SendMode): Promise<Claim | undefined>;
}

const KEEP: ReadonlySet<string> = new Set(['network', 'server', 'rate_limited', 'aborted']);

export function createSender(options: SenderOptions): Sender {
  const inFlight = new Map<string, Promise<Claim | undefined>>();

  async function attemptAll(submission: PendingSubmission): Promise<Claim> {
    return withRetry(async () => {
      submission.attempts += 1;
      // Counted before the request: an attempt whose answer the tab never saw still counts.
      await options.outbox.set(submission.id, submission).catch(() => undefined);
      const { data } = await requestJson(
        options.http,
        options.claimsUrl,
        {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            Authorization: `Bearer ${submission.sessionToken}`,
            'Idempotency-Key': submission.idempotencyKey,
          },
          body: JSON.stringify(submission.draft),
        },
        claimSchema,
      );
      return data;
    }, options.retry);
  }

  async function settle(submission: PendingSubmission, mode: SendMode): Promise<Claim | undefined> {
    if (mode === 'background') {
      // Re-read under the lock: another tab (or this one, a moment ago) may have sent it already.
      const current = await options.outbox.get<PendingSubmission>(submission.id);
      if (!current || current.state === 'needs_session' || (current.notBefore ?? 0) > Date.now()) return undefined;
      submission = current;
    }
    try {
      const claim = await attemptAll(submission);
      await options.outbox.delete(submission.id).catch(() => undefined);
      options.events.emit('submitted', claim, submission);
      return claim;
    } catch (caught) {
      const error = asClientError(caught);
      submission.lastError = `${error.kind}: ${error.message}`;
      if (KEEP.has(error.kind)) {
        const wait = retryAfterOf(error) ?? 0;
        submission.state = 'pending';
        if (wait > 0) submission.notBefore = Date.now() + wait;
        else delete submission.notBefore;
        await options.outbox.set(submission.id, submission).catch(() => undefined);
        error.pendingId = submission.id;
        if (wait > 0) options.scheduleResume(wait);
        options.events.emit('pending', submission, error);
      } else if (error.kind === 'session_expired') {
        submission.state = 'needs_session';
        await options.outbox.set(submission.id, submission).catch(() => undefined);
        error.pendingId = submission.id;
        options.events.emit('session_expired', submission, error);
      } else {
        // Refused for good (invalid, conflicting): keeping it would resend it forever.
        await options.outbox.delete(submission.id).catch(() => undefined);
        options.events.emit('rejected', submission, error);
      }
      throw error;
    }
  }

  return {
    send(submission, mode) {
      const running = inFlight.get(submission.id);
      if (running) return running;
      const sending = withLock(`karla-resolve-outbox:${submission.id}`, mode === 'background', () =>
        settle(submission, mode),
      ).finally(() => inFlight.delete(submission.id));
      inFlight.set(submission.id, sending);
      return sending;
    },
  };
}

/**
 * Runs `task` holding a Web Lock (tabs of one origin share them); without Web Locks, just runs it.
 * A browser that refuses locks (a third-party iframe with storage blocked: the embed's overlay)
 * throws before granting one; there the outbox lives in memory of this one page, so there is no
 * other tab to coordinate with and the task runs unlocked.
 */
export async function withLock<T>(
  name: string,
  skipIfHeld: boolean,
  task: () => Promise<T>,
  locks = typeof navigator !== 'undefined' ? navigator.locks : undefined,
): Promise<T | undefined> {
  if (!locks?.request) return task();
  let started = false;
  try {
    return await locks.request(name, { ifAvailable: skipIfHeld }, (lock) => {
      started = true;
      return lock ? task() : undefined;
    });
  } catch (error) {
    if (started) throw error;
    return task();
  }
}

function asClientError(error: unknown): ClientError {
  if (error instanceof ResolveError) return error as ClientError;
  if (error instanceof DOMException && error.name === 'AbortError') return new AbortedError();
  // A bug or a storage failure: keep the submission (as a server-side problem would).
  return new ServerError(error instanceof Error ? error.message : String(error));
}
