import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { deriveSecretBoxKey, openSecret, sealSecret } from './delivery/secret-box.js';

/**
 * The key that seals helpdesk API keys, Dixa tokens and webhook secrets at rest. It comes from
 * `SECRETS_KEY` when set; otherwise the embedded default creates one in the data directory
 * (`secrets.key`, mode 0600) and keeps it there. It is deliberately not kept in the database: a
 * dump of the database alone must not reveal the secrets it holds.
 *
 * Loaded lazily, on the first seal or open: a server that never stores an integration never
 * writes the file.
 */
export const SECRETS_KEY_FILE = 'secrets.key';
export const MIN_SECRETS_KEY_LENGTH = 32;

export class SecretKeyring {
  private key: Promise<Buffer> | undefined;

  /** `master`: SECRETS_KEY; else `keyFile`: where the generated key lives; else (':memory:') a key for this process only. */
  constructor(private readonly source: { master?: string | undefined; keyFile?: string | undefined }) {}

  async seal(plaintext: string, context: string): Promise<string> {
    return sealSecret(await this.load(), plaintext, context);
  }

  async open(sealed: string, context: string): Promise<string> {
    return openSecret(await this.load(), sealed, context);
  }

  private load(): Promise<Buffer> {
    this.key ??= (async () => {
      if (this.source.master) return deriveSecretBoxKey(this.source.master);
      if (!this.source.keyFile) return deriveSecretBoxKey(randomBytes(32));
      return deriveSecretBoxKey(await readOrCreateKeyFile(this.source.keyFile));
    })();
    // A failed load (unreadable file) is tried again next time rather than cached.
    this.key.catch(() => {
      this.key = undefined;
    });
    return this.key;
  }
}

async function readOrCreateKeyFile(path: string): Promise<string> {
  try {
    const handle = await open(path, 'wx', 0o600);
    const value = randomBytes(32).toString('base64url');
    try {
      await handle.writeFile(`${value}\n`);
    } finally {
      await handle.close();
    }
    return value;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      await mkdir(dirname(path), { recursive: true });
      return readOrCreateKeyFile(path);
    }
    if (code !== 'EEXIST') throw error;
  }
  // Someone made it earlier (this process in a previous life, or the CLI). Tighten loose modes.
  const info = await stat(path);
  if ((info.mode & 0o077) !== 0) await chmod(path, 0o600);
  const value = (await readFile(path, 'utf8')).trim();
  if (value.length < MIN_SECRETS_KEY_LENGTH)
    throw new Error(`${path} does not hold a usable key (at least ${MIN_SECRETS_KEY_LENGTH} characters)`);
  return value;
}
