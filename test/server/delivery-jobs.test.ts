import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimEventSchema } from '../../src/core/claim-events.js';
import { webhookWithSecretSchema } from '../../src/core/webhooks.js';
import { readClaimEvent } from '../../src/server/claim-event-log.js';
import { leaseDueJobs, markJobDelivered, saveJobProgress } from '../../src/server/delivery-jobs.js';
import { merchantClient, SECRETS_KEY, submitClaim, testOrder } from './delivery-support.js';
import { backends, startTestApi, type TestApi } from './support.js';

/**
 * The delivery jobs as the worker leases them, with no worker running: what several API processes
 * on one database rely on. Two workers leasing at once take disjoint jobs; a leased job is not
 * handed out again until its lease runs out (a dead worker's job comes back); a worker's writes
 * need its lease; and every job's event is in the claim event log.
 */
describe.each(backends)('delivery jobs on $name', (backend) => {
  let store: Awaited<ReturnType<typeof backend.freshStore>>;
  let t: TestApi;

  beforeAll(async () => {
    store = await backend.freshStore();
    t = await startTestApi({
      ...store.options,
      secretsKey: SECRETS_KEY,
      helpdesks: { allowLoopbackHosts: true },
      deliveryWorker: false,
    });
  });
  afterAll(async () => {
    await t.api.close();
    await store.dispose();
  });

  it('hands each due job to one worker, again only after its lease ran out, and writes only under the lease', async () => {
    const merchant = merchantClient(t.url, t.merchantAuth, t.slug);
    // Two webhooks: every claim queues two jobs.
    for (const path of ['/a', '/b']) {
      const created = await merchant.call('POST', '/webhooks', { url: `http://127.0.0.1:9${path}` });
      webhookWithSecretSchema.parse(await created.json());
    }
    expect((await merchant.call('PUT', '/orders', testOrder('#9101'))).status).toBe(201);
    const claims = [];
    for (let i = 0; i < 3; i++) claims.push(await submitClaim(t.url, t.slug, '9101', { description: `Claim ${i}` }));

    const lease = (limit: number, leaseMs = 60_000, except: string[] = []) =>
      leaseDueJobs(t.api.db, { limit, leaseMs, token: randomUUID(), except });
    const [first, second] = await Promise.all([lease(4, 1_000), lease(4, 1_000)]);
    const leased = [...first, ...second];
    expect(leased).toHaveLength(6);
    expect(new Set(leased.map((job) => job.id)).size).toBe(6);
    expect(new Set(leased.map((job) => job.claim_id))).toEqual(new Set(claims.map((claim) => claim.uuid)));
    expect(leased.every((job) => job.state === 'in_progress' && job.attempts === 1)).toBe(true);
    // Each job's event is the documented envelope of its claim.
    for (const job of leased) {
      const event = claimEventSchema.parse(await readClaimEvent(t.api.db, job.event_ref));
      expect(event.event_data.claim_id).toBe(job.claim_id);
    }
    // Held: nobody gets them while the lease lasts.
    expect(await lease(10)).toEqual([]);

    // The leases run out (their workers died): the jobs are due again, except those the caller still runs.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const kept = leased.slice(0, 2).map((job) => job.id);
    const retaken = await lease(10, 60_000, kept);
    expect(retaken.map((job) => job.id).sort()).toEqual(
      leased
        .slice(2)
        .map((job) => job.id)
        .sort(),
    );
    expect(retaken.every((job) => job.attempts === 2)).toBe(true);

    // The first worker's lease is gone: its checkpoint and its outcome are refused.
    const stale = leased[2];
    if (!stale?.lease_token) throw new Error('no lease token');
    expect(
      await saveJobProgress(
        t.api.db,
        stale.id,
        stale.lease_token,
        { create_sent_at: new Date().toISOString() },
        60_000,
      ),
    ).toBe(false);
    expect(
      await markJobDelivered(t.api.db, stale.id, stale.lease_token, {
        remoteId: '',
        remoteUrl: null,
        progress: {},
        warnings: [],
      }),
    ).toBe(false);
    const current = retaken.find((job) => job.id === stale.id);
    if (!current?.lease_token) throw new Error('not retaken');
    expect(
      await markJobDelivered(t.api.db, current.id, current.lease_token, {
        remoteId: '',
        remoteUrl: null,
        progress: {},
        warnings: [],
      }),
    ).toBe(true);
    const [shown] = (await merchant.deliveries(current.claim_id)).filter((delivery) => delivery.id === current.id);
    expect(shown?.state).toBe('delivered');
  });
});
