import type { RunningApi } from '../src/server/index.js';
import { createApiKey, ensureShop, writeEmbedConfig } from '../src/server/shops.js';

export interface SeedOptions {
  slug: string;
  allowedUrls: string[];
  logoUrl?: string;
}

export interface SeededShop {
  apiKey: string;
  username: string;
  tryOrders: { orderNumber: string; zipCode: string; note: string }[];
}

/** The demo shop: created if absent, with a fresh API key and its embed config. Safe to run twice. */
export async function seedDemoShop(api: RunningApi, options: SeedOptions): Promise<SeededShop> {
  const shop = await ensureShop(api.db, options.slug, 'Demo Shop');
  const apiKey = await createApiKey(api.db, shop);
  await writeEmbedConfig(api.db, shop, {
    enabled: true,
    allowed_urls: options.allowedUrls,
    default_language: 'en',
    languages: ['en', 'de', 'fr', 'es', 'it', 'nl', 'da', 'pl'],
    branding: { primary_color: '#5b3df5', ...(options.logoUrl ? { logo_url: options.logoUrl } : {}) },
    tile: { placement: 'auto', position: 'bottom-left' },
  });
  return { apiKey, username: shop.slug, tryOrders: [] };
}
