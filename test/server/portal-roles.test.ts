import { beforeAll, describe, expect, it } from 'vitest';
import { apiErrorBodySchema } from '../../src/core/api-error.js';
import { embedConfigSchema } from '../../src/core/embed-config.js';
import {
  embedConfigSettingsSchema,
  integrationAvailabilitySchema,
  operatorShopListSchema,
  operatorShopSchema,
  pendingAllowedUrlListSchema,
  portalSessionSchema,
  shopProfileSchema,
  shopUserAddedSchema,
  shopUserListSchema,
} from '../../src/core/portal.js';
import { createPortalUser, merchantRouteTable, signIn, type PortalClient } from './portal-support.js';
import { backends, useTestApi } from './support.js';

const PASSWORD = 'roles password 1234';

describe.each(backends)('portal roles, operator routes and allow-list review on $name', (backend) => {
  const t = useTestApi(backend, { deliveryWorker: false });
  let operator: PortalClient;
  let admin: PortalClient;
  let member: PortalClient;
  const publicConfig = async (slug: string) =>
    embedConfigSchema.parse(await (await fetch(t.url(`/v1/shops/${slug}/resolve/embed-config`))).json());
  const settings = (urls: string[]) => ({
    enabled: true,
    allowed_urls: urls,
    default_language: 'en',
    branding: { primary_color: '#224466' },
  });

  beforeAll(async () => {
    await createPortalUser(t.api, 'operator@platform.test', PASSWORD, { operator: true });
    await createPortalUser(t.api, 'admin@shop.test', PASSWORD, { shop: t.slug, role: 'admin' });
    await createPortalUser(t.api, 'member@shop.test', PASSWORD, { shop: t.slug, role: 'member' });
    operator = await signIn(t.api.origin, 'operator@platform.test', PASSWORD);
    admin = await signIn(t.api.origin, 'admin@shop.test', PASSWORD);
    member = await signIn(t.api.origin, 'member@shop.test', PASSWORD);
  }, 120_000);

  it('a member may read but gets 403 forbidden on every write route', async () => {
    expect(member.session.shops).toEqual([{ slug: t.slug, name: 'Test Shop', role: 'member' }]);
    const writes = merchantRouteTable(t.api).filter((route) => route.method !== 'GET');
    expect(writes.length).toBeGreaterThanOrEqual(15);
    for (const route of writes) {
      const path = route.path
        .replace(':slug', t.slug)
        .replace(/:uuid|:id/g, crypto.randomUUID())
        .replace(':order_number', '1001');
      const response = await member.call(route.method, path, route.method === 'DELETE' ? undefined : {});
      expect(response.status, `${route.method} ${path}`).toBe(403);
      expect(apiErrorBodySchema.parse(await response.json()).key).toBe('forbidden');
    }
    for (const path of [
      '/orders',
      '/claims',
      '/resolve/settings',
      '/resolve/embed-config/settings',
      '/webhooks',
      '/profile',
      '/integrations',
    ]) {
      expect((await member.call('GET', `/v1/shops/${t.slug}${path}`)).status, path).toBe(200);
    }
    expect(
      shopProfileSchema.parse(await (await member.call('GET', `/v1/shops/${t.slug}/profile`)).json()),
    ).toMatchObject({
      slug: t.slug,
      name: 'Test Shop',
      role: 'member',
      api_origin: t.api.origin,
    });
    // The same write by the shop's admin goes through.
    expect(
      (
        await admin.call(
          'PUT',
          `/v1/shops/${t.slug}/resolve/settings`,
          await (await member.call('GET', `/v1/shops/${t.slug}/resolve/settings`)).json(),
        )
      ).status,
    ).toBe(200);
  });

  it('operator routes refuse merchants (403) and anonymous callers (401), and need the CSRF token', async () => {
    for (const client of [admin, member]) {
      expect((await client.call('GET', '/v1/operator/shops')).status).toBe(403);
      expect((await client.call('POST', '/v1/operator/shops', { slug: 'sneaky', name: 'Sneaky' })).status).toBe(403);
    }
    expect((await fetch(t.url('/v1/operator/shops'))).status).toBe(401);
    expect((await fetch(t.url('/v1/operator/shops'), { headers: { Authorization: t.merchantAuth } })).status).toBe(401);
    const noToken = await operator.call(
      'POST',
      '/v1/operator/shops',
      { slug: 'no-token', name: 'No token' },
      { 'X-CSRF-Token': 'x' },
    );
    expect(noToken.status).toBe(403);
    expect(apiErrorBodySchema.parse(await noToken.json()).key).toBe('csrf_failed');
  });

  it('an operator creates and finds shops, adds users with a role, and the new user signs in with the one-time password', async () => {
    const created = await operator.call('POST', '/v1/operator/shops', {
      slug: 'north-wind',
      name: 'North Wind Outdoor',
    });
    expect(created.status).toBe(201);
    expect(operatorShopSchema.parse(await created.json())).toMatchObject({
      slug: 'north-wind',
      trusted: false,
      integrations: { gorgias: false, dixa: false },
      pending_urls: 0,
    });
    const again = await operator.call('POST', '/v1/operator/shops', { slug: 'north-wind', name: 'Again' });
    expect(again.status).toBe(409);
    expect(apiErrorBodySchema.parse(await again.json()).key).toBe('shop_exists');
    expect((await operator.call('POST', '/v1/operator/shops', { slug: 'Not A Slug', name: 'x' })).status).toBe(422);

    const search = operatorShopListSchema.parse(await (await operator.call('GET', '/v1/operator/shops?q=WIND')).json());
    expect(search.data.map((shop) => shop.slug)).toEqual(['north-wind']);
    const all = operatorShopListSchema.parse(await (await operator.call('GET', '/v1/operator/shops')).json());
    expect(all.data.map((shop) => shop.slug).sort()).toEqual(['north-wind', t.slug]);
    expect(
      operatorShopListSchema.parse(await (await operator.call('GET', '/v1/operator/shops?q=%25')).json()).total,
    ).toBe(0);

    const added = await operator.call('POST', '/v1/operator/shops/north-wind/users', {
      email: 'New.Admin@north.test',
      role: 'admin',
    });
    expect(added.status).toBe(201);
    const { user, one_time_password } = shopUserAddedSchema.parse(await added.json());
    expect(user).toMatchObject({ email: 'New.Admin@north.test', role: 'admin' });
    expect(one_time_password).toBeTruthy();
    // An existing account gets the membership and no new password.
    const existing = shopUserAddedSchema.parse(
      await (
        await operator.call('POST', '/v1/operator/shops/north-wind/users', {
          email: 'member@SHOP.test',
          role: 'member',
        })
      ).json(),
    );
    expect(existing.one_time_password).toBeNull();
    const users = shopUserListSchema.parse(
      await (await operator.call('GET', '/v1/operator/shops/north-wind/users')).json(),
    );
    expect(users.data.map((entry) => [entry.email, entry.role])).toEqual([
      ['member@shop.test', 'member'],
      ['New.Admin@north.test', 'admin'],
    ]);
    const newcomer = await signIn(t.api.origin, 'new.admin@north.test', one_time_password as string);
    expect(portalSessionSchema.parse(newcomer.session).shops).toEqual([
      { slug: 'north-wind', name: 'North Wind Outdoor', role: 'admin' },
    ]);
    // The member now belongs to two shops and sees both.
    const memberAgain = await signIn(t.api.origin, 'member@shop.test', PASSWORD);
    expect(memberAgain.session.shops.map((shop) => shop.slug)).toEqual(['north-wind', t.slug]);
  });

  it('an integration the operator has not enabled answers 403 integration_not_available, to sessions and API keys, until enabled', async () => {
    await operator.call('POST', '/v1/operator/shops', { slug: 'closed-shop', name: 'Closed Shop' });
    const { one_time_password } = shopUserAddedSchema.parse(
      await (
        await operator.call('POST', '/v1/operator/shops/closed-shop/users', {
          email: 'second@closed.test',
          role: 'admin',
        })
      ).json(),
    );
    const closedAdmin = await signIn(t.api.origin, 'second@closed.test', one_time_password as string);
    const availability = integrationAvailabilitySchema.parse(
      await (await closedAdmin.call('GET', '/v1/shops/closed-shop/integrations')).json(),
    );
    expect(availability).toEqual({
      gorgias: { available: false, configured: false, enabled: false },
      dixa: { available: false, configured: false, enabled: false },
    });
    const calls: [string, string, unknown?][] = [
      ['GET', '/integrations/gorgias'],
      ['PUT', '/integrations/gorgias', { endpoint: 'https://acme.gorgias.com', email: 'a@b.c', api_key: 'k' }],
      ['PATCH', '/integrations/gorgias', { enabled: true }],
      ['DELETE', '/integrations/gorgias'],
      ['GET', '/integrations/gorgias/custom-fields'],
      ['GET', '/integrations/dixa'],
      ['PUT', '/integrations/dixa', { api_token: 'x' }],
      ['PATCH', '/integrations/dixa', { enabled: false }],
      ['DELETE', '/integrations/dixa'],
      ['GET', '/integrations/dixa/email-endpoints'],
      ['GET', '/integrations/dixa/agents'],
      ['GET', '/integrations/dixa/custom-attributes'],
    ];
    for (const [method, path, body] of calls) {
      const response = await closedAdmin.call(method, `/v1/shops/closed-shop${path}`, body, {
        'Accept-Language': 'de',
      });
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(apiErrorBodySchema.parse(await response.json())).toMatchObject({
        key: 'integration_not_available',
        message: expect.stringContaining('nicht verfügbar'),
      });
    }
    // The same for the test shop's API key once the operator switches Dixa off there.
    expect(
      (await operator.call('PATCH', `/v1/operator/shops/${t.slug}`, { integrations: { dixa: false } })).status,
    ).toBe(200);
    expect(
      (await fetch(t.url(`/v1/shops/${t.slug}/integrations/dixa`), { headers: { Authorization: t.merchantAuth } }))
        .status,
    ).toBe(403);
    expect(
      (await fetch(t.url(`/v1/shops/${t.slug}/integrations/gorgias`), { headers: { Authorization: t.merchantAuth } }))
        .status,
    ).toBe(404);

    const enabled = operatorShopSchema.parse(
      await (
        await operator.call('PATCH', '/v1/operator/shops/closed-shop', { integrations: { gorgias: true } })
      ).json(),
    );
    expect(enabled.integrations).toEqual({ gorgias: true, dixa: false });
    const now = await closedAdmin.call('GET', '/v1/shops/closed-shop/integrations/gorgias');
    expect(now.status).toBe(404);
    expect(apiErrorBodySchema.parse(await now.json()).key).toBe('integration_not_found');
    expect(
      shopProfileSchema.parse(await (await closedAdmin.call('GET', '/v1/shops/closed-shop/profile')).json())
        .integrations,
    ).toEqual({ gorgias: true, dixa: false });
  });

  it('allow-list entries stay pending until an operator approves or refuses them; the public config serves only live ones', async () => {
    const path = `/v1/shops/${t.slug}/resolve/embed-config`;
    const urls = ['https://help.shop.test/*/articles/*', 'https://help.shop.test/en-US', 'https://evil.example/*'];
    const saved = embedConfigSettingsSchema.parse(await (await admin.call('PUT', path, settings(urls))).json());
    expect(saved.allowed_urls).toEqual(urls);
    expect(saved.allowed_url_states.map((entry) => entry.state)).toEqual(['pending', 'pending', 'pending']);
    expect((await publicConfig(t.slug)).allowed_urls).toEqual([]);

    const queue = pendingAllowedUrlListSchema.parse(
      await (await operator.call('GET', '/v1/operator/allowed-urls')).json(),
    );
    expect(
      queue.data
        .filter((entry) => entry.shop_slug === t.slug)
        .map((entry) => entry.url)
        .sort(),
    ).toEqual([...urls].sort());
    expect((await admin.call('GET', '/v1/operator/allowed-urls')).status).toBe(403);

    const decide = (url: string, decision: 'approve' | 'refuse') =>
      operator.call('POST', `/v1/operator/shops/${t.slug}/allowed-urls/decision`, { url, decision });
    expect((await decide(urls[0] as string, 'approve')).status).toBe(200);
    expect((await decide(urls[1] as string, 'approve')).status).toBe(200);
    expect((await decide(urls[2] as string, 'refuse')).status).toBe(200);
    const unknown = await decide('https://never.listed.example/x', 'approve');
    expect(unknown.status).toBe(404);
    expect(apiErrorBodySchema.parse(await unknown.json()).key).toBe('allowed_url_not_found');

    expect((await publicConfig(t.slug)).allowed_urls).toEqual([urls[0], urls[1]]);
    const seen = embedConfigSettingsSchema.parse(await (await member.call('GET', `${path}/settings`)).json());
    expect(seen.allowed_url_states.map((entry) => [entry.url, entry.state])).toEqual([
      [urls[0], 'live'],
      [urls[1], 'live'],
      [urls[2], 'refused'],
    ]);

    // A new entry is pending again; the live ones stay live while it waits.
    const more = [...urls, 'https://help.shop.test/de-DE/returns-12'];
    const withNew = embedConfigSettingsSchema.parse(await (await admin.call('PUT', path, settings(more))).json());
    expect(withNew.allowed_url_states.map((entry) => entry.state)).toEqual(['live', 'live', 'refused', 'pending']);
    expect((await publicConfig(t.slug)).allowed_urls).toEqual([urls[0], urls[1]]);
    // Removed and added back: reviewed again.
    await admin.call('PUT', path, settings([urls[1] as string]));
    const readded = embedConfigSettingsSchema.parse(
      await (await admin.call('PUT', path, settings([urls[1] as string, urls[0] as string]))).json(),
    );
    expect(readded.allowed_url_states.map((entry) => entry.state)).toEqual(['live', 'pending']);
    // The API key is a merchant too: its entries wait for review the same way.
    const viaKey = await fetch(t.url(path), {
      method: 'PUT',
      headers: { Authorization: t.merchantAuth, 'Content-Type': 'application/json' },
      body: JSON.stringify(settings([urls[1] as string, 'https://shop.test/pages/returns'])),
    });
    expect(embedConfigSettingsSchema.parse(await viaKey.json()).allowed_url_states.map((entry) => entry.state)).toEqual(
      ['live', 'pending'],
    );
    expect((await publicConfig(t.slug)).allowed_urls).toEqual([urls[1]]);
  });

  it('a shop the operator trusts publishes new entries directly, including those still pending', async () => {
    const path = `/v1/shops/${t.slug}/resolve/embed-config`;
    expect(
      operatorShopSchema.parse(
        await (await operator.call('PATCH', `/v1/operator/shops/${t.slug}`, { trusted: true })).json(),
      ).trusted,
    ).toBe(true);
    const urls = ['https://help.shop.test/en-US', 'https://shop.test/pages/returns', 'https://shop.test/account/*'];
    const saved = embedConfigSettingsSchema.parse(await (await admin.call('PUT', path, settings(urls))).json());
    expect(saved.allowed_url_states.map((entry) => entry.state)).toEqual(['live', 'live', 'live']);
    expect((await publicConfig(t.slug)).allowed_urls).toEqual(urls);
    expect(shopProfileSchema.parse(await (await admin.call('GET', `/v1/shops/${t.slug}/profile`)).json()).trusted).toBe(
      true,
    );
  });
});
