import pg from 'pg';
import type { Database, Queryable, SqlValue } from './database.js';

/**
 * A real PostgreSQL server through a `pg` pool (DATABASE_URL). `log` hears of idle connections the
 * server ended (a restart, a failover, `pg_terminate_backend`, an idle timeout).
 */
export async function openPostgres(
  connectionString: string,
  log: (line: string) => void = (line) => console.error(line),
): Promise<Database> {
  const pool = new pg.Pool({ connectionString, max: 10 });
  // An idle connection that the server ends is reported as the pool's 'error' event; without a
  // listener that is an uncaught exception, which stops the process. The pool has already dropped
  // the connection and opens a new one for the next query, so telling the log is all there is to do.
  pool.on('error', (error) => log(`PostgreSQL ended an idle connection: ${error.message}`));
  // Fail at start, not on the first request, when the server is unreachable.
  const probe = await pool.connect();
  probe.release();
  const query = async <Row extends object>(
    client: pg.Pool | pg.PoolClient,
    sql: string,
    params: readonly SqlValue[] = [],
  ) => (await client.query(sql, params as unknown[])).rows as Row[];

  return {
    kind: 'postgres',
    query: (sql, params) => query(pool, sql, params),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const scoped: Queryable = { query: (sql, params) => query(client, sql, params) };
        const result = await work(scoped);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    exec: async (sql) => void (await pool.query(sql)),
    close: () => pool.end(),
  };
}
