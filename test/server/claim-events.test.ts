import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimEventSchema, MAX_CONTEXT_CLAIMS } from '../../src/core/claim-events.js';
import { webhookSchema, webhookWithSecretSchema } from '../../src/core/webhooks.js';
import { backends, startTestApi, type TestApi } from './support.js';
import { merchantClient, SECRETS_KEY, submitClaim, testOrder } from './delivery-support.js';

/** Claim events as recorded with the claim: bounded context, documented fallbacks; webhook descriptions. */
describe.each(backends)('claim events on $name', (backend) => {
  let store: Awaited<ReturnType<typeof backend.freshStore>>;
  let t: TestApi;
  let merchant: ReturnType<typeof merchantClient>;

  beforeAll(async () => {
    store = await backend.freshStore();
    t = await startTestApi({ ...store.options, secretsKey: SECRETS_KEY, helpdesks: { allowLoopbackHosts: true } });
    merchant = merchantClient(t.url, t.merchantAuth, t.slug);
  });
  afterAll(async () => {
    await t.api.close();
    await store.dispose();
  });

  const eventOf = async (claimId: string) => {
    const [row] = await t.api.db.query<{ payload: unknown }>(
      "SELECT payload FROM outbox WHERE claim_id = $1 AND event_name = 'claims/created'",
      [claimId],
    );
    return claimEventSchema.parse(row?.payload);
  };

  it('does not embed the 2 000 earlier claims of an order: only the newest, this one first', async () => {
    expect((await merchant.call('PUT', '/orders', testOrder('#8001'))).status).toBe(201);
    const first = await submitClaim(t.url, t.slug, '8001');
    // A long history, written directly: 2 000 claims, each a minute older than the next.
    await t.api.db.query(
      `INSERT INTO claims (id, shop_id, order_id, idempotency_key, request_hash, draft, reason, resolution_preference, status, created_at, updated_at)
       SELECT gen_random_uuid(), shop_id, order_id, 'history-' || n, request_hash, draft, reason, resolution_preference, 'closed',
              now() - interval '3 days' + n * interval '1 minute', now()
         FROM claims, generate_series(1, 2000) AS n WHERE id = $1`,
      [first.uuid],
    );
    const [count] = await t.api.db.query<{ total: string | number }>(
      'SELECT count(*) AS total FROM claims WHERE order_id = $1',
      [first.order_id],
    );
    expect(Number(count?.total)).toBe(2001);

    const latest = await submitClaim(t.url, t.slug, '8001');
    const event = await eventOf(latest.uuid);
    expect(event.context.claims).toHaveLength(MAX_CONTEXT_CLAIMS);
    expect(event.context.claims[0]?.uuid).toBe(latest.uuid);
    expect(event.context.claims[1]?.uuid).toBe(first.uuid);
    expect(JSON.stringify(event).length).toBeLessThan(20_000);
  });

  it('falls back to our order id, the lower-cased email and the split name when the shop sent no ids', async () => {
    expect(
      (
        await merchant.call('PUT', '/orders', {
          ...testOrder('#8002'),
          customer_name: 'Jane  van der Berg',
          email: 'Jane.VDB@Example.com',
        })
      ).status,
    ).toBe(201);
    const claim = await submitClaim(t.url, t.slug, '8002');
    const event = await eventOf(claim.uuid);
    expect(event).toMatchObject({
      ref: 'claims/created',
      event_group: 'claim_created',
      event_data: { event_name: 'created', event_group: 'claim_created', claim_id: claim.uuid },
    });
    expect(event.context.order).toMatchObject({
      external_id: claim.order_id,
      external_customer_id: 'jane.vdb@example.com',
      id: claim.order_id,
      order_number: '#8002',
    });
    expect(event.context.customer).toEqual({
      external_id: 'jane.vdb@example.com',
      email: 'Jane.VDB@Example.com',
      first_name: 'Jane',
      last_name: 'van der Berg',
      name: 'Jane  van der Berg',
    });
  });

  it('keeps the ids and names an order upsert carries, and returns them with the order', async () => {
    const ids = {
      external_id: 'gid://shopify/Order/55',
      external_customer_id: 'gid://shopify/Customer/9',
      customer_external_id: 'cust-9',
      customer_first_name: 'Jane',
      customer_last_name: 'Doe-Smith',
    };
    const upsert = await merchant.call('PUT', '/orders', { ...testOrder('#8003'), ...ids });
    expect(upsert.status).toBe(201);
    expect(await upsert.json()).toMatchObject(ids);
    const claim = await submitClaim(t.url, t.slug, '8003');
    const event = await eventOf(claim.uuid);
    expect(event.context.order).toMatchObject({
      external_id: 'gid://shopify/Order/55',
      external_customer_id: 'gid://shopify/Customer/9',
    });
    expect(event.context.customer).toMatchObject({ external_id: 'cust-9', first_name: 'Jane', last_name: 'Doe-Smith' });
    const [row] = await t.api.db.query<{ external_id: string }>('SELECT external_id FROM orders WHERE id = $1', [
      claim.order_id,
    ]);
    expect(row?.external_id).toBe('gid://shopify/Order/55');
  });

  it('webhooks accept and return a description, which PATCH changes or clears', async () => {
    const created = await merchant.call('POST', '/webhooks', {
      url: 'http://127.0.0.1:9/hook',
      description: '  Shopware Flow Builder ',
    });
    expect(created.status).toBe(201);
    const hook = webhookWithSecretSchema.parse(await created.json());
    expect(hook.description).toBe('Shopware Flow Builder');
    const renamed = await merchant.call('PATCH', `/webhooks/${hook.uuid}`, { description: 'ERP' });
    expect(webhookSchema.parse(await renamed.json()).description).toBe('ERP');
    const other = await merchant.call('PATCH', `/webhooks/${hook.uuid}`, { status: 'inactive' });
    expect(webhookSchema.parse(await other.json())).toMatchObject({ description: 'ERP', status: 'inactive' });
    const cleared = await merchant.call('PATCH', `/webhooks/${hook.uuid}`, { description: null });
    expect(webhookSchema.parse(await cleared.json()).description).toBeNull();
    expect(
      (await merchant.call('POST', '/webhooks', { url: 'http://127.0.0.1:9/hook', description: 'x'.repeat(501) }))
        .status,
    ).toBe(422);
    const plain = webhookWithSecretSchema.parse(
      await (await merchant.call('POST', '/webhooks', { url: 'http://127.0.0.1:9/other' })).json(),
    );
    expect(plain.description).toBeNull();
  });
});
