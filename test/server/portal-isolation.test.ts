import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorBodySchema } from '../../src/core/api-error.js';
import { claimReference } from '../../src/core/claim-reference.js';
import { claimSchema, type Claim } from '../../src/core/claims.js';
import { webhookWithSecretSchema, type WebhookWithSecret } from '../../src/core/webhooks.js';
import { startDixaStandIn, type DixaStandIn } from '../../demo/dixa-stand-in/index.js';
import { updateShopPolicy } from '../../src/server/shop-policy.js';
import { createApiKey, ensureShop } from '../../src/server/shops.js';
import { deliveryApiOptions, merchantClient, startStandIns, submitClaim, testOrder } from './delivery-support.js';
import { merchantRouteTable, signInAdminAndMember, type PortalClient } from './portal-support.js';
import { backends, startTestApi, type TestApi } from './support.js';

const PASSWORD = 'isolation password 123';
const B = 'shop-b';

/**
 * No user of shop A can read or change anything of shop B, route by route: every merchant route
 * of the real app (read from its router) is called for shop B with shop B's real ids by an admin
 * and a member of shop A, with a valid session and CSRF token. Each answer is `404
 * shop_not_found` and mentions nothing of shop B; afterwards shop B is unchanged.
 */
describe.each(backends)('portal isolation between shops on $name', (backend) => {
  let store: Awaited<ReturnType<typeof backend.freshStore>>;
  let t: TestApi;
  let dixa: DixaStandIn;
  let standIns: Awaited<ReturnType<typeof startStandIns>>;
  let shopB: ReturnType<typeof merchantClient>;
  let claimB: Claim;
  let webhookB: WebhookWithSecret;
  let deliveryB: string;
  let adminA: PortalClient;
  let memberA: PortalClient;
  const orderB = 'B-7001';

  beforeAll(async () => {
    store = await backend.freshStore();
    dixa = await startDixaStandIn();
    t = await startTestApi({ ...store.options, ...deliveryApiOptions(dixa, false) });
    standIns = await startStandIns({ dixa });
    const shop = await ensureShop(t.api.db, B, 'Shop B Secret Name');
    await updateShopPolicy(t.api.db, shop, { integrations: { gorgias: true, dixa: true } });
    const auth = `Basic ${Buffer.from(`${B}:${await createApiKey(t.api.db, shop)}`).toString('base64')}`;
    shopB = merchantClient(t.url, auth, B);
    // Shop B has one of everything: an order, a claim (with deliveries), a webhook, helpdesks, an embed config.
    await shopB.configureHelpdesks(standIns.gorgias, dixa);
    const hook = await shopB.call('POST', '/webhooks', { url: 'http://127.0.0.1:9/b-secret-receiver' });
    webhookB = webhookWithSecretSchema.parse(await hook.json());
    expect((await shopB.call('PUT', '/orders', testOrder(orderB))).status).toBe(201);
    claimB = await submitClaim(t.url, B, orderB);
    const deliveries = (await (await shopB.call('GET', `/claims/${claimB.uuid}/deliveries`)).json()) as {
      data: { id: string }[];
    };
    deliveryB = deliveries.data[0]?.id as string;
    expect(deliveryB).toBeTruthy();
    expect(
      (
        await shopB.call('PUT', '/resolve/embed-config', {
          enabled: true,
          allowed_urls: ['https://help.shop-b.example/*'],
          default_language: 'en',
          branding: { primary_color: '#123456' },
        })
      ).status,
    ).toBe(200);

    ({ admin: adminA, member: memberA } = await signInAdminAndMember(t.api, t.slug, 'shop-a.test', PASSWORD));
  }, 180_000);
  afterAll(async () => {
    await t.api.close();
    await standIns.close();
    await store.dispose();
  });

  const bPath = (path: string) =>
    path
      .replace(':slug', B)
      .replace('/claims/:uuid', `/claims/${claimB.uuid}`)
      .replace('/webhooks/:uuid', `/webhooks/${webhookB.uuid}`)
      .replace(':order_number', orderB)
      .replace(':id', deliveryB);

  // Things of shop B that must not appear in any answer to a user of shop A.
  const secretsOfB = () => [
    claimB.uuid,
    orderB,
    webhookB.uuid,
    'b-secret-receiver',
    'Shop B Secret Name',
    'help.shop-b.example',
    'Jane Doe',
    'jane.doe@example.com',
  ];

  it('covers every merchant route the app registers', () => {
    const routes = merchantRouteTable(t.api).map((route) => `${route.method} ${route.path}`);
    expect(routes.length).toBeGreaterThanOrEqual(30);
    for (const expected of [
      'GET /v1/shops/:slug/claims/:uuid',
      'PUT /v1/shops/:slug/integrations/gorgias',
      'GET /v1/shops/:slug/integrations/dixa/agents',
      'POST /v1/shops/:slug/webhooks/:uuid/test',
      'POST /v1/shops/:slug/claims/:uuid/deliveries/:id/retry',
      'GET /v1/shops/:slug/resolve/embed-config/settings',
      'GET /v1/shops/:slug/profile',
      'GET /v1/shops/:slug/claims/:uuid/detail',
      'GET /v1/shops/:slug/claims/:uuid/activity',
      'GET /v1/shops/:slug/claims/:uuid/detail/deliveries',
      'GET /v1/shops/:slug/claims/view',
      'GET /v1/shops/:slug/claims/summary',
      'GET /v1/shops/:slug/claims/export.csv',
    ]) {
      expect(routes).toContain(expected);
    }
  });

  it.each([
    ['an admin of shop A', () => adminA],
    ['a member of shop A', () => memberA],
  ])(
    '%s gets 404 shop_not_found and nothing of shop B on every merchant route',
    async (_who, client) => {
      for (const route of merchantRouteTable(t.api)) {
        const path = bPath(route.path);
        const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : {};
        const response = await client().call(route.method, path, body);
        const text = await response.text();
        const label = `${route.method} ${path}`;
        expect(response.status, label).toBe(404);
        expect(apiErrorBodySchema.parse(JSON.parse(text)).key, label).toBe('shop_not_found');
        for (const secret of secretsOfB()) expect(text, label).not.toContain(secret);
      }
    },
    120_000,
  );

  it('the same routes do answer for shop A (the refusals above are about shop B, not broken routes)', async () => {
    for (const route of merchantRouteTable(t.api).filter((r) => r.method === 'GET')) {
      const response = await adminA.call(
        'GET',
        route.path
          .replace(':slug', t.slug)
          .replace(/:uuid|:id/g, crypto.randomUUID())
          .replace(':order_number', 'x'),
      );
      const label = `GET ${route.path}`;
      expect(response.status, label).not.toBe(401);
      if (response.status === 404)
        expect(apiErrorBodySchema.parse(await response.json()).key, label).not.toBe('shop_not_found');
    }
  });

  it.each([
    ['an admin of shop A', () => adminA],
    ['a member of shop A', () => memberA],
  ])('%s finds nothing of shop B through the Claims view, its search and its export', async (_who, client) => {
    const reference = claimReference(claimB.uuid);
    const filters = [
      `q=${reference}`,
      `q=${claimB.uuid}`,
      `q=${orderB}`,
      'q=jane',
      'delivery=pending,parked,delivered,none',
      'rows=items',
    ];
    for (const query of filters) {
      for (const route of ['view', 'summary', 'export.csv']) {
        const response = await client().call('GET', `/v1/shops/${B}/claims/${route}?${query}`);
        const text = await response.text();
        expect(response.status, `${route}?${query}`).toBe(404);
        for (const secret of secretsOfB()) expect(text).not.toContain(secret);
      }
      // Searched for in their own shop, shop B's claim is not found either.
      const own = await client().call('GET', `/v1/shops/${t.slug}/claims/view?${query.replace('rows=items', '')}`);
      expect(own.status, query).toBe(200);
      expect(await own.json(), query).toEqual({ data: [], next_cursor: null });
      const exported = await client().call('GET', `/v1/shops/${t.slug}/claims/export.csv?${query}`);
      expect(exported.status, query).toBe(200);
      expect((await exported.text()).split('\r\n').filter(Boolean), query).toHaveLength(1);
    }
  });

  it('leaves shop B unchanged', async () => {
    expect(claimSchema.parse(await (await shopB.call('GET', `/claims/${claimB.uuid}`)).json()).status).toBe(
      claimB.status,
    );
    expect((await shopB.call('GET', `/webhooks/${webhookB.uuid}`)).status).toBe(200);
    expect((await shopB.call('GET', '/integrations/gorgias')).status).toBe(200);
    expect((await shopB.call('GET', '/integrations/dixa')).status).toBe(200);
    const settings = (await (await shopB.call('GET', '/resolve/embed-config/settings')).json()) as {
      allowed_urls: string[];
    };
    expect(settings.allowed_urls).toEqual(['https://help.shop-b.example/*']);
  });

  it('a session cannot be turned into shop B access with a shop-B-looking API key header either', async () => {
    // Basic auth decides alone when present: a user of shop A with a wrong key for B is 401, not a fallback to the session.
    const response = await adminA.call('GET', `/v1/shops/${B}/claims`, undefined, {
      Authorization: `Basic ${Buffer.from(`${B}:krs_guess`).toString('base64')}`,
    });
    expect(response.status).toBe(401);
  });
});
