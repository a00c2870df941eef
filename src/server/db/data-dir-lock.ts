import { open, readFile, rm } from 'node:fs/promises';
import { resolve } from 'node:path';

/**
 * An exclusive lock on an embedded data directory: a file holding the owner's pid, created with
 * O_EXCL. PGlite has no locking of its own, and two processes (the API and `npm run cli`, say)
 * writing one data directory would corrupt it. A lock left by a process that no longer runs is
 * taken over.
 */
/** Locks held by this process: a lock file with our pid that is not here is a previous life's (a restarted container is pid 1 again). */
const held = new Set<string>();

export async function lockDataDir(lockPath: string): Promise<{ release(): Promise<void> }> {
  const path = resolve(lockPath);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
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
      const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isRunning(owner)) {
        throw new Error(
          `The data directory is in use by process ${owner} (${path}). Stop that process first, ` +
            'or point both at a PostgreSQL server with DATABASE_URL.',
          { cause: error },
        );
      }
      if (owner === process.pid && held.has(path)) {
        throw new Error(`The data directory is already open in this process (${path}); close the other server first.`, {
          cause: error,
        });
      }
      // Stale: its owner is gone.
      await rm(path, { force: true });
    }
  }
  throw new Error(`Could not lock the data directory (${path}).`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
