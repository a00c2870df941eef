import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorBodySchema } from '../../src/core/api-error.js';
import { portalSessionSchema } from '../../src/core/portal.js';
import { startApiServer } from '../../src/server/index.js';
import { createPortalUser, cookieOf, signIn } from './portal-support.js';
import { backends, startTestApi, type TestApi } from './support.js';

const PASSWORD = 'correct horse battery staple';

describe.each(backends)('portal sessions on $name', (backend) => {
  let store: Awaited<ReturnType<typeof backend.freshStore>>;
  let t: TestApi;
  let origin: string;
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${origin}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: origin, ...headers },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    store = await backend.freshStore();
    t = await startTestApi({
      ...store.options,
      signInThrottle: { maxFailures: 4, maxFailuresPerClient: 6, windowMs: 60_000 },
      trustProxyHops: 1,
    });
    origin = t.api.origin;
    await createPortalUser(t.api, 'Admin@Shop.test', PASSWORD, { shop: t.slug, role: 'admin' });
    await createPortalUser(t.api, 'changer@shop.test', PASSWORD, { shop: t.slug, role: 'admin' });
    await createPortalUser(t.api, 'throttled@shop.test', PASSWORD, { shop: t.slug, role: 'member' });
  });
  afterAll(async () => {
    await t.api.close();
    await store.dispose();
  });

  it('signs in with any case of the email, sets an HttpOnly SameSite=Lax cookie with an expiry, and knows the user', async () => {
    const response = await post('/v1/portal/session', { email: '  admin@SHOP.test ', password: PASSWORD });
    expect(response.status).toBe(200);
    const session = portalSessionSchema.parse(await response.json());
    expect(session.user).toMatchObject({ email: 'Admin@Shop.test', operator: false });
    expect(session.shops).toEqual([{ slug: t.slug, name: 'Test Shop', role: 'admin' }]);
    const [setCookie] = response.headers.getSetCookie();
    // Loopback http: browsers refuse Secure cookies and the __Host- prefix there.
    expect(setCookie).toMatch(/^resolve_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/; HttpOnly/i);
    expect(setCookie).toMatch(/; SameSite=Lax/i);
    expect(setCookie).toMatch(/; Path=\//i);
    expect(setCookie).toMatch(/; Max-Age=\d+/i);
    expect(setCookie).toMatch(/; Expires=/i);
    expect(setCookie).not.toMatch(/Secure/i);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const me = await fetch(`${origin}/v1/portal/session`, { headers: { Cookie: cookieOf(response) } });
    expect(portalSessionSchema.parse(await me.json()).user.email).toBe('Admin@Shop.test');
  });

  it('answers an unknown email exactly as a wrong password', async () => {
    const headers = { 'Accept-Language': 'de', 'X-Forwarded-For': '192.0.2.10' };
    const unknown = await post('/v1/portal/session', { email: 'nobody@shop.test', password: PASSWORD }, headers);
    const wrong = await post('/v1/portal/session', { email: 'admin@shop.test', password: 'not the password' }, headers);
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.headers.getSetCookie()).toEqual([]);
    expect(await unknown.text()).toBe(await wrong.text());
    expect(
      apiErrorBodySchema.parse(
        await (
          await post('/v1/portal/session', { email: 'x@y.z', password: '' }, { 'X-Forwarded-For': '192.0.2.10' })
        ).json(),
      ),
    ).toMatchObject({
      key: 'sign_in_failed',
      message: 'The email or password is incorrect.',
    });
  });

  it('throttles failed sign-ins per account: past the limit even the right password gets 429 with Retry-After', async () => {
    // Each attempt from another address: the account's own limit is what locks it.
    const from = (i: number) => ({ 'X-Forwarded-For': `198.51.100.${i}` });
    for (let i = 0; i < 4; i++)
      expect(
        (await post('/v1/portal/session', { email: 'throttled@shop.test', password: `wrong-${i}` }, from(i))).status,
      ).toBe(401);
    const locked = await post('/v1/portal/session', { email: 'THROTTLED@shop.test', password: PASSWORD }, from(9));
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(apiErrorBodySchema.parse(await locked.json()).key).toBe('too_many_attempts');
    // Another account from the same address is not locked by it.
    expect((await post('/v1/portal/session', { email: 'admin@shop.test', password: PASSWORD })).status).toBe(200);
  });

  it('throttles failed sign-ins per address across accounts (password spraying)', async () => {
    const from = { 'X-Forwarded-For': '203.0.113.77' };
    for (const email of ['a@x.test', 'b@x.test', 'c@x.test', 'd@x.test', 'e@x.test', 'f@x.test']) {
      expect((await post('/v1/portal/session', { email, password: 'guess' }, from)).status).toBe(401);
    }
    expect((await post('/v1/portal/session', { email: 'admin@shop.test', password: PASSWORD }, from)).status).toBe(429);
    // The account itself is not locked for everyone else.
    expect(
      (
        await post(
          '/v1/portal/session',
          { email: 'admin@shop.test', password: PASSWORD },
          { 'X-Forwarded-For': '203.0.113.78' },
        )
      ).status,
    ).toBe(200);
  });

  it('refuses a sign-in posted from another origin (login CSRF)', async () => {
    const response = await post(
      '/v1/portal/session',
      { email: 'admin@shop.test', password: PASSWORD },
      { Origin: 'https://evil.example' },
    );
    expect(response.status).toBe(403);
    expect(apiErrorBodySchema.parse(await response.json()).key).toBe('csrf_failed');
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it('refuses writes with a session but without the CSRF token, with a wrong one, from another origin or with no Origin', async () => {
    const client = await signIn(origin, 'admin@shop.test', PASSWORD);
    const settings = {
      enabled: true,
      allowed_urls: [],
      default_language: 'en',
      branding: { primary_color: '#112233' },
    };
    const path = `/v1/shops/${t.slug}/resolve/embed-config`;
    const token = client.session.csrf_token;
    const otherToken = (await signIn(origin, 'changer@shop.test', PASSWORD)).session.csrf_token;
    const base = { Cookie: client.cookie, 'Content-Type': 'application/json' };
    const cases: [string, Record<string, string>][] = [
      ['no token', { ...base, Origin: origin }],
      ['an empty token', { ...base, Origin: origin, 'X-CSRF-Token': '' }],
      ['another session’s token', { ...base, Origin: origin, 'X-CSRF-Token': otherToken }],
      ['another origin', { ...base, Origin: 'https://evil.example', 'X-CSRF-Token': token }],
      ['a look-alike origin', { ...base, Origin: `${origin}.evil.example`, 'X-CSRF-Token': token }],
      ['no Origin, cross-site fetch metadata', { ...base, 'Sec-Fetch-Site': 'cross-site', 'X-CSRF-Token': token }],
      ['no Origin, no fetch metadata', { ...base, 'X-CSRF-Token': token }],
    ];
    for (const [name, headers] of cases) {
      const response = await fetch(`${origin}${path}`, { method: 'PUT', headers, body: JSON.stringify(settings) });
      expect(response.status, name).toBe(403);
      expect(apiErrorBodySchema.parse(await response.json()).key, name).toBe('csrf_failed');
    }
    // The same request with both checks passing is accepted: the refusals above were the CSRF checks.
    expect((await client.call('PUT', path, settings)).status).toBe(200);
    // A same-origin browser request without Origin is accepted on Sec-Fetch-Site.
    const sameOrigin = await fetch(`${origin}${path}`, {
      method: 'PUT',
      headers: {
        Cookie: client.cookie,
        'Content-Type': 'application/json',
        'Sec-Fetch-Site': 'same-origin',
        'X-CSRF-Token': client.session.csrf_token,
      },
      body: JSON.stringify(settings),
    });
    expect(sameOrigin.status).toBe(200);
  });

  it('signs out: the session ends on the server, the cookie is cleared, and the old cookie no longer works', async () => {
    const client = await signIn(origin, 'admin@shop.test', PASSWORD);
    expect((await client.call('GET', '/v1/portal/session')).status).toBe(200);
    const out = await client.call('DELETE', '/v1/portal/session');
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie()[0]).toMatch(/^resolve_session=;.*Max-Age=0/i);
    const after = await client.call('GET', '/v1/portal/session');
    expect(after.status).toBe(401);
    expect((await client.call('GET', `/v1/shops/${t.slug}/orders`)).status).toBe(401);
  });

  it('a password change ends every other session of the user; the new password works, the old one does not', async () => {
    const laptop = await signIn(origin, 'changer@shop.test', PASSWORD);
    const phone = await signIn(origin, 'changer@shop.test', PASSWORD);
    const wrong = await laptop.call('POST', '/v1/portal/password', {
      current_password: 'nope',
      new_password: 'a new long passphrase',
    });
    expect(wrong.status).toBe(422);
    expect(apiErrorBodySchema.parse(await wrong.json()).key).toBe('current_password_wrong');
    const tooShort = await laptop.call('POST', '/v1/portal/password', {
      current_password: PASSWORD,
      new_password: 'short',
    });
    expect(tooShort.status).toBe(422);
    const changed = await laptop.call('POST', '/v1/portal/password', {
      current_password: PASSWORD,
      new_password: 'a new long passphrase',
    });
    expect(changed.status).toBe(200);
    expect((await laptop.call('GET', '/v1/portal/session')).status).toBe(200);
    expect((await phone.call('GET', '/v1/portal/session')).status).toBe(401);
    expect((await phone.call('GET', `/v1/shops/${t.slug}/orders`)).status).toBe(401);
    expect((await post('/v1/portal/session', { email: 'changer@shop.test', password: PASSWORD })).status).toBe(401);
    await signIn(origin, 'changer@shop.test', 'a new long passphrase');
  });

  it('a new sign-in in the same browser ends the session it carried, and always issues a new id', async () => {
    const first = await signIn(origin, 'admin@shop.test', PASSWORD);
    const again = await fetch(`${origin}/v1/portal/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: origin, Cookie: first.cookie },
      body: JSON.stringify({ email: 'admin@shop.test', password: PASSWORD }),
    });
    expect(again.status).toBe(200);
    expect(cookieOf(again)).not.toBe(first.cookie);
    expect((await first.call('GET', '/v1/portal/session')).status).toBe(401);
    expect((await fetch(`${origin}/v1/portal/session`, { headers: { Cookie: cookieOf(again) } })).status).toBe(200);
  });

  it('ignores a forged or unknown session cookie', async () => {
    for (const cookie of [
      'resolve_session=forged',
      `resolve_session=${'A'.repeat(43)}`,
      `__Host-resolve_session=${'A'.repeat(43)}`,
    ]) {
      expect((await fetch(`${origin}/v1/portal/session`, { headers: { Cookie: cookie } })).status).toBe(401);
    }
  });

  it('on an https origin the cookie is Secure and __Host- prefixed, and only that cookie counts', async () => {
    const secureStore = await backend.freshStore();
    const api = await startApiServer({
      ...secureStore.options,
      port: 0,
      log: () => {},
      publicOrigin: 'https://portal.example',
      deliveryWorker: false,
    });
    try {
      await createPortalUser(api, 'secure@shop.test', PASSWORD, { shop: 'secure-shop' });
      const response = await fetch(`http://127.0.0.1:${api.port}/v1/portal/session`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: 'https://portal.example' },
        body: JSON.stringify({ email: 'secure@shop.test', password: PASSWORD }),
      });
      expect(response.status).toBe(200);
      const [setCookie] = response.headers.getSetCookie();
      expect(setCookie).toMatch(/^__Host-resolve_session=[A-Za-z0-9_-]{43};/);
      expect(setCookie).toMatch(/; Secure/);
      expect(setCookie).toMatch(/; HttpOnly/);
      expect(setCookie).toMatch(/; SameSite=Lax/);
      expect(setCookie).not.toMatch(/Domain=/i);
      const value = cookieOf(response).split('=')[1];
      const me = (cookie: string) =>
        fetch(`http://127.0.0.1:${api.port}/v1/portal/session`, { headers: { Cookie: cookie } });
      expect((await me(`__Host-resolve_session=${value}`)).status).toBe(200);
      // The unprefixed name could be set by a sibling subdomain: it is not read on https.
      expect((await me(`resolve_session=${value}`)).status).toBe(401);
    } finally {
      await api.close();
      await secureStore.dispose();
    }
  }, 120_000);
});
