import * as z from 'zod/mini';
import { DEFAULT_RESOLVE_SETTINGS, resolveSettingsSchema, type ResolveSettings } from '../core/resolve-settings.js';
import type { Queryable } from './db/database.js';
import type { Shop } from './shops.js';

/** The shop's Resolve settings, or the defaults when it has saved none (or an outdated shape). */
export async function readResolveSettings(db: Queryable, shop: Shop): Promise<ResolveSettings> {
  const [row] = await db.query<{ settings: unknown }>('SELECT settings FROM resolve_settings WHERE shop_id = $1', [
    shop.id,
  ]);
  const parsed = row ? z.safeParse(resolveSettingsSchema, row.settings) : undefined;
  return parsed?.success ? parsed.data : DEFAULT_RESOLVE_SETTINGS;
}

export async function writeResolveSettings(
  db: Queryable,
  shop: Shop,
  settings: ResolveSettings,
): Promise<ResolveSettings> {
  await db.query(
    `INSERT INTO resolve_settings (shop_id, settings) VALUES ($1, $2)
     ON CONFLICT (shop_id) DO UPDATE SET settings = EXCLUDED.settings, updated_at = now()`,
    [shop.id, JSON.stringify(settings)],
  );
  return settings;
}
