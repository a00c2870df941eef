import { DEFAULT_RESOLVE_SETTINGS } from '../src/core/resolve-settings.js';
import type { RunningApi } from '../src/server/index.js';
import { upsertOrder } from '../src/server/orders.js';
import { writeResolveSettings } from '../src/server/settings.js';
import { ensureUser, setMembership, setPassword } from '../src/server/accounts.js';
import { syncAllowedUrls } from '../src/server/allow-list-review.js';
import { updateShopPolicy } from '../src/server/shop-policy.js';
import { createApiKey, ensureShop, writeEmbedConfig } from '../src/server/shops.js';
import { demoOrders } from './seed-orders.js';

export interface SeedOptions {
  slug: string;
  allowedUrls: string[];
  /** The tile's logo; defaults to `{assetOrigin}/demo-assets/logo.svg` when an asset origin is given. */
  logoUrl?: string;
  /** Origin serving `/demo-assets/...` (product images, logo): the demo app server. Without it, orders carry no product images. */
  assetOrigin?: string;
}

export interface SeededShop {
  apiKey: string;
  username: string;
  tryOrders: { orderNumber: string; zipCode: string; note: string }[];
}

/**
 * The demo shop: created if absent, a fresh API key, its embed config, Resolve settings and about
 * ten orders. Safe to run again on the same store (orders are upserted).
 */
export async function seedDemoShop(api: RunningApi, options: SeedOptions): Promise<SeededShop> {
  const shop = await ensureShop(api.db, options.slug, 'Demo Shop');
  const apiKey = await createApiKey(api.db, shop);
  // What an operator decided for the demo shop: both helpdesks available; its allow-list is live.
  await updateShopPolicy(api.db, shop, { integrations: { gorgias: true, dixa: true } });
  await syncAllowedUrls(api.db, shop, options.allowedUrls, true);
  await writeEmbedConfig(api.db, shop, {
    enabled: true,
    allowed_urls: options.allowedUrls,
    default_language: 'en',
    languages: ['en', 'de', 'fr', 'es', 'it', 'nl', 'da', 'pl'],
    branding: {
      primary_color: '#5b3df5',
      ...(options.logoUrl || options.assetOrigin
        ? { logo_url: options.logoUrl ?? `${options.assetOrigin}/demo-assets/logo.svg` }
        : {}),
    },
    tile: { placement: 'auto', position: 'bottom-left' },
  });
  await writeResolveSettings(api.db, shop, {
    ...DEFAULT_RESOLVE_SETTINGS,
    min_photos_per_item: 1,
    package_photo: 'optional',
  });
  const orders = demoOrders(options.assetOrigin);
  for (const order of orders) await upsertOrder(api.db, shop, order.input);
  return {
    apiKey,
    username: shop.slug,
    tryOrders: orders.map((order) => ({
      orderNumber: order.input.order_number.replace(/^#/, ''),
      zipCode: order.input.zip_code,
      note: order.note,
    })),
  };
}

/**
 * The demo's portal accounts. Fixed, printed credentials: a local demo on loopback, never a
 * deployment. Created if absent; their passwords are set again at every start, so what the demo
 * prints always works, even on a kept `.data/demo` store.
 */
export const DEMO_PORTAL_ACCOUNTS = {
  operator: { email: 'operator@resolve-demo.example', password: 'demo-operator-password' },
  admin: { email: 'admin@demo-shop.example', password: 'demo-admin-password' },
  member: { email: 'member@demo-shop.example', password: 'demo-member-password' },
} as const;

export async function seedDemoAccounts(api: RunningApi, slug: string): Promise<typeof DEMO_PORTAL_ACCOUNTS> {
  const shop = await ensureShop(api.db, slug, 'Demo Shop');
  for (const [kind, account] of Object.entries(DEMO_PORTAL_ACCOUNTS)) {
    const { user, created } = await ensureUser(api.db, account.email, account.password, {
      operator: kind === 'operator',
    });
    if (!created) await setPassword(api.db, user.id, account.password);
    if (kind !== 'operator') await setMembership(api.db, user.id, shop, kind === 'admin' ? 'admin' : 'member');
  }
  return DEMO_PORTAL_ACCOUNTS;
}
