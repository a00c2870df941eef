import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { seedDataDir } from './support.js';
import { lockDataDir } from '../../src/server/db/data-dir-lock.js';
import { startApiServer } from '../../src/server/index.js';

/**
 * The lock on an embedded data directory, with real processes: one that holds it, one that died
 * holding it, and a pid that was handed to an unrelated process after the owner died (a restarted
 * container, a busy host). Only a lock whose owner still runs may keep the API from starting.
 */
describe('data directory lock', { timeout: 120_000 }, () => {
  const root = mkdtempSync(join(tmpdir(), 'resolve-lock-'));
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0))
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** A Node process that takes the lock through the real module and keeps it until killed. */
  async function lockHolder(lockPath: string): Promise<ChildProcess> {
    const dataDir = join(lockPath, '..');
    mkdirSync(dataDir, { recursive: true });
    seedDataDir(dataDir);
    const code = `const { lockDataDir } = await import(${JSON.stringify(join(process.cwd(), 'src/server/db/data-dir-lock.ts'))});
      await lockDataDir(${JSON.stringify(lockPath)}); console.log('locked'); setInterval(() => {}, 60_000);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
      child.once('exit', (status) => reject(new Error(`lock holder exited with ${status}`)));
    });
    return child;
  }

  /** Any other process, alive for the length of the test. */
  function unrelatedProcess(): ChildProcess {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 60_000)'], { stdio: 'ignore' });
    children.push(child);
    return child;
  }

  async function killed(child: ChildProcess): Promise<void> {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** What pid reuse looks like from the lock file: the dead owner's pid now names `pid`. */
  function reusePid(lockPath: string, deadPid: number, pid: number): void {
    const text = readFileSync(lockPath, 'utf8');
    expect(text).toContain(String(deadPid));
    writeFileSync(lockPath, text.replace(String(deadPid), String(pid)));
  }

  it('refuses a data directory whose owner still runs, naming it', async () => {
    const dataDir = join(root, 'held');
    const holder = await lockHolder(join(dataDir, 'pglite.lock'));
    await expect(startApiServer({ dataDir, port: 0, log: () => {}, deliveryWorker: false })).rejects.toThrow(
      `in use by process ${holder.pid}`,
    );
  });

  it('starts the API when the lock was left by a process that died', async () => {
    const dataDir = join(root, 'dead');
    await killed(await lockHolder(join(dataDir, 'pglite.lock')));
    const api = await startApiServer({ dataDir, port: 0, log: () => {}, deliveryWorker: false });
    expect((await fetch(`${api.origin}/healthz`)).status).toBe(200);
    await api.close();
  });

  it("starts the API when the dead owner's pid now belongs to another process", async () => {
    const dataDir = join(root, 'reused');
    const lockPath = join(dataDir, 'pglite.lock');
    const holder = await lockHolder(lockPath);
    const deadPid = holder.pid as number;
    await killed(holder);
    const other = unrelatedProcess();
    reusePid(lockPath, deadPid, other.pid as number);

    const api = await startApiServer({ dataDir, port: 0, log: () => {}, deliveryWorker: false });
    expect((await fetch(`${api.origin}/healthz`)).status).toBe(200);
    // And the lock is ours now: a second server on the directory is refused while this one runs.
    await expect(startApiServer({ dataDir, port: 0, log: () => {}, deliveryWorker: false })).rejects.toThrow(
      /already open in this process/,
    );
    await api.close();
    expect(other.exitCode).toBeNull();
  });

  it.skipIf(!safeRead('/proc/sys/kernel/random/boot_id'))(
    'treats a lock written in another boot as stale even when pid and start time match a running process',
    async () => {
      const lockPath = join(root, 'other-boot.lock');
      const other = unrelatedProcess();
      await new Promise((resolve) => setTimeout(resolve, 20));
      const stat = readFileSync(`/proc/${other.pid}/stat`, 'utf8');
      const startTime = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
      // The same process, as far as pid and start time go: refused.
      writeFileSync(
        lockPath,
        JSON.stringify({ pid: other.pid, start_time: startTime, boot_id: safeRead('/proc/sys/kernel/random/boot_id') }),
      );
      await expect(lockDataDir(lockPath)).rejects.toThrow(`in use by process ${other.pid}`);
      // Written before a reboot: stale.
      writeFileSync(
        lockPath,
        JSON.stringify({ pid: other.pid, start_time: startTime, boot_id: '00000000-0000-4000-8000-000000000000' }),
      );
      const lock = await lockDataDir(lockPath);
      expect(JSON.parse(readFileSync(lockPath, 'utf8'))).toMatchObject({ pid: process.pid });
      await lock.release();
    },
  );
});

function safeRead(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}
