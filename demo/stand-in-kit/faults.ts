/**
 * The request log contract tests read, and the faults a test arms on a stand-in (fail, delay,
 * drop the connection after a create), consumed by matching requests in order.
 */

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Parsed JSON, a multipart summary, or null. */
  body: unknown;
  /** The status answered (0 when the connection was dropped). */
  status: number;
}

export interface RequestMatch {
  method?: string;
  /** Exact path, or a pattern. Default: every API request. */
  path?: string | RegExp;
}

export interface FailSpec extends RequestMatch {
  status: number;
  /** How many matching requests fail (default 1). */
  count?: number;
  /** Seconds, sent as Retry-After (429 defaults to 1). */
  retryAfter?: number;
  /** The JSON body (defaults to the helpdesk's error shape). */
  body?: unknown;
  /**
   * Process the request first (create the ticket), then answer with the failure: the helpdesk
   * "failing halfway". Default: fail before doing anything.
   */
  afterProcessing?: boolean;
}

export interface DelaySpec extends RequestMatch {
  count?: number;
  /** Default true: the work is done, only the answer is late (a client timeout leaves the outcome unknown). */
  afterProcessing?: boolean;
}

interface Armed<T> {
  spec: T;
  remaining: number;
}

function matches(match: RequestMatch, method: string, path: string): boolean {
  if (match.method && match.method.toUpperCase() !== method) return false;
  if (match.path === undefined) return true;
  return typeof match.path === 'string' ? match.path === path : match.path.test(path);
}

/** Faults armed by a test, consumed by matching requests in order. */
export class Faults {
  private failures: Armed<FailSpec>[] = [];
  private delays: Armed<DelaySpec & { ms: number }>[] = [];
  private drops = 0;

  failNext(spec: FailSpec): void {
    this.failures.push({ spec, remaining: spec.count ?? 1 });
  }

  delayNext(ms: number, spec: DelaySpec = {}): void {
    this.delays.push({ spec: { ...spec, ms }, remaining: spec.count ?? 1 });
  }

  /** The next `count` creates succeed on the helpdesk's side, then the socket is destroyed unanswered. */
  dropConnectionAfterCreate(count = 1): void {
    this.drops += count;
  }

  reset(): void {
    this.failures = [];
    this.delays = [];
    this.drops = 0;
  }

  takeFailure(method: string, path: string, afterProcessing: boolean): FailSpec | undefined {
    return take(
      this.failures,
      (spec) => Boolean(spec.afterProcessing) === afterProcessing && matches(spec, method, path),
    );
  }

  takeDelay(method: string, path: string, afterProcessing: boolean): number {
    return (
      take(this.delays, (spec) => (spec.afterProcessing ?? true) === afterProcessing && matches(spec, method, path))
        ?.ms ?? 0
    );
  }

  takeDrop(): boolean {
    if (this.drops <= 0) return false;
    this.drops -= 1;
    return true;
  }
}

function take<T>(armed: Armed<T>[], predicate: (spec: T) => boolean): T | undefined {
  const entry = armed.find((candidate) => candidate.remaining > 0 && predicate(candidate.spec));
  if (!entry) return undefined;
  entry.remaining -= 1;
  if (entry.remaining === 0) armed.splice(armed.indexOf(entry), 1);
  return entry.spec;
}
