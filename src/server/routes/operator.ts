import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { paginationQuerySchema } from '../../core/orders.js';
import {
  allowedUrlDecisionSchema,
  allowedUrlQuerySchema,
  operatorShopPatchSchema,
  operatorShopQuerySchema,
  shopCreateSchema,
  shopUserAddSchema,
  type OperatorShop,
} from '../../core/portal.js';
import { ensureUser, setMembership, usersOfShop } from '../accounts.js';
import { allowedUrlsByState, decideAllowedUrl, pendingCount } from '../allow-list-review.js';
import { operatorAuth, shopFromPath, type AppEnv } from '../auth.js';
import type { ServerContext } from '../context.js';
import type { Queryable } from '../db/database.js';
import { ApiError } from '../errors.js';
import { readJsonBody } from '../json-body.js';
import { generatePassword } from '../passwords.js';
import { readShopPolicy, updateShopPolicy } from '../shop-policy.js';
import type { Shop } from '../shops.js';
import { parseInput } from '../request-input.js';

interface ShopRow {
  id: string;
  slug: string;
  name: string;
  created_at: Date;
}

async function operatorShopView(db: Queryable, shop: Shop & { created_at?: Date }): Promise<OperatorShop> {
  const policy = await readShopPolicy(db, shop);
  const [row] = shop.created_at
    ? [shop as ShopRow]
    : await db.query<ShopRow>('SELECT id, slug, name, created_at FROM shops WHERE id = $1', [shop.id]);
  return {
    slug: shop.slug,
    name: shop.name,
    trusted: policy.trusted,
    integrations: policy.integrations,
    pending_urls: await pendingCount(db, shop),
    created_at: new Date(row?.created_at ?? Date.now()).toISOString(),
  };
}

/** Platform operators: shops, what each may use, the allow-list review queue, and shop users. */
export function operatorRoutes(ctx: ServerContext): Hono<AppEnv> {
  const { db } = ctx;
  const app = new Hono<AppEnv>();
  app.use('/v1/operator/*', operatorAuth(ctx));
  app.use('/v1/operator/*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  const operatorId = (c: Context<AppEnv>) => {
    const principal = c.get('principal');
    if (principal.kind !== 'session') throw new ApiError(403, 'forbidden');
    return principal.user.id;
  };

  app.get('/v1/operator/shops', async (c) => {
    const { page, per_page } = parseInput(paginationQuerySchema, c.req.query(), 'query');
    const { q } = parseInput(operatorShopQuerySchema, { q: c.req.query('q') }, 'query');
    const pattern = `%${(q ?? '')
      .trim()
      .toLowerCase()
      .replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    const where = 'WHERE lower(slug) LIKE $1 OR lower(name) LIKE $1';
    const rows = await db.query<ShopRow>(
      `SELECT id, slug, name, created_at FROM shops ${where} ORDER BY lower(name), slug LIMIT $2 OFFSET $3`,
      [pattern, per_page, (page - 1) * per_page],
    );
    const [count] = await db.query<{ n: number | string }>(`SELECT count(*) AS n FROM shops ${where}`, [pattern]);
    const data = await Promise.all(rows.map((row) => operatorShopView(db, row)));
    return c.json({ data, page, per_page, total: Number(count?.n ?? 0) });
  });

  app.post('/v1/operator/shops', async (c) => {
    const input = parseInput(shopCreateSchema, await readJsonBody(c), 'body');
    const [row] = await db.query<ShopRow>(
      'INSERT INTO shops (id, slug, name) VALUES ($1, $2, $3) ON CONFLICT (slug) DO NOTHING RETURNING id, slug, name, created_at',
      [randomUUID(), input.slug, input.name],
    );
    if (!row) throw new ApiError(409, 'shop_exists', [{ loc: ['body', 'slug'], msg: 'taken', type: 'shop_exists' }]);
    return c.json(await operatorShopView(db, row), 201);
  });

  app.get('/v1/operator/shops/:slug', async (c) => c.json(await operatorShopView(db, await shopFromPath(c, db))));

  app.patch('/v1/operator/shops/:slug', async (c) => {
    const shop = await shopFromPath(c, db);
    const patch = parseInput(operatorShopPatchSchema, await readJsonBody(c), 'body');
    if (patch.name !== undefined) await db.query('UPDATE shops SET name = $2 WHERE id = $1', [shop.id, patch.name]);
    await updateShopPolicy(db, shop, { trusted: patch.trusted, integrations: patch.integrations });
    return c.json(await operatorShopView(db, { ...shop, name: patch.name ?? shop.name }));
  });

  app.get('/v1/operator/allowed-urls', async (c) => {
    const { state } = parseInput(allowedUrlQuerySchema, { state: c.req.query('state') }, 'query');
    return c.json({ data: await allowedUrlsByState(db, state ?? 'pending') });
  });

  app.post('/v1/operator/shops/:slug/allowed-urls/decision', async (c) => {
    const shop = await shopFromPath(c, db);
    const input = parseInput(allowedUrlDecisionSchema, await readJsonBody(c), 'body');
    const decided = await decideAllowedUrl(db, shop, input.url, input.decision, operatorId(c));
    if (!decided)
      throw new ApiError(404, 'allowed_url_not_found', [
        { loc: ['body', 'url'], msg: 'not listed by the shop', type: 'not_found' },
      ]);
    return c.json(decided);
  });

  app.get('/v1/operator/shops/:slug/users', async (c) =>
    c.json({ data: await usersOfShop(db, await shopFromPath(c, db)) }),
  );

  app.post('/v1/operator/shops/:slug/users', async (c) => {
    const shop = await shopFromPath(c, db);
    const input = parseInput(shopUserAddSchema, await readJsonBody(c), 'body');
    // The one-time password is shown only when this call created the account.
    const password = generatePassword();
    const { user, created } = await ensureUser(db, input.email, password);
    await setMembership(db, user.id, shop, input.role);
    const added = (await usersOfShop(db, shop)).find((entry) => entry.id === user.id);
    if (!added) throw new Error('membership vanished after insert');
    return c.json({ user: added, one_time_password: created ? password : null }, 201);
  });

  return app;
}
