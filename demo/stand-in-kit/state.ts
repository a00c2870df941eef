import { Faults, type LoggedRequest } from './faults.js';

/**
 * What every helpdesk stand-in's state holds besides its own data: its origin once listening, the
 * clock (tests pass a virtual one), the request log, and the armed faults (`failNext`,
 * `delayNext`, `dropConnectionAfterCreate`).
 */
export class StandInState extends Faults {
  origin = '';
  requests: LoggedRequest[] = [];

  constructor(readonly now: () => number = Date.now) {
    super();
  }

  timestamp(): string {
    return new Date(this.now()).toISOString();
  }

  /** Requests matching method and path, for contract assertions. */
  requestsTo(method: string, path: string): LoggedRequest[] {
    return this.requests.filter((request) => request.method === method && request.path === path);
  }

  override reset(): void {
    super.reset();
    this.requests = [];
  }
}
