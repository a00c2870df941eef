import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  claimEventSchema,
  EVENT_FILE_URL_TTL_SECONDS,
  upgradeLegacyClaimEvent,
  type ClaimEvent,
} from '../../src/core/claim-events.js';
import { signWebhook } from '../../src/core/webhook-signature.js';
import { webhookWithSecretSchema } from '../../src/core/webhooks.js';
import { deliverWebhook } from '../../src/server/delivery/webhooks.js';
import { backends, startTestApi, type TestApi } from './support.js';
import { allDelivered, merchantClient, SECRETS_KEY, submitClaim, testOrder } from './delivery-support.js';
import { handleKarlaPayload, startKarlaReceiver, type KarlaReceiver } from './karla-receiver.js';

/**
 * Our claim events against a receiver written from Karla's Shopware plugin (./karla-receiver.ts)
 * and against a copy of that plugin's own claim fixture: if our envelope drifts from what Karla's
 * receivers read, this fails.
 */

const FIXTURE = readFileSync(new URL('../fixtures/karla-shopware-claim-event.json', import.meta.url), 'utf8');

describe('the receiver written from the Shopware plugin', () => {
  it("accepts the plugin's own claim fixture, signed as we sign, and refuses it unsigned, stale or without ids", async () => {
    const secret = 'whsec_contract_0123456789abcdef';
    const receiver = await startKarlaReceiver(secret);
    try {
      const post = async (body: string, signature?: string) =>
        (
          await fetch(receiver.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(signature ? { 'karla-signature': signature } : {}) },
            body,
          })
        ).status;
      const now = Math.floor(Date.now() / 1000);
      expect(await post(FIXTURE, await signWebhook(secret, FIXTURE, now))).toBe(200);
      expect(receiver.dispatched[0]).toMatchObject({
        name: 'karla.claim.created',
        orderId: 'order-456',
        customerId: 'customer-789',
        mailRecipient: 'customer@example.com',
      });
      expect(await post(FIXTURE)).toBe(401);
      expect(await post(FIXTURE, await signWebhook(secret, FIXTURE, now - 301))).toBe(401);
      expect(await post(FIXTURE, await signWebhook(`${secret}x`, FIXTURE, now))).toBe(401);
      const withoutOrderId = JSON.stringify({
        ...JSON.parse(FIXTURE),
        context: { order: {}, customer: { external_id: 'c' } },
      });
      expect(await post(withoutOrderId, await signWebhook(secret, withoutOrderId, now))).toBe(500);
    } finally {
      await receiver.close();
    }
  });

  it('reads an event recorded in the earlier format once it is upgraded for delivery', () => {
    const legacy = {
      ...JSON.parse(FIXTURE),
      ref: '0d9c8b7a-6f5e-4d3c-9b2a-1f0e9d8c7b6a',
      event_data: { ...JSON.parse(FIXTURE).event_data, event_name: 'claims/created' },
      context: {
        order: { id: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d', order_number: '10001' },
        customer: { name: 'Jane Doe', email: 'Jane@Example.com' },
        shipments: [],
        claims: [],
      },
    };
    expect(handleKarlaPayload(JSON.stringify(legacy))).toBe(500);
    const upgraded = upgradeLegacyClaimEvent(legacy) as ClaimEvent;
    expect(upgraded).toMatchObject({
      ref: 'claims/created',
      event_data: { event_name: 'created', event_group: 'claim_created' },
    });
    expect(handleKarlaPayload(JSON.stringify(upgraded))).toMatchObject({
      name: 'karla.claim.created',
      orderId: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
      customerId: 'jane@example.com',
    });
  });
});

describe.each(backends)('our claim events reach the Shopware receiver on $name', (backend) => {
  let store: Awaited<ReturnType<typeof backend.freshStore>>;
  let t: TestApi;
  let merchant: ReturnType<typeof merchantClient>;
  let receiver: KarlaReceiver;
  let secret: string;
  let webhookId: string;

  beforeAll(async () => {
    store = await backend.freshStore();
    t = await startTestApi({
      ...store.options,
      secretsKey: SECRETS_KEY,
      helpdesks: { allowLoopbackHosts: true },
      deliveryWorker: {
        pollIntervalMs: 50,
        leaseMs: 10_000,
        maxAttempts: 3,
        backoff: { baseMs: 50, capMs: 200, minMs: 10 },
        maxRequestTimeoutMs: 2_000,
      },
    });
    merchant = merchantClient(t.url, t.merchantAuth, t.slug);
    secret = 'whsec_shopware_receiver_0123456789';
    receiver = await startKarlaReceiver(secret);
    const hook = await merchant.call('POST', '/webhooks', {
      url: receiver.url,
      secret,
      description: 'Shopware Flow Builder',
    });
    expect(hook.status).toBe(201);
    const created = webhookWithSecretSchema.parse(await hook.json());
    expect(created.description).toBe('Shopware Flow Builder');
    webhookId = created.uuid;
  });
  afterAll(async () => {
    await receiver.close();
    await t.api.close();
    await store.dispose();
  });

  it("claims/created and claims/updated are dispatched as karla.claim.created / updated with the shop's ids", async () => {
    expect(
      (
        await merchant.call('PUT', '/orders', {
          ...testOrder('#7001'),
          external_id: 'sw-order-7001',
          external_customer_id: 'sw-customer-42',
          customer_external_id: 'sw-customer-42',
          customer_first_name: 'Jane',
          customer_last_name: 'Doe',
        })
      ).status,
    ).toBe(201);
    const claim = await submitClaim(t.url, t.slug, '7001');
    const [delivery] = await merchant.waitFor(claim.uuid, allDelivered(1));
    expect((await merchant.call('PUT', `/claims/${claim.uuid}`, { status: 'accepted' })).status).toBe(200);
    await merchant.waitFor(claim.uuid, allDelivered(2));

    expect(receiver.answers).toEqual([200, 200]);
    const [created, updated] = receiver.dispatched;
    expect(created).toMatchObject({
      name: 'karla.claim.created',
      ref: 'claims/created',
      orderId: 'sw-order-7001',
      customerId: 'sw-customer-42',
      mailRecipient: 'jane.doe@example.com',
      eventId: delivery?.id,
    });
    expect(updated).toMatchObject({ name: 'karla.claim.updated', ref: 'claims/updated', orderId: 'sw-order-7001' });
    expect(updated?.eventId).not.toBe(created?.eventId);
    // event_data as Karla's claim example names its fields, exposed to templates one by one.
    expect(Object.keys(created?.values ?? {})).toEqual(
      expect.arrayContaining([
        'claim_id',
        'event_name',
        'event_group',
        'created_at',
        'updated_at',
        'resolution_preference',
        'reason',
        'status',
        'description',
        'customer_signature_image_url',
        'selected_items',
        'image_urls',
        'optional_image_urls',
      ]),
    );
    expect(created?.values).toMatchObject({
      claim_id: claim.uuid,
      event_name: 'created',
      event_group: 'claim_created',
      reason: 'partial_damage',
      status: 'pending',
    });
    expect(updated?.values).toMatchObject({ event_name: 'updated', event_group: 'claim_updated', status: 'accepted' });
    const items = created?.values.selected_items as {
      sku: string;
      title: string;
      quantity: number;
      image_urls: string[];
    }[];
    expect(items[0]).toMatchObject({ sku: 'MUG', title: 'Stoneware mug', quantity: 1 });
    // Photo links were signed when sent and stay fetchable for the documented 30 days.
    const photo = items[0]?.image_urls[0] ?? '';
    const expires = Number(new URL(photo).searchParams.get('expires'));
    expect(expires * 1000 - Date.now()).toBeGreaterThan((EVENT_FILE_URL_TTL_SECONDS - 3600) * 1000);
    expect((await fetch(photo)).status).toBe(200);
  });

  it('an order without shop ids still reaches it, with the documented fallbacks', async () => {
    expect(
      (
        await merchant.call('PUT', '/orders', {
          ...testOrder('#7002'),
          customer_name: 'Jane  van der Berg',
          email: 'Jane.VDB@Example.com',
        })
      ).status,
    ).toBe(201);
    const claim = await submitClaim(t.url, t.slug, '7002');
    await merchant.waitFor(claim.uuid, allDelivered(1));
    const last = receiver.dispatched.at(-1);
    expect(last).toMatchObject({ name: 'karla.claim.created', customerId: 'jane.vdb@example.com' });
    expect(last?.orderId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('an event queued in the earlier format before an upgrade is still delivered, upgraded', async () => {
    const [row] = await t.api.db.query<{ claim_id: string; shop_id: string; payload: ClaimEvent }>(
      "SELECT claim_id, shop_id, payload FROM outbox WHERE event_name = 'claims/created' ORDER BY created_at LIMIT 1",
    );
    const current = row!.payload;
    // What the previous version wrote: a uuid as ref, the full reference as event_name, no ids.
    const legacy = {
      ...current,
      ref: randomUUID(),
      event_data: { ...current.event_data, event_name: 'claims/created', event_group: undefined },
      context: {
        ...current.context,
        order: {
          id: current.context.order.id,
          order_number: current.context.order.order_number,
          zip_code: '10119',
          currency: 'EUR',
          placed_at: null,
          address: null,
        },
        customer: { name: 'Jane Doe', email: 'jane.doe@example.com' },
      },
    };
    const outboxId = randomUUID();
    const jobId = randomUUID();
    await t.api.db.query(
      'INSERT INTO outbox (id, shop_id, claim_id, event_name, payload, delivered_at) VALUES ($1, $2, $3, $4, $5, now())',
      [outboxId, row!.shop_id, row!.claim_id, 'claims/created', JSON.stringify(legacy)],
    );
    await t.api.db.query(
      'INSERT INTO deliveries (id, shop_id, claim_id, event_ref, event_name, target, webhook_id) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [jobId, row!.shop_id, row!.claim_id, outboxId, 'claims/created', `webhook:${webhookId}`, webhookId],
    );
    const deadline = Date.now() + 15_000;
    while (!receiver.dispatched.some((event) => event.eventId === jobId) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(receiver.dispatched.find((event) => event.eventId === jobId)).toMatchObject({
      name: 'karla.claim.created',
      ref: 'claims/created',
      orderId: current.context.order.id,
      customerId: 'jane.doe@example.com',
      values: { event_name: 'created', event_group: 'claim_created' },
    });
  });

  it('delivers what deliverWebhook sends for a stored event exactly as the schema describes it', async () => {
    const [row] = await t.api.db.query<{ payload: unknown }>(
      "SELECT payload FROM outbox WHERE event_name = 'claims/created' ORDER BY created_at LIMIT 1",
    );
    const event = claimEventSchema.parse(row?.payload);
    expect(event.context.order).toMatchObject({
      external_id: 'sw-order-7001',
      external_customer_id: 'sw-customer-42',
      order_number: '#7001',
    });
    expect(event.context.customer).toMatchObject({
      external_id: 'sw-customer-42',
      email: 'jane.doe@example.com',
      first_name: 'Jane',
      last_name: 'Doe',
    });
    const before = receiver.dispatched.length;
    await deliverWebhook(receiver.url, secret, event, 'manual-delivery-1', { allowInsecureHostsForTesting: true });
    expect(receiver.dispatched.slice(before)).toMatchObject([
      { name: 'karla.claim.created', eventId: 'manual-delivery-1' },
    ]);
  });
});
