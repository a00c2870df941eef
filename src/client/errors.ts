import type { ApiErrorBody } from '../core/api-error.js';

/**
 * What can go wrong, in terms a UI can act on. Every error the client throws or reports is a
 * ResolveError; `kind` tells which (a discriminated union, {@link ClientError}), so a flow can
 * `switch (error.kind)` and TypeScript narrows to the right class (`retryAfterMs`, `fields`, ...).
 *
 * `message` is the API's localized message when the API answered (it follows Accept-Language);
 * for errors made here it is English for developers: UIs show their own text per `kind`.
 */
export type ResolveErrorKind =
  'validation' | 'not_found' | 'rate_limited' | 'network' | 'server' | 'session_expired' | 'conflict' | 'aborted';

export interface FieldError {
  /** Dotted path into the draft or request, e.g. `selected_items.0.quantity`. */
  path: string;
  /** Localized: from the API (Accept-Language) or from zod's locale for the client language. */
  message: string;
  /** A stable code (`too_small`, `item_not_in_order`, ...). */
  code: string;
}

export class ResolveError extends Error {
  /**
   * Set on errors from `submitClaim`/`resubmit` when the submission was kept in the outbox (network,
   * server, rate limit, expired session): the id to find it in `client.pending()`. The claim is not
   * lost; the UI can say "we'll send it as soon as you're back online".
   */
  pendingId?: string;

  constructor(
    readonly kind: ResolveErrorKind,
    message: string,
    /** The API's stable error key (`order_not_found`), when the API answered. */
    readonly key?: string,
    /** HTTP status, when the API answered. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ResolveError';
  }
}

/** The draft or request is invalid: never retried; `fields` say where. */
export class ValidationError extends ResolveError {
  declare readonly kind: 'validation';
  constructor(
    message: string,
    readonly fields: FieldError[],
    key = 'validation_failed',
    status?: number,
  ) {
    super('validation', message, key, status);
    this.name = 'ValidationError';
  }
}

/** `order_not_found` (no such order number), `zip_code_mismatch` (the ZIP does not match the order), or another 404. */
export class NotFoundError extends ResolveError {
  declare readonly kind: 'not_found';
  constructor(message: string, key?: string, status = 404) {
    super('not_found', message, key, status);
    this.name = 'NotFoundError';
  }
}

/** 429: wait `retryAfterMs` (from Retry-After) before trying again. */
export class RateLimitedError extends ResolveError {
  declare readonly kind: 'rate_limited';
  constructor(
    message: string,
    readonly retryAfterMs: number,
    key?: string,
  ) {
    super('rate_limited', message, key, 429);
    this.name = 'RateLimitedError';
  }
}

/** No answer: offline, DNS, connection reset, or a request that stalled past its timeout. */
export class NetworkError extends ResolveError {
  declare readonly kind: 'network';
  constructor(
    message = 'network error',
    readonly offline = false,
  ) {
    super('network', message);
    this.name = 'NetworkError';
  }
}

/** 5xx, or a success answer the client cannot read. A 503 may say when to come back (`retryAfterMs`). */
export class ServerError extends ResolveError {
  declare readonly kind: 'server';
  constructor(
    message: string,
    key?: string,
    status?: number,
    readonly retryAfterMs?: number,
  ) {
    super('server', message, key, status);
    this.name = 'ServerError';
  }
}

/** 401/403: the session (or resolve link) is no longer valid. Look the order up again. */
export class SessionExpiredError extends ResolveError {
  declare readonly kind: 'session_expired';
  constructor(message: string, key?: string, status = 401) {
    super('session_expired', message, key, status);
    this.name = 'SessionExpiredError';
  }
}

/** 409, e.g. `idempotency_conflict`: this key was already used for a different claim. */
export class ConflictError extends ResolveError {
  declare readonly kind: 'conflict';
  constructor(message: string, key?: string, status = 409) {
    super('conflict', message, key, status);
    this.name = 'ConflictError';
  }
}

/** The caller's AbortSignal fired. */
export class AbortedError extends ResolveError {
  declare readonly kind: 'aborted';
  constructor(message = 'aborted') {
    super('aborted', message);
    this.name = 'AbortedError';
  }
}

/** Every error the client produces, discriminated by `kind`. */
export type ClientError =
  | ValidationError
  | NotFoundError
  | RateLimitedError
  | NetworkError
  | ServerError
  | SessionExpiredError
  | ConflictError
  | AbortedError;

/** The error for an API answer that is not a success. */
export function errorFromResponse(
  status: number,
  body: ApiErrorBody | undefined,
  retryAfterMs: number | undefined,
): ClientError {
  const message = body?.message ?? `HTTP ${status}`;
  const key = body?.key;
  if (status === 429) return new RateLimitedError(message, retryAfterMs ?? 0, key);
  if (status === 401 || status === 403) return new SessionExpiredError(message, key, status);
  if (status === 404) return new NotFoundError(message, key, status);
  if (status === 409) return new ConflictError(message, key, status);
  // 408 (request timeout) is the network's fault, not the request's: worth another attempt.
  if (status >= 500 || status === 408) return new ServerError(message, key, status, retryAfterMs);
  const fields = (body?.errors ?? []).map((detail) => ({
    // The API prefixes where the problem is (`body`, `query`, `header`); the UI wants the field.
    path: detail.loc.filter((part, index) => !(index === 0 && (part === 'body' || part === 'query'))).join('.'),
    message: detail.msg,
    code: detail.type,
  }));
  return new ValidationError(message, fields, key, status);
}

/** How long the server asked us to wait (429, or a 503 with Retry-After), if it said. */
export function retryAfterOf(error: unknown): number | undefined {
  return error instanceof RateLimitedError || error instanceof ServerError ? error.retryAfterMs : undefined;
}

/** Whether another attempt may succeed: the network, the server, or a rate limit. Never other 4xx. */
export function isRetryable(error: unknown): boolean {
  return (
    error instanceof ResolveError &&
    (error.kind === 'network' || error.kind === 'server' || error.kind === 'rate_limited')
  );
}
