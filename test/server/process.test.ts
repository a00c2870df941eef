import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../demo/free-port.js';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');

/** `npm run cli` and `npm run api` as an operator uses them: real processes, configured by env. */
describe('API process and CLI', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'resolve-process-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates a shop and key with the CLI; the API started on the same data dir accepts it, logs requests and stops cleanly on SIGTERM', async () => {
    const cli = spawnSync(TSX, ['src/server/cli.ts', 'create-shop', 'cli-shop', '--name', 'CLI Shop'], {
      env: { ...process.env, DATA_DIR: dataDir },
      encoding: 'utf8',
    });
    expect(cli.status, cli.stderr).toBe(0);
    const key = /(krs_[A-Za-z0-9_-]+)/.exec(cli.stdout)?.[1];
    expect(key).toBeTruthy();
    expect(
      spawnSync(TSX, ['src/server/cli.ts', 'create-shop', 'Bad Slug!'], {
        encoding: 'utf8',
        env: { ...process.env, DATA_DIR: dataDir },
      }).status,
    ).toBe(2);

    const port = await freePort();
    const api = spawn(TSX, ['src/server/main.ts'], {
      env: { ...process.env, DATA_DIR: dataDir, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    api.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    api.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => api.on('exit', resolve));
    try {
      await waitFor(() => output.includes('listening'), 20_000);
      const auth = `Basic ${Buffer.from(`cli-shop:${key}`).toString('base64')}`;
      const response = await fetch(`http://127.0.0.1:${port}/v1/shops/cli-shop/claims?token=secret-in-query`, {
        headers: { Authorization: auth },
      });
      expect(response.status).toBe(200);
      await waitFor(() => output.includes('GET /v1/shops/cli-shop/claims 200'), 5_000);
      expect(output).not.toContain('secret-in-query');
      expect(output).not.toContain(key as string);
    } finally {
      api.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(output).toContain('SIGTERM');
    // Two PGlite opens (CLI, then API) in fresh processes: well over 30 s on a busy shared machine.
  }, 120_000);
});

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
