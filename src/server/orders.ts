import { randomUUID } from 'node:crypto';
import { normalizeOrderNumber, normalizeZipCode, type Order, type OrderInput } from '../core/orders.js';
import type { Queryable } from './db/database.js';
import type { Shop } from './shops.js';

/** Orders as merchants push them. The merchant's payload is kept whole in `data`. */
export interface StoredOrder {
  id: string;
  shopId: string;
  input: OrderInput;
  createdAt: Date;
  updatedAt: Date;
}

interface OrderRow {
  id: string;
  shop_id: string;
  data: OrderInput;
  created_at: Date;
  updated_at: Date;
}

const fromRow = (row: OrderRow): StoredOrder => ({
  id: row.id,
  shopId: row.shop_id,
  input: row.data,
  createdAt: new Date(row.created_at),
  updatedAt: new Date(row.updated_at),
});

/** Creates or replaces the order with this (normalized) order number. */
export async function upsertOrder(
  db: Queryable,
  shop: Shop,
  input: OrderInput,
): Promise<{ order: StoredOrder; created: boolean }> {
  const [row] = await db.query<OrderRow & { inserted: boolean }>(
    `INSERT INTO orders (id, shop_id, order_number, order_key, zip_key, data, external_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (shop_id, order_key) DO UPDATE
       SET order_number = EXCLUDED.order_number, zip_key = EXCLUDED.zip_key, data = EXCLUDED.data, external_id = EXCLUDED.external_id, updated_at = now()
     RETURNING id, shop_id, data, created_at, updated_at, (xmax = 0) AS inserted`,
    [
      randomUUID(),
      shop.id,
      input.order_number,
      normalizeOrderNumber(input.order_number),
      normalizeZipCode(input.zip_code),
      JSON.stringify(input),
      input.external_id ?? null,
    ],
  );
  if (!row) throw new Error('order upsert returned nothing');
  return { order: fromRow(row), created: row.inserted };
}

export async function findOrderByNumber(
  db: Queryable,
  shop: Shop,
  orderNumber: string,
): Promise<StoredOrder | undefined> {
  const [row] = await db.query<OrderRow>(
    'SELECT id, shop_id, data, created_at, updated_at FROM orders WHERE shop_id = $1 AND order_key = $2',
    [shop.id, normalizeOrderNumber(orderNumber)],
  );
  return row ? fromRow(row) : undefined;
}

export async function findOrderById(db: Queryable, shop: Shop, id: string): Promise<StoredOrder | undefined> {
  const [row] = await db.query<OrderRow>(
    'SELECT id, shop_id, data, created_at, updated_at FROM orders WHERE shop_id = $1 AND id = $2',
    [shop.id, id],
  );
  return row ? fromRow(row) : undefined;
}

export async function listOrders(
  db: Queryable,
  shop: Shop,
  filter: { orderNumber?: string | undefined; zipCode?: string | undefined; page: number; perPage: number },
): Promise<{ orders: StoredOrder[]; total: number }> {
  const where = ['shop_id = $1'];
  const params: (string | number)[] = [shop.id];
  if (filter.orderNumber) {
    params.push(normalizeOrderNumber(filter.orderNumber));
    where.push(`order_key = $${params.length}`);
  }
  if (filter.zipCode) {
    params.push(normalizeZipCode(filter.zipCode));
    where.push(`zip_key = $${params.length}`);
  }
  const [count] = await db.query<{ total: string | number }>(
    `SELECT count(*) AS total FROM orders WHERE ${where.join(' AND ')}`,
    params,
  );
  const rows = await db.query<OrderRow>(
    `SELECT id, shop_id, data, created_at, updated_at FROM orders WHERE ${where.join(' AND ')}
     ORDER BY created_at DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, filter.perPage, (filter.page - 1) * filter.perPage],
  );
  return { orders: rows.map(fromRow), total: Number(count?.total ?? 0) };
}

export function orderView(order: StoredOrder, shop: Shop): Order {
  return {
    ...order.input,
    id: order.id,
    shop_slug: shop.slug,
    created_at: order.createdAt.toISOString(),
    updated_at: order.updatedAt.toISOString(),
  };
}

/** Whether the typed ZIP code is the order's: case, spaces and hyphens do not matter. */
export function zipCodeMatches(order: StoredOrder, zipCode: string): boolean {
  return normalizeZipCode(order.input.zip_code) === normalizeZipCode(zipCode);
}
