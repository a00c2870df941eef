import { createEmitter as createCoreEmitter, type Emitter as CoreEmitter } from '../core/emitter.js';
import type { Claim } from '../core/claims.js';
import type { ClientError } from './errors.js';
import type { PendingSubmission } from './outbox.js';

/**
 * What the client reports about submissions, including the ones it resends in the background after
 * a reload or when the network comes back (where no promise is waiting for the result).
 */
export interface ClientEvents {
  /** The server acknowledged the claim (201, or 200 for a repeat of an acknowledged key). Only then. */
  submitted: (claim: Claim, submission: PendingSubmission) => void;
  /** Not sent yet (network, server, rate limit): kept in the outbox and sent again automatically. */
  pending: (submission: PendingSubmission, error: ClientError) => void;
  /** The session expired: kept in the outbox; look the order up again and call `session.resubmit(submission.id)`. */
  session_expired: (submission: PendingSubmission, error: ClientError) => void;
  /** Refused for good (validation, conflict): removed from the outbox; `submission.draft` lets the UI restore it. */
  rejected: (submission: PendingSubmission, error: ClientError) => void;
}
export type ClientEvent = keyof ClientEvents;

/** The client's emitter: a listener's bug must not undo a submission or stop the other listeners. */
export type Emitter = CoreEmitter<ClientEvents>;

export function createEmitter(): Emitter {
  return createCoreEmitter<ClientEvents>();
}
