import type { IntegrationFlags, IntegrationProvider } from '../core/portal.js';
import type { Queryable } from './db/database.js';
import { ApiError } from './errors.js';
import type { Shop } from './shops.js';

/** What operators decide per shop: which helpdesks it may use, and whether its allow-list publishes without review. */
export interface ShopPolicy {
  trusted: boolean;
  integrations: IntegrationFlags;
}

export async function readShopPolicy(db: Queryable, shop: Shop): Promise<ShopPolicy> {
  const [row] = await db.query<{ trusted: boolean; gorgias_available: boolean; dixa_available: boolean }>(
    'SELECT trusted, gorgias_available, dixa_available FROM shops WHERE id = $1',
    [shop.id],
  );
  return {
    trusted: row?.trusted ?? false,
    integrations: { gorgias: row?.gorgias_available ?? false, dixa: row?.dixa_available ?? false },
  };
}

export async function updateShopPolicy(
  db: Queryable,
  shop: Shop,
  change: { trusted?: boolean; integrations?: Partial<IntegrationFlags> },
): Promise<void> {
  await db.query(
    `UPDATE shops SET trusted = COALESCE($2, trusted), gorgias_available = COALESCE($3, gorgias_available),
       dixa_available = COALESCE($4, dixa_available) WHERE id = $1`,
    [shop.id, change.trusted ?? null, change.integrations?.gorgias ?? null, change.integrations?.dixa ?? null],
  );
}

/** Merchants' routes of a helpdesk an operator has not enabled for the shop: 403, for API keys and sessions alike. */
export async function requireIntegrationAvailable(
  db: Queryable,
  shop: Shop,
  provider: IntegrationProvider,
): Promise<void> {
  const policy = await readShopPolicy(db, shop);
  if (!policy.integrations[provider]) throw new ApiError(403, 'integration_not_available');
}
