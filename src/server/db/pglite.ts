import { PGlite } from '@electric-sql/pglite';
import type { Database, Queryable, SqlValue } from './database.js';

/**
 * Embedded Postgres (WebAssembly): a data directory, or memory for tests. PGlite is a single
 * connection, so transactions are serialized here rather than interleaved.
 */
export async function openPglite(dataDir: string | ':memory:'): Promise<Database> {
  const db = dataDir === ':memory:' ? new PGlite() : new PGlite(dataDir);
  await db.waitReady;
  let queue: Promise<unknown> = Promise.resolve();
  const serialize = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };
  const query = async <Row extends object>(sql: string, params: readonly SqlValue[] = []) =>
    (await db.query<Row>(sql, params as unknown[])).rows;

  return {
    kind: 'pglite',
    query: (sql, params) => serialize(() => query(sql, params)),
    transaction: (work) =>
      serialize(() =>
        db.transaction(async (tx) => {
          const scoped: Queryable = {
            query: async <Row extends object>(sql: string, params: readonly SqlValue[] = []) =>
              (await tx.query<Row>(sql, params as unknown[])).rows,
          };
          return work(scoped);
        }),
      ),
    exec: (sql) => serialize(async () => void (await db.exec(sql))),
    close: () => db.close(),
  };
}
