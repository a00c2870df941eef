import { describe, expect, it } from 'vitest';
import { apiErrorBodySchema } from '../../src/core/api-error.js';
import { backends, useTestApi } from './support.js';

/**
 * A merchant (or whoever holds a merchant key) must not point the API's outgoing requests at
 * the API's own machine or network: every notation of a loopback, link-local or special-purpose
 * address is refused at registration, as a production API (no loopback flag) runs.
 */
const REFUSED = [
  'https://[::127.0.0.1]/hook',
  'https://[::ffff:0:7f00:1]/hook',
  'https://[64:ff9b::a9fe:a9fe]/latest/meta-data',
  'https://[2002:a9fe:a9fe::]/hook',
  'https://[fec0::1]/hook',
  'https://192.0.0.170/hook',
  'https://localhost./hook',
  'https://api.localhost./hook',
  'https://0x7f000001/hook',
];

describe.each(backends)('webhook destinations on $name', (backend) => {
  const t = useTestApi(backend, { deliveryWorker: false });
  const register = (url: string) =>
    fetch(t.url(`/v1/shops/${t.slug}/webhooks`), {
      method: 'POST',
      headers: { Authorization: t.merchantAuth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ url }),
    });

  it.each(REFUSED)('refuses %s with 422 webhook_url_invalid', async (url) => {
    const response = await register(url);
    expect(response.status).toBe(422);
    expect(apiErrorBodySchema.parse(await response.json()).key).toBe('webhook_url_invalid');
  });

  it('still accepts a public receiver, also behind NAT64', async () => {
    expect((await register('https://hooks.example.com/resolve')).status).toBe(201);
    expect((await register('https://[64:ff9b::808:808]/resolve')).status).toBe(201);
  });

  it('refuses those updates too', async () => {
    const created = (await (await register('https://hooks.example.com/other')).json()) as { uuid: string };
    const response = await fetch(t.url(`/v1/shops/${t.slug}/webhooks/${created.uuid}`), {
      method: 'PATCH',
      headers: { Authorization: t.merchantAuth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ url: 'https://[::ffff:0:a9fe:a9fe]/latest/meta-data' }),
    });
    expect(response.status).toBe(422);
  });
});
