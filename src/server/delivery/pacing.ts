import { createHash } from 'node:crypto';

/**
 * Client-side request pacing, per helpdesk account, so the worker stays inside the helpdesk's
 * rate limit instead of discovering it through 429s:
 *
 * - Gorgias: a leaky bucket of 40 requests per 20 s per account (shared with every other
 *   integration of that account, so we also adopt the level Gorgias reports in
 *   `X-Gorgias-Account-Api-Call-Limit: used/limit`).
 * - Dixa: 10 requests per second with bursts of 4, per API token (a token bucket).
 *
 * A 429 pauses the whole account for its Retry-After. Waiting goes through an injectable clock,
 * so tests run on virtual time. Pacing is per process: several API processes sharing one account
 * each keep their own bucket (the Gorgias header brings them back in line).
 */

export interface Clock {
  /** Milliseconds, like Date.now(). */
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

export interface Pacer {
  /** Resolves when one more request may be sent now (and counts it). First come, first served. */
  acquire(signal?: AbortSignal): Promise<void>;
  /** Nobody sends before `ms` from now (a Retry-After). */
  pauseFor(ms: number): void;
  /** What the remote says about the bucket, when it says anything. */
  observe(used: number, limit: number): void;
}

// Float arithmetic on leaked fractions must not turn "exactly full" into "one millisecond over".
const EPSILON = 1e-9;

abstract class QueuedPacer implements Pacer {
  private queue: Promise<void> = Promise.resolve();
  protected pausedUntil = 0;

  constructor(protected readonly clock: Clock) {}

  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.take(signal));
    // One waiter failing (aborted) must not block those behind it.
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  pauseFor(ms: number): void {
    if (ms > 0) this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
  }

  observe(_used: number, _limit: number): void {}

  private async take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.clock.now();
      const wait = this.pausedUntil > now ? this.pausedUntil - now : this.waitMs(now);
      if (wait <= 0) {
        this.consume(now);
        return;
      }
      await this.clock.sleep(Math.ceil(wait), signal);
    }
  }

  /** 0 when a request may go now, else how long until it may. */
  protected abstract waitMs(now: number): number;
  protected abstract consume(now: number): void;
}

/** Each request adds 1 to the level; the level drains at `capacity / windowMs`; full means wait. */
export class LeakyBucketPacer extends QueuedPacer {
  private level = 0;
  private updatedAt: number;
  private capacity: number;
  private readonly leakPerMs: number;

  constructor(options: { capacity: number; windowMs: number }, clock: Clock = systemClock) {
    super(clock);
    this.capacity = options.capacity;
    this.leakPerMs = options.capacity / options.windowMs;
    this.updatedAt = clock.now();
  }

  private drain(now: number): void {
    this.level = Math.max(0, this.level - (now - this.updatedAt) * this.leakPerMs);
    this.updatedAt = Math.max(this.updatedAt, now);
  }

  protected waitMs(now: number): number {
    this.drain(now);
    const excess = this.level + 1 - this.capacity;
    return excess <= EPSILON ? 0 : excess / this.leakPerMs;
  }

  protected consume(now: number): void {
    this.drain(now);
    this.level += 1;
  }

  override observe(used: number, limit: number): void {
    if (!Number.isFinite(used) || !Number.isFinite(limit) || limit <= 0) return;
    this.drain(this.clock.now());
    // Other integrations of the account fill the same bucket: trust the larger of the two views.
    this.capacity = limit;
    this.level = Math.max(this.level, used);
  }

  /** For tests and diagnostics. */
  get currentLevel(): number {
    this.drain(this.clock.now());
    return this.level;
  }
}

/** `burst` tokens, refilled at `perSecond`; a request takes one token. */
export class TokenBucketPacer extends QueuedPacer {
  private tokens: number;
  private updatedAt: number;
  private readonly burst: number;
  private readonly refillPerMs: number;

  constructor(options: { burst: number; perSecond: number }, clock: Clock = systemClock) {
    super(clock);
    this.burst = options.burst;
    this.tokens = options.burst;
    this.refillPerMs = options.perSecond / 1000;
    this.updatedAt = clock.now();
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.burst, this.tokens + (now - this.updatedAt) * this.refillPerMs);
    this.updatedAt = Math.max(this.updatedAt, now);
  }

  protected waitMs(now: number): number {
    this.refill(now);
    const missing = 1 - this.tokens;
    return missing <= EPSILON ? 0 : missing / this.refillPerMs;
  }

  protected consume(now: number): void {
    this.refill(now);
    this.tokens -= 1;
  }
}

export const GORGIAS_RATE_LIMIT = { capacity: 40, windowMs: 20_000 } as const;
export const DIXA_RATE_LIMIT = { burst: 4, perSecond: 10 } as const;

/**
 * One pacer per helpdesk account for the whole process: create it once (with the worker) and
 * pass it to every connector call. Keys are hashed so no credential sits in the map.
 */
export class PacerRegistry {
  private readonly pacers = new Map<string, Pacer>();

  constructor(
    readonly clock: Clock = systemClock,
    private readonly limits: {
      gorgias?: { capacity: number; windowMs: number };
      dixa?: { burst: number; perSecond: number };
    } = {},
  ) {}

  /** Gorgias's bucket belongs to the account (its host), whoever's key is used. */
  gorgias(endpoint: string): Pacer {
    return this.get(
      `gorgias:${new URL(endpoint).host}`,
      () => new LeakyBucketPacer(this.limits.gorgias ?? GORGIAS_RATE_LIMIT, this.clock),
    );
  }

  /** Dixa limits per API token. */
  dixa(apiToken: string): Pacer {
    const key = createHash('sha256').update(apiToken).digest('base64url');
    return this.get(`dixa:${key}`, () => new TokenBucketPacer(this.limits.dixa ?? DIXA_RATE_LIMIT, this.clock));
  }

  /** Webhook receivers: no published limit; a generous bucket per origin keeps bursts polite. */
  webhook(url: string): Pacer {
    return this.get(
      `webhook:${new URL(url).origin}`,
      () => new TokenBucketPacer({ burst: 10, perSecond: 10 }, this.clock),
    );
  }

  private get(key: string, create: () => Pacer): Pacer {
    let pacer = this.pacers.get(key);
    if (!pacer) {
      pacer = create();
      this.pacers.set(key, pacer);
    }
    return pacer;
  }
}

/** `10/40` → {used: 10, limit: 40}. */
export function parseCallLimitHeader(value: string | null | undefined): { used: number; limit: number } | undefined {
  const match = value ? /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value) : null;
  if (!match) return undefined;
  return { used: Number(match[1]), limit: Number(match[2]) };
}
