/** The helpdesks' rate limiters, on an injectable clock so tests run on virtual time. */

/** Gorgias: a leaky bucket of `capacity` requests draining over `windowMs`. */
export class LeakyBucket {
  private level = 0;
  private updatedAt: number;

  constructor(
    readonly capacity: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {
    this.updatedAt = now();
  }

  private drain(): void {
    const now = this.now();
    this.level = Math.max(0, this.level - ((now - this.updatedAt) * this.capacity) / this.windowMs);
    this.updatedAt = Math.max(this.updatedAt, now);
  }

  /** Counts the request, or says how many seconds to wait. */
  tryTake(): { ok: true } | { ok: false; retryAfterSeconds: number } {
    this.drain();
    if (this.level + 1 <= this.capacity + 1e-9) {
      this.level += 1;
      return { ok: true };
    }
    const waitMs = ((this.level + 1 - this.capacity) * this.windowMs) / this.capacity;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  get used(): number {
    this.drain();
    return Math.min(this.capacity, Math.ceil(this.level - 1e-9));
  }
}

/** Dixa: `burst` tokens refilled at `perSecond`. */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    private readonly now: () => number,
  ) {
    this.tokens = burst;
    this.updatedAt = now();
  }

  tryTake(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) * this.perSecond) / 1000);
    this.updatedAt = Math.max(this.updatedAt, now);
    if (this.tokens >= 1 - 1e-9) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }
}
