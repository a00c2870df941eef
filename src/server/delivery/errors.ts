import { ADDRESS_NOT_ALLOWED } from '../net/address-policy.js';
import type { IntegrationErrorKey } from '../../core/integrations.js';

/**
 * Why a delivery attempt failed, in terms the worker can act on: retry later (and when), or stop
 * and show the merchant a reason. Messages name the request and the helpdesk's own error text,
 * never credentials, tokens or request bodies.
 */
export type FailureKind =
  | 'network'
  | 'dns'
  | 'timeout'
  | 'aborted'
  | 'rate_limited'
  | 'server'
  | 'auth'
  | 'permission'
  | 'not_found'
  | 'validation'
  | 'conflict'
  | 'too_large'
  | 'attachment'
  | 'config'
  | 'unexpected';

export interface DeliveryFailure {
  kind: FailureKind;
  key: IntegrationErrorKey;
  retryable: boolean;
  /** The remote HTTP status, when the failure was an answer. */
  status: number | null;
  /** How long the remote asked us to wait (Retry-After), in ms. */
  retryAfterMs: number | null;
  /** For logs and the merchant's delivery list: safe to show, no secrets. */
  message: string;
}

export class DeliveryError extends Error implements DeliveryFailure {
  readonly kind: FailureKind;
  readonly key: IntegrationErrorKey;
  readonly retryable: boolean;
  readonly status: number | null;
  readonly retryAfterMs: number | null;

  constructor(init: {
    kind: FailureKind;
    key: IntegrationErrorKey;
    message: string;
    retryable?: boolean;
    status?: number | null;
    retryAfterMs?: number | null;
    cause?: unknown;
  }) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'DeliveryError';
    this.kind = init.kind;
    this.key = init.key;
    this.retryable = init.retryable ?? RETRYABLE_KINDS.has(init.kind);
    this.status = init.status ?? null;
    this.retryAfterMs = init.retryAfterMs ?? null;
  }

  toFailure(): DeliveryFailure {
    return {
      kind: this.kind,
      key: this.key,
      retryable: this.retryable,
      status: this.status,
      retryAfterMs: this.retryAfterMs,
      message: this.message,
    };
  }
}

/** Transient by nature: the same request can succeed later. Everything else needs a person. */
const RETRYABLE_KINDS: ReadonlySet<FailureKind> = new Set([
  'network',
  'dns',
  'timeout',
  'aborted',
  'rate_limited',
  'server',
  'attachment',
]);

/** HTTP statuses worth retrying: request timeout, too early, too many requests, every 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

/** The kind an HTTP error status stands for, before any helpdesk-specific reading. */
export function kindForStatus(status: number): FailureKind {
  if (status === 401) return 'auth';
  if (status === 403) return 'permission';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 413) return 'too_large';
  if (status === 429) return 'rate_limited';
  if (status === 408) return 'timeout';
  if (status >= 500 || status === 425) return 'server';
  return 'validation';
}

const GENERIC_KEYS: Partial<Record<FailureKind, IntegrationErrorKey>> = {
  network: 'delivery_network_error',
  dns: 'delivery_network_error',
  aborted: 'delivery_network_error',
  timeout: 'delivery_timeout',
  rate_limited: 'delivery_rate_limited',
  server: 'delivery_server_error',
  unexpected: 'delivery_unexpected_response',
};

export function genericKey(kind: FailureKind, fallback: IntegrationErrorKey): IntegrationErrorKey {
  return GENERIC_KEYS[kind] ?? fallback;
}

/** Codes Node's fetch (undici) puts on `error.cause` for connections that never produced an answer. */
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_NODATA']);

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * A fetch that threw instead of answering: timeout (our AbortSignal.timeout), aborted (the
 * worker is shutting down), DNS failure, or any other network error (refused, reset, the socket
 * closed mid-answer). All retryable; for a create request the outcome is unknown.
 */
export function classifyFetchError(error: unknown, label: string): DeliveryError {
  const name = error && typeof error === 'object' ? (error as { name?: unknown }).name : undefined;
  if (name === 'TimeoutError') {
    return new DeliveryError({
      kind: 'timeout',
      key: 'delivery_timeout',
      message: `${label}: no answer in time`,
      cause: error,
    });
  }
  if (name === 'AbortError') {
    return new DeliveryError({
      kind: 'aborted',
      key: 'delivery_network_error',
      message: `${label}: aborted`,
      cause: error,
    });
  }
  const code = errorCode(error);
  if (code === ADDRESS_NOT_ALLOWED) {
    // The host is, or resolves to, a private or special-purpose address: no retry will change that
    // until the merchant (or their DNS) does.
    const reason = error instanceof Error && error.cause instanceof Error ? error.cause.message : 'refused destination';
    return new DeliveryError({
      kind: 'config',
      key: 'delivery_network_error',
      retryable: false,
      message: `${label}: ${reason}`,
      cause: error,
    });
  }
  if (code && DNS_CODES.has(code)) {
    return new DeliveryError({
      kind: 'dns',
      key: 'delivery_network_error',
      message: `${label}: host not found (${code})`,
      cause: error,
    });
  }
  return new DeliveryError({
    kind: 'network',
    key: 'delivery_network_error',
    message: `${label}: network error${code ? ` (${code})` : ''}`,
    cause: error,
  });
}

/** Anything thrown during a delivery, as a failure record the worker can store and act on. */
export function toDeliveryFailure(error: unknown): DeliveryFailure {
  if (error instanceof DeliveryError) return error.toFailure();
  // A bug or an unexpected exception: retry (it may be transient), but say what it was.
  const message = error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error';
  return {
    kind: 'unexpected',
    key: 'delivery_unexpected_response',
    retryable: true,
    status: null,
    retryAfterMs: null,
    message: message.slice(0, 500),
  };
}

/** A remote error text, cut short and flattened to one line for logs and delivery records. */
export function shortText(value: unknown, max = 300): string {
  const text = typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
