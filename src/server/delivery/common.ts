import type { IntegrationErrorKey } from '../../core/integrations.js';
import type { DeliveryError } from './errors.js';
import type { HttpOptions } from './http.js';
import { PacerRegistry, systemClock, type Clock } from './pacing.js';

/** Options every connector call takes (all optional; production passes the worker's registry). */
export interface ConnectorOptions extends HttpOptions {
  /** The process-wide pacer registry; one per clock is created when omitted. */
  pacers?: PacerRegistry;
}

const registries = new WeakMap<Clock, PacerRegistry>();

/** Requests to one account share one pacer, even if a caller forgets to pass the registry. */
export function pacersFor(options: ConnectorOptions): PacerRegistry {
  if (options.pacers) return options.pacers;
  const clock = options.clock ?? systemClock;
  let registry = registries.get(clock);
  if (!registry) {
    registry = new PacerRegistry(clock);
    registries.set(clock, registry);
  }
  return registry;
}

export interface FieldError {
  field: string;
  key: IntegrationErrorKey;
}

export type Normalized<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** The outcome of checking settings against the helpdesk before they are stored or enabled. */
export type Verification<T> =
  | { ok: true; value: T }
  | { ok: false; key: IntegrationErrorKey; retryable: boolean; message: string; status: number | null };

export function verificationFailure(error: DeliveryError): Verification<never> {
  return { ok: false, key: error.key, retryable: error.retryable, message: error.message, status: error.status };
}

/** Like `a@b.c`: enough to catch pasted spaces and missing parts; the helpdesk decides the rest. */
export const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function nowIso(options: HttpOptions): string {
  return new Date((options.clock ?? systemClock).now()).toISOString();
}
