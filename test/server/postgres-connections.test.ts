import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { backends, putOrders, testOrder, useTestApi, waitFor } from './support.js';

const postgres = backends.find((backend) => backend.name === 'postgres');

/**
 * PostgreSQL may end a connection the API holds idle in its pool: a restart, a failover, an idle
 * timeout, an operator's `pg_terminate_backend`. The API must log it and carry on with new
 * connections; an unheard pool error would be an uncaught exception that stops the process (and
 * fails this run).
 */
describe.runIf(postgres)('the API when PostgreSQL ends its idle connections', () => {
  const lines: string[] = [];
  const t = useTestApi(postgres!, { deliveryWorker: false, log: (line) => lines.push(line) });

  it('logs it and answers the next requests on new connections', async () => {
    await putOrders(t, testOrder('7101'));
    const databaseUrl = new URL(process.env.TEST_DATABASE_URL as string);
    const admin = new pg.Client({ connectionString: databaseUrl.toString() });
    await admin.connect();
    try {
      const database = (await t.api.db.query<{ name: string }>('SELECT current_database() AS name'))[0]!.name;
      const ended = await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [database],
      );
      expect(ended.rowCount).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    await waitFor(() => lines.some((line) => line.includes('PostgreSQL ended an idle connection')), 'the log line');
    const response = await fetch(t.url(`/v1/shops/${t.slug}/orders`), { headers: { Authorization: t.merchantAuth } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('7101');
  });
});
