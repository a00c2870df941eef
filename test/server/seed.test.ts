import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedConfigSchema } from '../../src/core/embed-config.js';
import { orderListSchema } from '../../src/core/orders.js';
import { sessionResponseSchema } from '../../src/core/session.js';
import { startApiServer, type RunningApi } from '../../src/server/index.js';
import { seedDemoShop } from '../../demo/seed.js';
import { backends } from './support.js';

describe.each(backends)('demo seed on $name', (backend) => {
  let store: Awaited<ReturnType<typeof backend.freshStore>>;
  let api: RunningApi;
  beforeAll(async () => {
    store = await backend.freshStore();
    api = await startApiServer({ ...store.options, port: 0, log: () => {} });
  });
  afterAll(async () => {
    await api.close();
    await store.dispose();
  });

  it('seeds a working demo shop, and seeding again changes nothing but the key', async () => {
    const options = {
      slug: 'seed-shop',
      allowedUrls: ['https://help.seed.example/*/articles/*'],
      logoUrl: 'https://cdn.seed.example/logo.svg',
    };
    const first = await seedDemoShop(api, options);
    const second = await seedDemoShop(api, options);
    expect(second.tryOrders).toEqual(first.tryOrders);
    expect(first.tryOrders.length).toBeGreaterThanOrEqual(10);
    expect(first.username).toBe('seed-shop');

    const base = `http://127.0.0.1:${api.port}/v1/shops/seed-shop`;
    const config = embedConfigSchema.parse(await (await fetch(`${base}/resolve/embed-config`)).json());
    expect(config).toMatchObject({
      enabled: true,
      default_language: 'en',
      allowed_urls: options.allowedUrls,
      branding: { primary_color: '#5b3df5', logo_url: options.logoUrl },
    });
    expect(config.languages).toHaveLength(8);

    for (const key of [first.apiKey, second.apiKey]) {
      const listed = await fetch(`${base}/orders?per_page=100`, {
        headers: { Authorization: `Basic ${Buffer.from(`seed-shop:${key}`).toString('base64')}` },
      });
      expect(orderListSchema.parse(await listed.json()).total).toBe(first.tryOrders.length);
    }
    const zipFormats = new Set<string>();
    for (const order of first.tryOrders) {
      const response = await fetch(`${base}/resolve/sessions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ order_number: order.orderNumber, zip_code: order.zipCode }),
      });
      expect(response.status, order.note).toBe(201);
      const session = sessionResponseSchema.parse(await response.json());
      expect(session.available_flows.length, order.note).toBeGreaterThan(0);
      zipFormats.add(order.zipCode.replace(/[A-Z]/g, 'A').replace(/\d/g, '9'));
    }
    expect([...zipFormats]).toEqual(expect.arrayContaining(['99999', 'AA9A 9AA', '9999 AA', '9999', '99-999']));
  });
});
