/**
 * The claim-submission module: look an order up, upload evidence, submit claims that are never
 * lost. Browser only (fetch, XMLHttpRequest, IndexedDB, canvas); every API answer is parsed with the
 * shared zod schemas in src/core.
 */
export { createResolveClient } from './client.js';
export type { LookupRequest, ResolveClient, ResolveClientOptions } from './client.js';
export type { ResolveSession, UploadOptions } from './session.js';
export type { ClientEvent, ClientEvents } from './events.js';
export {
  AbortedError,
  ConflictError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  ResolveError,
  ServerError,
  SessionExpiredError,
  ValidationError,
  isRetryable,
  retryAfterOf,
} from './errors.js';
export type { ClientError, FieldError, ResolveErrorKind } from './errors.js';
export { prepareImage, hasMetadata, effectiveType, DEFAULT_IMAGE_OPTIONS } from './images.js';
export type { ImageOptions } from './images.js';
export { draftFingerprint, indexedDbStore, memoryStore, withMemoryFallback } from './outbox.js';
export type { KeyValueStore, PendingSubmission } from './outbox.js';
export { saveDraft, loadDraft, clearDraft, DEFAULT_DRAFT_MAX_AGE_MS } from './drafts.js';
export type { DraftOptions } from './drafts.js';
export { backoffDelay, parseRetryAfter, DEFAULT_RETRY } from './retry.js';
export type { RetryPolicy } from './retry.js';
export type { UploadProgress } from './upload.js';
export type { Claim, ClaimDraft } from '../core/claims.js';
export type { SessionResponse, UploadResponse } from '../core/session.js';
