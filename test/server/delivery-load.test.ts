import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDataDir } from './support.js';
import { webhookEventSchema, webhookWithSecretSchema } from '../../src/core/webhooks.js';
import { freePort } from '../../demo/free-port.js';
import {
  allDelivered,
  merchantClient,
  startStandIns,
  startWebhookReceiver,
  submitClaim,
  testOrder,
} from './delivery-support.js';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const SUBMITTERS = 4;
const CLAIMS_PER_SUBMITTER = 3;

/**
 * A busy shop: many customers submit claims at once while the webhook receiver takes 300 ms to
 * answer and Gorgias and Dixa are slow too, so every worker slot stays busy for a while. The API
 * process must keep answering (`/healthz` within its normal latency) the whole time, deliver each
 * claim exactly once to each target, and stop cleanly on SIGTERM.
 */
describe('API process with every delivery slot busy', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'resolve-load-'));
  seedDataDir(dataDir);
  let standIns: Awaited<ReturnType<typeof startStandIns>>;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let apiKey = '';
  let output = '';

  beforeAll(async () => {
    standIns = await startStandIns();
    receiver = await startWebhookReceiver({ answerAfterMs: 300 });
    const cli = spawnSync(TSX, ['src/server/cli.ts', 'create-shop', 'busy-shop', '--integrations', 'gorgias,dixa'], {
      env: { ...process.env, DATA_DIR: dataDir },
      encoding: 'utf8',
    });
    expect(cli.status, cli.stderr).toBe(0);
    apiKey = /(krs_[A-Za-z0-9_-]+)/.exec(cli.stdout)?.[1] ?? '';
  }, 120_000);
  afterAll(async () => {
    await Promise.all([standIns.close(), receiver.close()]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps answering, delivers every claim once to each target and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const url = (path: string) => `http://127.0.0.1:${port}${path}`;
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        PORT: String(port),
        PUBLIC_ORIGIN: `http://127.0.0.1:${port}`,
        HELPDESK_ALLOW_LOOPBACK: '1',
        DIXA_API_ORIGIN: standIns.dixa.origin,
        DELIVERY_POLL_MS: '100',
        DELIVERY_RETRY_BASE_MS: '100',
        // Many claims per order on purpose: claim limits (where the API has them) must not interfere.
        CLAIM_LIMIT_PER_ORDER: '0',
        CLAIM_LIMIT_PER_SESSION: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let stopped = false;
    try {
      await waitFor(() => output.includes('listening'), 20_000);
      const merchant = merchantClient(
        url,
        `Basic ${Buffer.from(`busy-shop:${apiKey}`).toString('base64')}`,
        'busy-shop',
      );
      await merchant.configureHelpdesks(standIns.gorgias, standIns.dixa);
      const hook = webhookWithSecretSchema.parse(
        await (
          await merchant.call('POST', '/webhooks', { url: receiver.url, enabled_events: ['claims/created'] })
        ).json(),
      );
      receiver.secret = hook.secret;
      const orders = Array.from({ length: SUBMITTERS }, (_, i) => `${8001 + i}`);
      for (const number of orders)
        expect((await merchant.call('PUT', '/orders', testOrder(`#${number}`))).status).toBe(201);

      // The helpdesks are slow: every create takes its time before it is answered.
      const total = SUBMITTERS * CLAIMS_PER_SUBMITTER;
      standIns.gorgias.state.delayNext(400, { method: 'POST', path: '/api/tickets', count: total });
      standIns.dixa.state.delayNext(400, { method: 'POST', path: '/v1/conversations', count: total });

      // /healthz polled all along; the first probe without an answer within 5 s fails the test at
      // once (a frozen process never answers; on a busy 2-core machine a healthy one can take 2 s).
      const health: { ms: number; status: number }[] = [];
      let probing = true;
      const prober = (async () => {
        while (probing) {
          const started = performance.now();
          const status = await fetch(url('/healthz'), { signal: AbortSignal.timeout(5_000) }).then(
            (response) => response.status,
            () => 0,
          );
          const probe = { ms: performance.now() - started, status };
          health.push(probe);
          if (probe.status !== 200)
            throw new Error(`/healthz gave no answer in ${probe.ms.toFixed(0)} ms while deliveries ran`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      })();

      const delivered = (async () => {
        // Several customers, each submitting claims concurrently (each with its own text).
        const submitted = (
          await Promise.all(
            orders.map((number) =>
              Promise.all(
                Array.from({ length: CLAIMS_PER_SUBMITTER }, (_, i) =>
                  submitClaim(url, 'busy-shop', number, {
                    description: `Claim ${i} of order ${number}: the handle broke.`,
                  }),
                ),
              ),
            ),
          )
        ).flat();
        for (const claim of submitted) await merchant.waitFor(claim.uuid, allDelivered(3), 120_000);
        return submitted;
      })();
      delivered.catch(() => undefined); // reported through the race below
      const claims = await Promise.race([delivered, prober.then(() => [])]);
      probing = false;
      await prober;
      expect(claims).toHaveLength(total);
      expect(health.length).toBeGreaterThan(5);

      // Exactly once per target: one ticket, one conversation, one claims/created webhook per claim.
      for (const claim of claims) {
        expect(standIns.gorgias.state.ticketsFor(claim.uuid)).toHaveLength(1);
        expect(standIns.dixa.state.conversationsFor(claim.uuid)).toHaveLength(1);
      }
      const hooked = receiver.received.map(
        (request) => webhookEventSchema.parse(JSON.parse(request.body)).event_data.claim_id,
      );
      expect(hooked.sort()).toEqual(claims.map((claim) => claim.uuid).sort());
      expect(receiver.received.every((request) => request.signatureValid)).toBe(true);

      child.kill('SIGTERM');
      stopped = true;
      const code = await Promise.race([
        exited,
        new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 20_000)),
      ]);
      expect(code, output.slice(-2000)).toBe(0);
      expect(output).toContain('SIGTERM');
    } finally {
      if (!stopped || child.exitCode === null) child.kill('SIGKILL');
      await exited;
    }
  }, 240_000);

  async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out; output:\n${output.slice(-3000)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
});
