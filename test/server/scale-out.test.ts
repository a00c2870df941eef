import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimEventSchema } from '../../src/core/claim-events.js';
import { uploadResponseSchema } from '../../src/core/session.js';
import { webhookWithSecretSchema } from '../../src/core/webhooks.js';
import { findPostgresBin } from '../../scripts/postgres.mjs';
import { createShopViaCli, sharedPostgres, startApiProcess, type ApiProcess } from '../support/api-process.js';
import { startLocalS3, type LocalS3 } from '../support/s3.js';
import { startSlowReceiver } from '../support/slow-receiver.js';
import { allDelivered, JPEG, merchantClient, SECRETS_KEY, submitClaim, testOrder } from './delivery-support.js';

/**
 * Two API processes on one PostgreSQL with uploads in S3 and nothing shared in memory — the way a
 * shop that outgrew one machine runs it. Customers' requests land on either process; one process
 * is killed (SIGKILL) mid-stream and started again. Every claim reaches the merchant's webhook
 * exactly once (deduplicated on its `Karla-Event-Id`, as documented), uploads made on one process are
 * served by the other, and lookup throttling counts across both.
 */

const canRunPostgres = Boolean(process.env.TEST_DATABASE_URL) || Boolean(findPostgresBin());
const SLUG = 'scale-shop';
const CLAIMS = 12;

describe.skipIf(!canRunPostgres)(
  'two API processes on one PostgreSQL with S3 storage (skipped only when no PostgreSQL can start here)',
  () => {
    let database: Awaited<ReturnType<typeof sharedPostgres>>;
    let s3: LocalS3;
    let receiver: Awaited<ReturnType<typeof startSlowReceiver>>;
    let env: Record<string, string>;
    let authorization: string;
    const apis: ApiProcess[] = [];

    beforeAll(async () => {
      [database, s3, receiver] = await Promise.all([sharedPostgres(), startLocalS3(), startSlowReceiver(150)]);
      env = {
        DATABASE_URL: database.url,
        ...s3.env,
        // The keys every process must share: tokens signed by one are read by the other, secrets
        // sealed by one are opened by the other.
        SIGNING_SECRET: 'scale-out-signing-secret-0123456789abcdef',
        SECRETS_KEY,
        HELPDESK_ALLOW_LOOPBACK: '1',
        DELIVERY_POLL_MS: '100',
        DELIVERY_LEASE_SECONDS: '2',
        DELIVERY_RETRY_BASE_MS: '100',
        LOOKUP_MAX_FAILURES: '3',
        TRUST_PROXY_HOPS: '1',
      };
      authorization = createShopViaCli(env, SLUG);
      apis.push(await startApiProcess(env, 'api-a'), await startApiProcess(env, 'api-b'));
    }, 180_000);

    afterAll(async () => {
      await Promise.all(apis.map((api) => api.kill('SIGTERM')));
      await receiver?.close();
      await s3?.stop();
      await database?.stop();
    });

    it('delivers every claim exactly once while one process is killed and restarted, shares uploads and throttling', async () => {
      const [a, b] = apis as [ApiProcess, ApiProcess];
      const merchantA = merchantClient(a.url, authorization, SLUG);
      const merchantB = merchantClient(b.url, authorization, SLUG);
      const hook = webhookWithSecretSchema.parse(
        await (await merchantA.call('POST', '/webhooks', { url: receiver.url })).json(),
      );
      receiver.secret = hook.secret;
      for (let i = 0; i < CLAIMS + 1; i++) {
        const merchant = i % 2 === 0 ? merchantA : merchantB;
        expect((await merchant.call('PUT', '/orders', testOrder(`#${9000 + i}`))).status).toBe(201);
      }

      // Claims alternate between the processes; each one's lookup, uploads and claim cross over:
      // the lookup on one, the claim on the other (submitClaim alternates per request).
      const claims: string[] = [];
      const submitVia = async (i: number, processes: ApiProcess[]) => {
        let turn = i;
        const url = (path: string) => (processes[turn++ % processes.length] as ApiProcess).url(path);
        claims.push((await submitClaim(url, SLUG, String(9000 + i))).uuid);
      };
      for (let i = 0; i < 5; i++) await submitVia(i, [a, b]);
      // B dies with deliveries leased and in flight (the receiver takes 150 ms each).
      await b.kill('SIGKILL');
      for (let i = 5; i < 8; i++) await submitVia(i, [a]);
      await b.restart();
      for (let i = 8; i < CLAIMS; i++) await submitVia(i, [b, a]);

      // An upload made on one process is served by the other: the files are in S3, not on a disk.
      const lookup = await fetch(a.url(`/v1/shops/${SLUG}/resolve/sessions`), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ order_number: String(9000 + CLAIMS), zip_code: '10119' }),
      });
      const { session_token: token } = (await lookup.json()) as { session_token: string };
      const form = new FormData();
      form.set('file', new Blob([JPEG], { type: 'image/jpeg' }), 'photo.jpg');
      const uploaded = uploadResponseSchema.parse(
        await (
          await fetch(a.url(`/v1/shops/${SLUG}/resolve/uploads`), {
            method: 'POST',
            headers: { Authorization: `Bearer ${token}` },
            body: form,
          })
        ).json(),
      );
      const servedByB = await fetch(
        b.url(new URL(uploaded.url as string).pathname + new URL(uploaded.url as string).search),
      );
      expect(servedByB.status).toBe(200);
      expect(Buffer.from(await servedByB.arrayBuffer()).equals(Buffer.from(JPEG))).toBe(true);

      // Lookup throttling counts across both: wrong ZIP codes alternately to A and B lock the order on both.
      const guess = (api: ApiProcess, zip: string, client: string) =>
        fetch(api.url(`/v1/shops/${SLUG}/resolve/sessions`), {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': client },
          body: JSON.stringify({ order_number: String(9000 + CLAIMS), zip_code: zip }),
        });
      expect((await guess(a, '00001', '198.51.100.1')).status).toBe(404);
      expect((await guess(b, '00002', '198.51.100.2')).status).toBe(404);
      expect((await guess(a, '00003', '198.51.100.3')).status).toBe(404);
      expect((await guess(b, '10119', '198.51.100.4')).status).toBe(429);
      expect((await guess(a, '10119', '198.51.100.5')).status).toBe(429);

      // Every claim is delivered (one webhook job each), whichever process took it.
      for (const claim of claims) await merchantA.waitFor(claim, allDelivered(1), 60_000);
      const events = receiver.received.map((r) => ({
        ...claimEventSchema.parse(JSON.parse(r.body)),
        signatureValid: r.signatureValid,
        eventId: r.eventId,
      }));
      expect(events.every((event) => event.signatureValid)).toBe(true);
      const idsByClaim = new Map<string, Set<string>>();
      for (const event of events)
        idsByClaim.set(
          event.event_data.claim_id,
          (idsByClaim.get(event.event_data.claim_id) ?? new Set()).add(event.eventId),
        );
      expect([...idsByClaim.keys()].sort()).toEqual([...claims].sort());
      // Exactly once per claim after deduplication on `Karla-Event-Id`; a delivery cut by the kill
      // may have been sent again with the same id (at-least-once on the wire), never as a second event.
      for (const claim of claims) expect(idsByClaim.get(claim)?.size, claim).toBe(1);
      const redelivered = events.length - claims.length;
      expect(redelivered).toBeLessThanOrEqual(4); // at most the deliveries B had in flight
      console.log(
        `scale-out: ${claims.length} claims, ${events.length} webhook requests (${redelivered} repeated after the kill)`,
      );
    }, 240_000);
  },
);
