import { describe, expect, it } from 'vitest';
import {
  LeakyBucketPacer,
  PacerRegistry,
  TokenBucketPacer,
  parseCallLimitHeader,
} from '../../../src/server/delivery/pacing.js';
import { sendRequest } from '../../../src/server/delivery/http.js';
import { VirtualClock } from './support.js';

/** Pacing on virtual time: what matters is how long each request was made to wait, not the wall clock. */

async function acquireTimes(
  pacer: { acquire(): Promise<void> },
  clock: VirtualClock,
  count: number,
): Promise<number[]> {
  const start = clock.now();
  const times: number[] = [];
  for (let n = 0; n < count; n++) {
    await pacer.acquire();
    times.push(clock.now() - start);
  }
  return times;
}

describe('Gorgias leaky bucket (40 per 20 s)', () => {
  it('lets 40 requests go at once, then one every half second', async () => {
    const clock = new VirtualClock();
    const pacer = new LeakyBucketPacer({ capacity: 40, windowMs: 20_000 }, clock);
    const times = await acquireTimes(pacer, clock, 44);
    expect(times.slice(0, 40).every((t) => t === 0)).toBe(true);
    expect(times.slice(40)).toEqual([500, 1_000, 1_500, 2_000]);
  });

  it('drains while idle', async () => {
    const clock = new VirtualClock();
    const pacer = new LeakyBucketPacer({ capacity: 40, windowMs: 20_000 }, clock);
    await acquireTimes(pacer, clock, 40);
    clock.advance(10_000); // 20 drained
    const times = await acquireTimes(pacer, clock, 21);
    expect(times.slice(0, 20).every((t) => t === 0)).toBe(true);
    expect(times[20]).toBe(500);
  });

  it('adopts the account level Gorgias reports (other integrations share the bucket)', async () => {
    const clock = new VirtualClock();
    const pacer = new LeakyBucketPacer({ capacity: 40, windowMs: 20_000 }, clock);
    pacer.observe(38, 40);
    const times = await acquireTimes(pacer, clock, 3);
    expect(times).toEqual([0, 0, 500]);
    expect(pacer.currentLevel).toBeCloseTo(40, 5);
  });

  it('pauses everyone for a Retry-After', async () => {
    const clock = new VirtualClock();
    const pacer = new LeakyBucketPacer({ capacity: 40, windowMs: 20_000 }, clock);
    pacer.pauseFor(3_000);
    expect(await acquireTimes(pacer, clock, 2)).toEqual([3_000, 3_000]);
  });
});

describe('Dixa token bucket (10/s, bursts of 4)', () => {
  it('lets a burst of 4 go, then one every 100 ms', async () => {
    const clock = new VirtualClock();
    const pacer = new TokenBucketPacer({ burst: 4, perSecond: 10 }, clock);
    expect(await acquireTimes(pacer, clock, 7)).toEqual([0, 0, 0, 0, 100, 200, 300]);
  });

  it('never saves up more than the burst', async () => {
    const clock = new VirtualClock();
    const pacer = new TokenBucketPacer({ burst: 4, perSecond: 10 }, clock);
    clock.advance(60_000);
    expect(await acquireTimes(pacer, clock, 5)).toEqual([0, 0, 0, 0, 100]);
  });

  it('serves waiters first come, first served; an aborted waiter does not block the others', async () => {
    const clock = new VirtualClock();
    const pacer = new TokenBucketPacer({ burst: 1, perSecond: 10 }, clock);
    const order: string[] = [];
    const controller = new AbortController();
    controller.abort(new Error('shutting down'));
    const results = await Promise.allSettled([
      pacer.acquire().then(() => order.push('a')),
      pacer.acquire(controller.signal).then(() => order.push('aborted')),
      pacer.acquire().then(() => order.push('b')),
      pacer.acquire().then(() => order.push('c')),
    ]);
    expect(order).toEqual(['a', 'b', 'c']);
    expect(results[1]!.status).toBe('rejected');
  });
});

describe('PacerRegistry', () => {
  it('shares one pacer per Gorgias account host and per Dixa token', () => {
    const registry = new PacerRegistry(new VirtualClock());
    expect(registry.gorgias('https://acme.gorgias.com')).toBe(registry.gorgias('https://acme.gorgias.com'));
    expect(registry.gorgias('https://acme.gorgias.com')).not.toBe(registry.gorgias('https://other.gorgias.com'));
    expect(registry.dixa('token-a')).toBe(registry.dixa('token-a'));
    expect(registry.dixa('token-a')).not.toBe(registry.dixa('token-b'));
  });
});

// Retry-After is read by the shared retry policy: test/core/retry-policy.test.ts.
describe('the call-limit header', () => {
  it('reads X-Gorgias-Account-Api-Call-Limit', () => {
    expect(parseCallLimitHeader('10/40')).toEqual({ used: 10, limit: 40 });
    expect(parseCallLimitHeader(' 3 / 80 ')).toEqual({ used: 3, limit: 80 });
    expect(parseCallLimitHeader('ten of forty')).toBeUndefined();
  });
});

describe('sendRequest and 429', () => {
  const fakeFetch = (statuses: { status: number; retryAfter?: string }[]) => {
    const calls: number[] = [];
    const impl: typeof fetch = async () => {
      const next = statuses.shift() ?? { status: 200 };
      calls.push(next.status);
      return new Response('{}', {
        status: next.status,
        headers: next.retryAfter ? { 'retry-after': next.retryAfter } : {},
      });
    };
    return { impl, calls };
  };

  it('waits out short Retry-Afters in place, up to the inline limit', async () => {
    const clock = new VirtualClock();
    const pacer = new TokenBucketPacer({ burst: 10, perSecond: 10 }, clock);
    const { impl, calls } = fakeFetch([{ status: 429, retryAfter: '2' }, { status: 429 }, { status: 200 }]);
    const response = await sendRequest(
      { method: 'GET', url: 'https://x.test/a', label: 'GET /a', pacer, defaultRetryAfterMs: 1_000 },
      { fetch: impl, clock },
    );
    expect(response.status).toBe(200);
    expect(calls).toEqual([429, 429, 200]);
    expect(clock.sleeps).toEqual([2_000, 1_000]);
  });

  it('hands long or repeated 429s to the caller with the wait', async () => {
    const clock = new VirtualClock();
    const pacer = new TokenBucketPacer({ burst: 10, perSecond: 10 }, clock);
    const long = fakeFetch([{ status: 429, retryAfter: '600' }]);
    await expect(
      sendRequest(
        { method: 'GET', url: 'https://x.test/a', label: 'GET /a', pacer, defaultRetryAfterMs: 1_000 },
        { fetch: long.impl, clock },
      ),
    ).rejects.toMatchObject({ kind: 'rate_limited', retryAfterMs: 600_000, retryable: true });
    const repeated = fakeFetch([{ status: 429 }, { status: 429 }]);
    await expect(
      sendRequest(
        {
          method: 'GET',
          url: 'https://x.test/a',
          label: 'GET /a',
          pacer,
          defaultRetryAfterMs: 1_000,
          maxInlineRetries: 1,
        },
        { fetch: repeated.impl, clock },
      ),
    ).rejects.toMatchObject({ kind: 'rate_limited' });
    expect(repeated.calls).toEqual([429, 429]);
  });

  it('logs method, path, status and time — never the query or credentials', async () => {
    const clock = new VirtualClock();
    const lines: string[] = [];
    const { impl } = fakeFetch([{ status: 201 }]);
    await sendRequest(
      {
        method: 'POST',
        url: 'https://acme.gorgias.com/api/tickets?email=jane@example.com',
        headers: { authorization: 'Basic c2VjcmV0' },
        label: 'POST /api/tickets',
        pacer: new TokenBucketPacer({ burst: 1, perSecond: 1 }, clock),
        defaultRetryAfterMs: 1,
      },
      { fetch: impl, clock, log: (line) => lines.push(line) },
    );
    expect(lines).toEqual(['POST /api/tickets 201 0ms']);
  });
});
