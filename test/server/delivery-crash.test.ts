import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDataDir } from './support.js';
import { freePort } from '../../demo/free-port.js';
import { DEFAULT_DIXA_TOKEN } from '../../demo/dixa-stand-in/state.js';
import { DEFAULT_GORGIAS_USER } from '../../demo/gorgias-stand-in/state.js';
import { allDelivered, merchantClient, startStandIns, submitClaim, testOrder } from './delivery-support.js';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');

/**
 * The API process is killed (SIGKILL: no shutdown, no cleanup) while a Gorgias ticket and a Dixa
 * conversation have been created but their answers are still held by the stand-ins, then started
 * again on the same data directory. The claim and its jobs survive; the restarted worker takes the
 * jobs over when the dead one's lease runs out, finds what was created instead of creating it
 * again, and a claim submitted just before the kill is delivered too.
 */
describe('API process killed mid-delivery', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'resolve-crash-'));
  seedDataDir(dataDir);
  let standIns: Awaited<ReturnType<typeof startStandIns>>;
  let port: number;
  let apiKey: string;
  let output = '';

  beforeAll(async () => {
    standIns = await startStandIns();
    const cli = spawnSync(TSX, ['src/server/cli.ts', 'create-shop', 'crash-shop', '--integrations', 'gorgias,dixa'], {
      env: { ...process.env, DATA_DIR: dataDir },
      encoding: 'utf8',
    });
    expect(cli.status, cli.stderr).toBe(0);
    apiKey = /(krs_[A-Za-z0-9_-]+)/.exec(cli.stdout)?.[1] ?? '';
    port = await freePort();
  });
  afterAll(async () => {
    await standIns.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** `node --import tsx` (one process: a SIGKILL must hit the server itself, not a wrapper). */
  const startApi = async (): Promise<{ child: ChildProcess; exited: Promise<unknown> }> => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        PORT: String(port),
        PUBLIC_ORIGIN: `http://127.0.0.1:${port}`,
        HELPDESK_ALLOW_LOOPBACK: '1',
        DIXA_API_ORIGIN: standIns.dixa.origin,
        DELIVERY_POLL_MS: '100',
        DELIVERY_LEASE_SECONDS: '2',
        DELIVERY_RETRY_BASE_MS: '100',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const before = output.length;
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await waitFor(
      () => output.slice(before).includes('listening'),
      20_000,
      () => output,
    );
    return { child, exited };
  };

  it('loses nothing and duplicates nothing', async () => {
    const url = (path: string) => `http://127.0.0.1:${port}${path}`;
    const merchant = merchantClient(
      url,
      `Basic ${Buffer.from(`crash-shop:${apiKey}`).toString('base64')}`,
      'crash-shop',
    );
    let api = await startApi();
    try {
      await merchant.configureHelpdesks(standIns.gorgias, standIns.dixa);
      for (const number of ['#5001', '#5002'])
        expect((await merchant.call('PUT', '/orders', testOrder(number))).status).toBe(201);

      // Both helpdesks do the create, then hold the answer: the worker is mid-delivery.
      standIns.gorgias.state.delayNext(60_000, { method: 'POST', path: '/api/tickets' });
      standIns.dixa.state.delayNext(60_000, { method: 'POST', path: '/v1/conversations' });
      const first = await submitClaim(url, 'crash-shop', '5001');
      await waitFor(
        () =>
          standIns.gorgias.state.ticketsFor(first.uuid).length === 1 &&
          standIns.dixa.state.conversationsFor(first.uuid).length === 1,
        15_000,
        () => output,
      );
      const second = await submitClaim(url, 'crash-shop', '5002');

      api.child.kill('SIGKILL');
      await api.exited;

      // The key that seals the helpdesk secrets was made in the data directory, readable by us only.
      expect(statSync(join(dataDir, 'secrets.key')).mode & 0o777).toBe(0o600);

      api = await startApi();
      const deliveredFirst = await merchant.waitFor(first.uuid, allDelivered(2), 20_000);
      await merchant.waitFor(second.uuid, allDelivered(2), 20_000);

      for (const claim of [first, second]) {
        expect(standIns.gorgias.state.ticketsFor(claim.uuid)).toHaveLength(1);
        expect(standIns.dixa.state.conversationsFor(claim.uuid)).toHaveLength(1);
        expect(standIns.gorgias.state.ticketsFor(claim.uuid)[0]?.messages[0]?.attachments).toHaveLength(3);
      }
      // The interrupted jobs were resumed, not restarted: the ticket was found, not created again.
      for (const delivery of deliveredFirst) expect(delivery.attempts).toBe(2);
      expect(standIns.gorgias.state.tickets).toHaveLength(2);
      expect(standIns.dixa.state.conversations).toHaveLength(2);
      // The Dixa follow-ups (tags, agent) ran once the conversation was found.
      expect(standIns.dixa.state.conversationsFor(first.uuid)[0]?.tags).toHaveLength(3);
      expect(output).toContain('found, not created again');
      for (const secret of [apiKey, DEFAULT_GORGIAS_USER.api_key, DEFAULT_DIXA_TOKEN])
        expect(output).not.toContain(secret);
    } finally {
      api.child.kill('SIGTERM');
      await api.exited;
    }
  }, 90_000);
});

async function waitFor(condition: () => boolean, timeoutMs: number, context: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out; output:\n${context().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
