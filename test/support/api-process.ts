import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { startTemporaryPostgres } from '../../scripts/postgres.mjs';
import { freePort } from '../../demo/free-port.js';

/**
 * API processes the way production runs them (`node --import tsx src/server/main.ts`, configured
 * by the environment only), for the scale-out test and the bench. One node process per API, so a
 * SIGKILL hits the server itself.
 */
export interface ApiProcess {
  readonly port: number;
  url(path: string): string;
  /** Everything it printed so far. */
  output(): string;
  kill(signal: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and environment (after a kill). */
  restart(): Promise<void>;
  rssBytes(): number | undefined;
}

export async function startApiProcess(env: Record<string, string>, name = 'api'): Promise<ApiProcess> {
  const port = await freePort();
  let child: ChildProcess;
  let exited: Promise<unknown>;
  let output = '';
  const start = async () => {
    child = spawn(process.execPath, ['--import', 'tsx', join(process.cwd(), 'src/server/main.ts')], {
      env: { ...process.env, ...env, PORT: String(port), PUBLIC_ORIGIN: `http://127.0.0.1:${port}`, HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const before = output.length;
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    exited = new Promise((resolve) => child.on('exit', resolve));
    const deadline = Date.now() + 60_000;
    while (!output.slice(before).includes('listening')) {
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`${name} did not start:\n${output.slice(-3000)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  await start();
  return {
    port,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    output: () => output,
    async kill(signal) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
    restart: start,
    rssBytes() {
      // Linux: resident pages of the API process itself (not the test runner).
      const status = spawnSync('ps', ['-o', 'rss=', '-p', String(child.pid)], { encoding: 'utf8' });
      const kib = Number(status.stdout.trim());
      return Number.isFinite(kib) && kib > 0 ? kib * 1024 : undefined;
    },
  };
}

/** `npm run cli -- create-shop <slug>` against the same store: the merchant's Basic credentials. */
export function createShopViaCli(env: Record<string, string>, slug: string): string {
  const cli = spawnSync(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', 'create-shop', slug], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  if (cli.status !== 0) throw new Error(`create-shop failed: ${cli.stderr}`);
  const key = /(krs_[A-Za-z0-9_-]+)/.exec(cli.stdout)?.[1];
  if (!key) throw new Error(`create-shop printed no key: ${cli.stdout}`);
  return `Basic ${Buffer.from(`${slug}:${key}`).toString('base64')}`;
}

/**
 * A PostgreSQL database for several processes: a fresh database on TEST_DATABASE_URL's server (CI),
 * or a throw-away server from scripts/postgres.mjs.
 */
export async function sharedPostgres(): Promise<{ url: string; stop(): Promise<void> }> {
  if (!process.env.TEST_DATABASE_URL) return startTemporaryPostgres({ database: 'resolve_scale' });
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  const name = `resolve_scale_${Date.now()}_${process.pid}`;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(process.env.TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async stop() {
      const cleanup = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
