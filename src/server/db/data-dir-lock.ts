import { readFileSync } from 'node:fs';
import { open, readFile, rm } from 'node:fs/promises';
import { resolve } from 'node:path';

/**
 * An exclusive lock on an embedded data directory: a file naming its owner, created with O_EXCL.
 * PGlite has no locking of its own, and two processes (the API and `npm run cli`, say) writing
 * one data directory would corrupt it. A lock left by a process that no longer runs is taken over.
 *
 * A pid alone does not name a process: after a crash or a reboot the pid in a leftover lock can
 * belong to something else entirely (a restarted container is pid 1 again, a busy host recycles
 * pids), and a lock that trusted it would keep the API from ever starting. So the owner is the pid
 * plus its start time (`/proc/<pid>/stat`, clock ticks since boot) and the boot id
 * (`/proc/sys/kernel/random/boot_id`): a lock whose pid is alive but started at another time, or
 * was written in another boot, is stale. Where /proc is missing (macOS), the pid check is all
 * there is.
 */
export interface LockOwner {
  pid: number;
  /** Clock ticks after boot at which the process started; null where /proc is unavailable. */
  start_time: string | null;
  boot_id: string | null;
}

/** Locks held by this process: a lock file with our identity that is not here is a previous life's. */
const held = new Set<string>();

export async function lockDataDir(lockPath: string): Promise<{ release(): Promise<void> }> {
  const path = resolve(lockPath);
  const me = currentOwner();
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.writeFile(JSON.stringify(me));
      await handle.close();
      held.add(path);
      let released = false;
      return {
        async release() {
          if (released) return;
          released = true;
          held.delete(path);
          await rm(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = parseLockFile(await readFile(path, 'utf8').catch(() => ''));
      if (owner && sameProcess(owner, me)) {
        if (held.has(path)) {
          throw new Error(
            `The data directory is already open in this process (${path}); close the other server first.`,
            {
              cause: error,
            },
          );
        }
      } else if (owner && isOwnerRunning(owner)) {
        throw new Error(
          `The data directory is in use by process ${owner.pid} (${path}). Stop that process first, ` +
            'or point both at a PostgreSQL server with DATABASE_URL.',
          { cause: error },
        );
      }
      // Stale: its owner is gone (or its pid now names another process).
      await rm(path, { force: true });
    }
  }
  throw new Error(`Could not lock the data directory (${path}).`);
}

/** This process as a lock records it. */
export function currentOwner(): LockOwner {
  return { pid: process.pid, start_time: processStartTime(process.pid), boot_id: bootId() };
}

/** The owner a lock file names; a bare pid is the format of earlier versions. Unreadable: null. */
export function parseLockFile(text: string): LockOwner | null {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return { pid: Number(trimmed), start_time: null, boot_id: null };
  try {
    const value = JSON.parse(trimmed) as Partial<Record<keyof LockOwner, unknown>>;
    if (!Number.isInteger(value.pid) || (value.pid as number) <= 0) return null;
    return {
      pid: value.pid as number,
      start_time: typeof value.start_time === 'string' ? value.start_time : null,
      boot_id: typeof value.boot_id === 'string' ? value.boot_id : null,
    };
  } catch {
    return null;
  }
}

function sameProcess(a: LockOwner, b: LockOwner): boolean {
  return a.pid === b.pid && a.start_time === b.start_time && a.boot_id === b.boot_id;
}

/** Whether the process a lock names still runs: its pid is alive, in this boot, started when the lock says. */
export function isOwnerRunning(owner: LockOwner): boolean {
  if (!isPidAlive(owner.pid)) return false;
  const boot = bootId();
  if (owner.boot_id !== null && boot !== null && owner.boot_id !== boot) return false;
  const started = processStartTime(owner.pid);
  if (owner.start_time !== null && started !== null && owner.start_time !== started) return false;
  return true;
}

function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Field 22 of /proc/<pid>/stat. The command name (field 2) is in parentheses and may itself hold
 * spaces and parentheses, so the fields are counted from the last ')'.
 */
function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

function bootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
  } catch {
    return null;
  }
}
