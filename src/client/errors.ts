import type { ApiErrorBody } from '../core/api-error.js';

/**
 * What can go wrong, in terms a UI can act on. Every error the client throws is a ResolveError;
 * `kind` tells which, so a flow can switch on it without instanceof chains.
 */
export type ResolveErrorKind =
  | 'validation'
  | 'not_found'
  | 'rate_limited'
  | 'network'
  | 'server'
  | 'session_expired'
  | 'conflict'
  | 'aborted';

export interface FieldError {
  /** Dotted path into the draft or request, e.g. `selected_items.0.quantity`. */
  path: string;
  message: string;
  /** A stable code (`too_small`, `item_not_in_order`, ...). */
  code: string;
}

export class ResolveError extends Error {
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

export class ValidationError extends ResolveError {
  constructor(message: string, readonly fields: FieldError[], key = 'validation_failed', status?: number) {
    super('validation', message, key, status);
    this.name = 'ValidationError';
  }
}

export class RateLimitedError extends ResolveError {
  constructor(message: string, readonly retryAfterMs: number, key?: string) {
    super('rate_limited', message, key, 429);
    this.name = 'RateLimitedError';
  }
}

/** The error for an API answer that is not a success. */
export function errorFromResponse(status: number, body: ApiErrorBody | undefined, retryAfterMs: number | undefined): ResolveError {
  const message = body?.message ?? `HTTP ${status}`;
  const key = body?.key;
  if (status === 429) return new RateLimitedError(message, retryAfterMs ?? 0, key);
  if (status === 401 || status === 403) return new ResolveError('session_expired', message, key, status);
  if (status === 404) return new ResolveError('not_found', message, key, status);
  if (status === 409) return new ResolveError('conflict', message, key, status);
  if (status >= 500) return new ResolveError('server', message, key, status);
  const fields = (body?.errors ?? []).map((detail) => ({
    // The API prefixes where the problem is (`body`, `query`, `header`); the UI wants the field.
    path: detail.loc.filter((part, index) => !(index === 0 && (part === 'body' || part === 'query'))).join('.'),
    message: detail.msg,
    code: detail.type,
  }));
  return new ValidationError(message, fields, key, status);
}

/** Whether another attempt may succeed: the network, the server, or a rate limit. Never other 4xx. */
export function isRetryable(error: unknown): boolean {
  return error instanceof ResolveError && (error.kind === 'network' || error.kind === 'server' || error.kind === 'rate_limited');
}
