import { randomUUID } from 'node:crypto';
import type { PortalShop, ShopRole, ShopUser } from '../core/portal.js';
import type { Queryable } from './db/database.js';
import { hashPassword } from './passwords.js';
import type { Shop } from './shops.js';

/** Portal user accounts and their memberships of shops. */
export interface User {
  id: string;
  email: string;
  operator: boolean;
  passwordHash: string;
}

interface UserRow {
  id: string;
  email: string;
  operator: boolean;
  password_hash: string;
}

const toUser = (row: UserRow): User => ({
  id: row.id,
  email: row.email,
  operator: row.operator,
  passwordHash: row.password_hash,
});

/** Emails compare without case and surrounding spaces. */
export const normalizeEmail = (email: string) => email.trim();

export async function findUserByEmail(db: Queryable, email: string): Promise<User | undefined> {
  const [row] = await db.query<UserRow>(
    'SELECT id, email, operator, password_hash FROM users WHERE lower(email) = lower($1)',
    [normalizeEmail(email)],
  );
  return row && toUser(row);
}

export async function findUserById(db: Queryable, id: string): Promise<User | undefined> {
  const [row] = await db.query<UserRow>('SELECT id, email, operator, password_hash FROM users WHERE id = $1', [id]);
  return row && toUser(row);
}

/** Creates the account, or returns the existing one with that email (case-insensitive) and `created: false`. */
export async function ensureUser(
  db: Queryable,
  email: string,
  password: string,
  options: { operator?: boolean } = {},
): Promise<{ user: User; created: boolean }> {
  const hash = await hashPassword(password);
  const inserted = await db.query<UserRow>(
    `INSERT INTO users (id, email, password_hash, operator) VALUES ($1, $2, $3, $4)
     ON CONFLICT ((lower(email))) DO NOTHING RETURNING id, email, operator, password_hash`,
    [randomUUID(), normalizeEmail(email), hash, options.operator ?? false],
  );
  if (inserted[0]) return { user: toUser(inserted[0]), created: true };
  const existing = await findUserByEmail(db, email);
  if (!existing) throw new Error('user vanished after insert');
  if (options.operator && !existing.operator)
    await db.query('UPDATE users SET operator = true WHERE id = $1', [existing.id]);
  return { user: { ...existing, operator: existing.operator || Boolean(options.operator) }, created: false };
}

/** Sets a new password. Ending the user's sessions is the caller's decision (see portal-sessions.ts). */
export async function setPassword(db: Queryable, userId: string, password: string): Promise<void> {
  await db.query('UPDATE users SET password_hash = $2, password_changed_at = now() WHERE id = $1', [
    userId,
    await hashPassword(password),
  ]);
}

/** Adds the membership or changes its role. */
export async function setMembership(db: Queryable, userId: string, shop: Shop, role: ShopRole): Promise<void> {
  await db.query(
    `INSERT INTO memberships (user_id, shop_id, role) VALUES ($1, $2, $3)
     ON CONFLICT (user_id, shop_id) DO UPDATE SET role = EXCLUDED.role`,
    [userId, shop.id, role],
  );
}

/** The user's role in the shop: operators are admins everywhere; no membership → undefined. */
export async function roleInShop(
  db: Queryable,
  user: Pick<User, 'id' | 'operator'>,
  shop: Shop,
): Promise<ShopRole | undefined> {
  if (user.operator) return 'admin';
  const [row] = await db.query<{ role: ShopRole }>('SELECT role FROM memberships WHERE user_id = $1 AND shop_id = $2', [
    user.id,
    shop.id,
  ]);
  return row?.role;
}

export async function shopsOfUser(db: Queryable, userId: string): Promise<PortalShop[]> {
  return db.query<PortalShop>(
    `SELECT s.slug, s.name, m.role FROM memberships m JOIN shops s ON s.id = m.shop_id WHERE m.user_id = $1 ORDER BY s.name, s.slug`,
    [userId],
  );
}

export async function usersOfShop(db: Queryable, shop: Shop): Promise<ShopUser[]> {
  const rows = await db.query<{ id: string; email: string; role: ShopRole; created_at: Date }>(
    `SELECT u.id, u.email, m.role, m.created_at FROM memberships m JOIN users u ON u.id = m.user_id
     WHERE m.shop_id = $1 ORDER BY lower(u.email)`,
    [shop.id],
  );
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    role: row.role,
    created_at: new Date(row.created_at).toISOString(),
  }));
}
