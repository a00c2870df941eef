import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrate } from '../../src/server/db/migrate.js';
import { openDatabase } from '../../src/server/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated, closed PGlite data directory (the `pglite` folder) that fresh stores copy. */
    pgliteTemplate: string;
    /** A migrated PostgreSQL database that fresh databases are created from, when TEST_DATABASE_URL is set. */
    postgresTemplate: string | undefined;
  }
}

/**
 * Global setup of the `server` project: migrates one store of each kind once per run, so every
 * suite's fresh store is a copy of it instead of a new one. Creating a PGlite data directory runs
 * initdb in WebAssembly (about 5 s on the 2-core machine, far more when it is busy); copying a
 * migrated one and opening it takes under a second. A new PostgreSQL database is made with
 * `CREATE DATABASE … TEMPLATE`. `test/server/process.test.ts` still creates a store from nothing
 * through the CLI, as a merchant's first start does.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'resolve-template-'));
  await migrateOnce({ dataDir: dir });
  project.provide('pgliteTemplate', join(dir, 'pglite'));

  const adminUrl = process.env.TEST_DATABASE_URL;
  let postgresTemplate: string | undefined;
  if (adminUrl) {
    postgresTemplate = `resolve_template_${randomUUID().replace(/-/g, '')}`;
    await adminQuery(adminUrl, `CREATE DATABASE ${postgresTemplate}`);
    const url = new URL(adminUrl);
    url.pathname = `/${postgresTemplate}`;
    await migrateOnce({ databaseUrl: url.toString() });
  }
  project.provide('postgresTemplate', postgresTemplate);

  return async () => {
    rmSync(dir, { recursive: true, force: true });
    if (adminUrl && postgresTemplate)
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${postgresTemplate} WITH (FORCE)`);
  };
}

/** Opens the store, applies every migration and closes it again, so it can be copied. */
async function migrateOnce(options: Parameters<typeof openDatabase>[0]): Promise<void> {
  const db = await openDatabase(options);
  try {
    await migrate(db);
  } finally {
    await db.close();
  }
}

/** One statement on the PostgreSQL server's admin connection (creating and dropping databases). */
export async function adminQuery(url: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}
