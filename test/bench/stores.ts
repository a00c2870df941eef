import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiServerOptions } from '../../src/server/index.js';
import { startTemporaryPostgres } from '../../scripts/postgres.mjs';

/**
 * Runs `bench` on each store the API supports: PGlite in a fresh temporary directory, then a
 * temporary PostgreSQL server. Each result is named after its store; where PostgreSQL cannot be
 * started (no binaries on the machine), the results say so instead of failing the whole run.
 */
export async function benchEachStore(
  tempPrefix: string,
  bench: (store: ApiServerOptions) => Promise<Record<string, number>>,
): Promise<Record<string, number | string>> {
  const results: Record<string, number | string> = {};
  const dir = mkdtempSync(join(tmpdir(), tempPrefix));
  try {
    Object.assign(results, prefix('PGlite', await bench({ dataDir: dir })));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  let postgres: Awaited<ReturnType<typeof startTemporaryPostgres>> | undefined;
  try {
    postgres = await startTemporaryPostgres();
  } catch (error) {
    results['PostgreSQL'] = `skipped: ${(error as Error).message}`;
  }
  if (postgres) {
    try {
      Object.assign(results, prefix('PostgreSQL', await bench({ databaseUrl: postgres.url })));
    } finally {
      await postgres.stop();
    }
  }
  return results;
}

function prefix(name: string, values: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [`${name}: ${key}`, value]));
}
