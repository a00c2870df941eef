import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startApiServer, type ApiServerOptions, type RunningApi } from '../../src/server/index.js';
import { updateShopPolicy } from '../../src/server/shop-policy.js';
import { createApiKey, ensureShop } from '../../src/server/shops.js';

/**
 * The storage backends every server suite runs on: embedded PGlite always, and a real PostgreSQL
 * server when TEST_DATABASE_URL is set (scripts/test.mjs and CI start one). TEST_POSTGRES_ONLY=1
 * skips PGlite on the second pass.
 */
export interface Backend {
  name: 'pglite' | 'postgres';
  /** Options for a server on a fresh, empty store. `dataDir` lets PGlite survive restarts. */
  freshStore(): Promise<{ options: ApiServerOptions; dispose(): Promise<void> }>;
}

export const backends: Backend[] = [
  ...(process.env.TEST_POSTGRES_ONLY === '1'
    ? []
    : [
        {
          name: 'pglite' as const,
          async freshStore() {
            const dir = mkdtempSync(join(tmpdir(), 'resolve-pglite-'));
            return { options: { dataDir: dir }, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
          },
        },
      ]),
  ...(process.env.TEST_DATABASE_URL
    ? [
        {
          name: 'postgres' as const,
          async freshStore() {
            // One database per store, so suites never see each other's rows.
            const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
            await admin.connect();
            const name = `resolve_test_${randomUUID().replace(/-/g, '')}`;
            await admin.query(`CREATE DATABASE ${name}`);
            await admin.end();
            const url = new URL(process.env.TEST_DATABASE_URL as string);
            url.pathname = `/${name}`;
            return {
              options: { databaseUrl: url.toString() },
              dispose: async () => {
                const cleanup = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
                await cleanup.connect();
                await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
                await cleanup.end();
              },
            };
          },
        },
      ]
    : []),
];

export interface TestApi {
  api: RunningApi;
  url(path: string): string;
  merchantAuth: string;
  slug: string;
}

/** A running API on a fresh store with one shop and one API key. */
export async function startTestApi(options: ApiServerOptions, slug = 'test-shop'): Promise<TestApi> {
  const api = await startApiServer({ ...options, port: 0, log: () => {} });
  const shop = await ensureShop(api.db, slug, 'Test Shop');
  // As an operator would set it up: both helpdesks available (availability has its own tests).
  await updateShopPolicy(api.db, shop, { integrations: { gorgias: true, dixa: true } });
  const key = await createApiKey(api.db, shop);
  return {
    api,
    url: (path) => `http://127.0.0.1:${api.port}${path}`,
    merchantAuth: `Basic ${Buffer.from(`${slug}:${key}`).toString('base64')}`,
    slug,
  };
}
