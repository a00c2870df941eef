import { createHash, randomBytes, randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import { embedConfigSchema, type EmbedConfig, type EmbedConfigInput } from '../core/embed-config.js';
import type { Queryable } from './db/database.js';

/** Shops, their API keys and their embed config. */
export interface Shop {
  id: string;
  slug: string;
  name: string;
}

export async function findShop(db: Queryable, slug: string): Promise<Shop | undefined> {
  const [row] = await db.query<Shop>('SELECT id, slug, name FROM shops WHERE slug = $1', [slug]);
  return row;
}

/** The shop a stored row (a delivery job, a claim) points at by id. */
export async function findShopById(db: Queryable, id: string): Promise<Shop | undefined> {
  const [row] = await db.query<Shop>('SELECT id, slug, name FROM shops WHERE id = $1', [id]);
  return row;
}

/** Creates the shop, or returns the existing one with that slug. */
export async function ensureShop(db: Queryable, slug: string, name: string): Promise<Shop> {
  await db.query('INSERT INTO shops (id, slug, name) VALUES ($1, $2, $3) ON CONFLICT (slug) DO NOTHING', [
    randomUUID(),
    slug,
    name,
  ]);
  const shop = await findShop(db, slug);
  if (!shop) throw new Error(`shop ${slug} vanished after insert`);
  return shop;
}

const hashKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

/**
 * A new API key: 32 random bytes, shown once, stored as a sha256 hash. Keys carry a readable prefix
 * so a leaked one is recognisable in logs or code search.
 */
export async function createApiKey(db: Queryable, shop: Shop): Promise<string> {
  const key = `krs_${randomBytes(32).toString('base64url')}`;
  await db.query('INSERT INTO api_keys (id, shop_id, key_hash, key_prefix) VALUES ($1, $2, $3, $4)', [
    randomUUID(),
    shop.id,
    hashKey(key),
    key.slice(0, 8),
  ]);
  return key;
}

/**
 * Whether `key` is a live key of `shop`. Only the key's SHA-256 is looked up: a caller learns
 * nothing from timing about stored keys, since it cannot choose the hash it sends.
 */
export async function verifyApiKey(db: Queryable, shop: Shop, key: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM api_keys WHERE shop_id = $1 AND key_hash = $2 AND revoked_at IS NULL', [
    shop.id,
    hashKey(key),
  ]);
  return rows.length > 0;
}

export async function readEmbedConfig(
  db: Queryable,
  shop: Shop,
): Promise<{ config: EmbedConfig; updatedAt: Date } | undefined> {
  const [row] = await db.query<{ config: unknown; updated_at: Date }>(
    'SELECT config, updated_at FROM embed_configs WHERE shop_id = $1',
    [shop.id],
  );
  if (!row) return undefined;
  // Stored data is re-validated on the way out: a config written by an older version never
  // reaches a merchant's page in a shape the bundle would refuse.
  const parsed = z.safeParse(embedConfigSchema, { ...(row.config as object), shop_slug: shop.slug });
  return parsed.success ? { config: parsed.data, updatedAt: new Date(row.updated_at) } : undefined;
}

export async function writeEmbedConfig(db: Queryable, shop: Shop, input: EmbedConfigInput): Promise<EmbedConfig> {
  await db.query(
    `INSERT INTO embed_configs (shop_id, config, updated_at) VALUES ($1, $2, now())
     ON CONFLICT (shop_id) DO UPDATE SET config = EXCLUDED.config, updated_at = now()`,
    [shop.id, JSON.stringify(input)],
  );
  return { ...input, shop_slug: shop.slug };
}
