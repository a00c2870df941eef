#!/usr/bin/env node
/**
 * A throw-away PostgreSQL cluster for tests and benchmarks. Plain Node ESM, no dependencies.
 *
 *   import { startTemporaryPostgres } from './scripts/postgres.mjs';
 *   const pg = await startTemporaryPostgres();   // { url, stop() }
 *
 *   node scripts/postgres.mjs -- npx vitest run --project server
 *     starts a cluster, runs the command with TEST_DATABASE_URL set, stops the cluster and exits
 *     with the command's exit code.
 *
 * The cluster lives in a temp directory, listens on 127.0.0.1 only (a free port) with its unix
 * socket inside that directory, and is tuned for speed over durability (fsync off): it holds test
 * data only. PostgreSQL refuses to run as root, so as root every server binary runs through
 * `runuser -u postgres` and the directory is handed to that user. TCP logins need a random
 * password (scram), so other local users cannot wander into the test database.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const SERVER_USER = 'postgres';

/** The directory holding initdb/pg_ctl: $PG_BIN, the newest /usr/lib/postgresql/N/bin, or $PATH. */
export function findPostgresBin() {
  const candidates = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    for (const version of versions) candidates.push(join(root, version, 'bin'));
  }
  for (const dir of candidates) {
    if (existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir;
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  const found = which.stdout.trim();
  if (which.status === 0 && found) return found.replace(/\/initdb$/, '');
  return undefined;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function lookupUser(name) {
  const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** Runs a PostgreSQL binary, as the `postgres` user when we are root. Resolves with its output. */
function run(bin, args, { asServerUser, env } = {}) {
  const command = asServerUser ? 'runuser' : bin;
  const argv = asServerUser ? ['-u', SERVER_USER, '--', bin, ...args] : args;
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${bin} ${args.join(' ')} exited with ${code}:\n${output}`));
    });
  });
}

/**
 * Creates, starts and returns a temporary cluster with one database.
 * @param {{ database?: string }} [options]
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
export async function startTemporaryPostgres(options = {}) {
  const bin = findPostgresBin();
  if (!bin) throw new Error('PostgreSQL binaries not found (install `postgresql` or set PG_BIN)');
  const database = options.database ?? 'resolve_test';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(database)) throw new Error(`invalid database name: ${database}`);

  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const serverUser = isRoot ? lookupUser(SERVER_USER) : undefined;
  if (isRoot && !serverUser) throw new Error(`running as root needs a "${SERVER_USER}" user to run PostgreSQL`);

  const dir = mkdtempSync(join(tmpdir(), 'resolve-pg-'));
  const dataDir = join(dir, 'data');
  const password = randomBytes(18).toString('base64url');
  const passwordFile = join(dir, 'pwfile');
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (serverUser) {
    chownSync(dir, serverUser.uid, serverUser.gid);
    chownSync(passwordFile, serverUser.uid, serverUser.gid);
  }
  const asServerUser = Boolean(serverUser);
  const cleanupDir = () => rmSync(dir, { recursive: true, force: true });

  try {
    await run(
      join(bin, 'initdb'),
      [
        '-D',
        dataDir,
        '-U',
        'postgres',
        '-E',
        'UTF8',
        '--locale=C',
        '--no-sync',
        '--auth-local=trust',
        '--auth-host=scram-sha-256',
        `--pwfile=${passwordFile}`,
      ],
      { asServerUser },
    );
  } catch (error) {
    cleanupDir();
    throw error;
  }
  rmSync(passwordFile, { force: true });

  let port = 0;
  let started = false;
  let lastError;
  // The port is free when we look and could be taken before the server binds it: retry a little.
  for (let attempt = 0; attempt < 3 && !started; attempt++) {
    port = await freePort();
    const serverOptions = [
      `-p ${port}`,
      `-k ${dir}`,
      "-c listen_addresses='127.0.0.1'",
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=200',
    ].join(' ');
    try {
      await run(
        join(bin, 'pg_ctl'),
        ['-D', dataDir, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', serverOptions, 'start'],
        { asServerUser },
      );
      started = true;
    } catch (error) {
      lastError = error;
    }
  }
  if (!started) {
    cleanupDir();
    throw lastError ?? new Error('PostgreSQL did not start');
  }

  let stopped = false;
  const stopSync = () => {
    if (stopped) return;
    stopped = true;
    const args = ['-D', dataDir, '-m', 'immediate', '-w', 'stop'];
    if (asServerUser) spawnSync('runuser', ['-u', SERVER_USER, '--', join(bin, 'pg_ctl'), ...args]);
    else spawnSync(join(bin, 'pg_ctl'), args);
    cleanupDir();
  };
  // A crashed or interrupted parent must not leave a postmaster behind.
  process.once('exit', stopSync);

  try {
    await run(join(bin, 'createdb'), ['-h', dir, '-p', String(port), '-U', 'postgres', database], { asServerUser });
  } catch (error) {
    stopSync();
    throw error;
  }

  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  return {
    url,
    async stop() {
      if (stopped) return;
      stopped = true;
      process.removeListener('exit', stopSync);
      try {
        await run(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', 'stop'], { asServerUser });
      } finally {
        cleanupDir();
      }
    },
  };
}

async function main(argv) {
  const separator = argv.indexOf('--');
  const command = separator === -1 ? argv : argv.slice(separator + 1);
  if (command.length === 0) {
    console.error('usage: node scripts/postgres.mjs -- <command> [args...]');
    return 2;
  }
  const pg = await startTemporaryPostgres();
  console.error(`[postgres] temporary cluster at ${pg.url.replace(/:[^:@/]+@/, ':***@')}`);
  const child = spawn(command[0], command.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, TEST_DATABASE_URL: pg.url },
  });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  const code = await new Promise((resolve) => {
    child.once('error', (error) => {
      console.error(`[postgres] could not run ${command[0]}: ${error.message}`);
      resolve(127);
    });
    child.once('close', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
  });
  process.off('SIGINT', forward);
  process.off('SIGTERM', forward);
  await pg.stop();
  return code;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(`[postgres] ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
