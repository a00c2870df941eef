import type { AllowedUrlState, AllowedUrlStateEntry, PendingAllowedUrl } from '../core/portal.js';
import type { Queryable } from './db/database.js';
import type { Shop } from './shops.js';

/**
 * The review of a shop's allow-list entries. The merchant's list lives in the embed config; each
 * entry has a row here: `pending` until an operator approves (`live`) or refuses it, or `live` at
 * once for a shop trusted to publish directly. The public embed config serves `live` entries only.
 */

interface ReviewRow {
  url: string;
  state: AllowedUrlState;
  created_at: Date;
  decided_at: Date | null;
}

const view = (row: ReviewRow): AllowedUrlStateEntry => ({
  url: row.url,
  state: row.state,
  created_at: new Date(row.created_at).toISOString(),
  decided_at: row.decided_at ? new Date(row.decided_at).toISOString() : null,
});

/**
 * Matches the review rows to the merchant's new list: entries no longer listed are forgotten (a
 * later re-add is reviewed again), new ones are pending, or live with `publishDirectly`, which also
 * publishes entries still pending. Refusals stay until an operator changes them.
 */
export async function syncAllowedUrls(
  db: Queryable,
  shop: Shop,
  urls: readonly string[],
  publishDirectly: boolean,
): Promise<void> {
  await db.query('DELETE FROM allowed_url_reviews WHERE shop_id = $1 AND NOT (url = ANY($2::text[]))', [
    shop.id,
    [...urls],
  ]);
  for (const url of new Set(urls)) {
    await db.query(
      `INSERT INTO allowed_url_reviews (shop_id, url, state, decided_at) VALUES ($1, $2, $3, CASE WHEN $3 = 'live' THEN now() END)
       ON CONFLICT (shop_id, url) DO NOTHING`,
      [shop.id, url, publishDirectly ? 'live' : 'pending'],
    );
  }
  if (publishDirectly) {
    await db.query(
      "UPDATE allowed_url_reviews SET state = 'live', decided_at = now() WHERE shop_id = $1 AND state = 'pending'",
      [shop.id],
    );
  }
}

/** Each listed entry's state, in the order the merchant listed them. */
export async function allowedUrlStates(
  db: Queryable,
  shop: Shop,
  urls: readonly string[],
): Promise<AllowedUrlStateEntry[]> {
  const rows = await db.query<ReviewRow>(
    'SELECT url, state, created_at, decided_at FROM allowed_url_reviews WHERE shop_id = $1',
    [shop.id],
  );
  const byUrl = new Map(rows.map((row) => [row.url, view(row)]));
  return [...new Set(urls)].flatMap((url) => byUrl.get(url) ?? []);
}

export async function liveAllowedUrls(db: Queryable, shop: Shop): Promise<Set<string>> {
  const rows = await db.query<{ url: string }>(
    "SELECT url FROM allowed_url_reviews WHERE shop_id = $1 AND state = 'live'",
    [shop.id],
  );
  return new Set(rows.map((row) => row.url));
}

/** An operator's decision; undefined when the shop does not list that URL. */
export async function decideAllowedUrl(
  db: Queryable,
  shop: Shop,
  url: string,
  decision: 'approve' | 'refuse',
  operatorId: string,
): Promise<AllowedUrlStateEntry | undefined> {
  const [row] = await db.query<ReviewRow>(
    `UPDATE allowed_url_reviews SET state = $3, decided_at = now(), decided_by = $4 WHERE shop_id = $1 AND url = $2
     RETURNING url, state, created_at, decided_at`,
    [shop.id, url, decision === 'approve' ? 'live' : 'refused', operatorId],
  );
  return row && view(row);
}

/** Entries of every shop in one state (the operator's review queue), oldest first. */
export async function allowedUrlsByState(
  db: Queryable,
  state: AllowedUrlState,
  limit = 500,
): Promise<PendingAllowedUrl[]> {
  const rows = await db.query<ReviewRow & { shop_slug: string; shop_name: string }>(
    `SELECT r.url, r.state, r.created_at, r.decided_at, s.slug AS shop_slug, s.name AS shop_name
     FROM allowed_url_reviews r JOIN shops s ON s.id = r.shop_id WHERE r.state = $1 ORDER BY r.created_at, s.slug, r.url LIMIT $2`,
    [state, limit],
  );
  return rows.map((row) => ({ ...view(row), shop_slug: row.shop_slug, shop_name: row.shop_name }));
}

export async function pendingCount(db: Queryable, shop: Shop): Promise<number> {
  const [row] = await db.query<{ n: number | string }>(
    "SELECT count(*) AS n FROM allowed_url_reviews WHERE shop_id = $1 AND state = 'pending'",
    [shop.id],
  );
  return Number(row?.n ?? 0);
}
