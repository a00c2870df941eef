import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Helpdesk API keys, Dixa tokens and webhook secrets must be usable (we sign and authenticate
 * with them), so they cannot be hashed like our own API keys. They are stored sealed with
 * AES-256-GCM instead: a database dump alone does not reveal them, and a tampered value fails to
 * open rather than being used.
 *
 * The key is derived (HKDF-SHA256) from a server secret with a purpose label. Whoever wires this
 * in chooses that secret: a dedicated one survives rotating the signing secret; deriving from
 * SIGNING_SECRET means rotating it makes stored integration secrets unreadable (merchants would
 * have to enter them again).
 */

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function deriveSecretBoxKey(master: string | Uint8Array, purpose = 'resolve/integration-secrets'): Buffer {
  const ikm = typeof master === 'string' ? Buffer.from(master, 'utf8') : Buffer.from(master);
  if (ikm.length < 32) throw new RangeError('the master secret must be at least 32 bytes');
  return Buffer.from(hkdfSync('sha256', ikm, Buffer.alloc(0), purpose, 32));
}

/** `v1.<base64url(iv | tag | ciphertext)>`; `context` (e.g. `shop-id:gorgias`) binds it to its row. */
export function sealSecret(key: Buffer, plaintext: string, context = ''): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url')}`;
}

/** The plaintext, or an Error when the value was sealed with another key or context or altered. */
export function openSecret(key: Buffer, sealed: string, context = ''): string {
  const [version, payload, extra] = sealed.split('.');
  if (version !== VERSION || !payload || extra !== undefined) throw new Error('not a sealed secret');
  const raw = Buffer.from(payload, 'base64url');
  if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('not a sealed secret');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}
