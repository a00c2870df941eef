/** The claim-submission module: look an order up, upload evidence, submit claims that are never lost. */
export { createResolveClient } from './client.js';
export type { ClientEvent, LookupRequest, ResolveClient, ResolveClientOptions, ResolveSession, UploadOptions } from './client.js';
export { ResolveError, ValidationError, RateLimitedError, isRetryable } from './errors.js';
export type { FieldError, ResolveErrorKind } from './errors.js';
export { prepareImage, DEFAULT_IMAGE_OPTIONS } from './images.js';
export type { ImageOptions } from './images.js';
export { indexedDbStore, memoryStore } from './outbox.js';
export type { KeyValueStore, PendingSubmission } from './outbox.js';
export { backoffDelay, parseRetryAfter, DEFAULT_RETRY } from './retry.js';
export type { RetryPolicy } from './retry.js';
export type { UploadProgress } from './upload.js';
export type { Claim, ClaimDraft } from '../core/claims.js';
export type { SessionResponse, UploadResponse } from '../core/session.js';
