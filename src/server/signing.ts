import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Queryable } from './db/database.js';

/**
 * HMAC-signed, expiring tokens and URLs: session tokens, merchants' resolve links and file URLs.
 * The secret comes from SIGNING_SECRET, or is created once and kept in the store, so every
 * process on the same store (and every restart) agrees on it.
 */
export async function loadSigningSecret(db: Queryable, configured?: string): Promise<Buffer> {
  if (configured) return Buffer.from(configured, 'utf8');
  await db.query("INSERT INTO server_secrets (name, value) VALUES ('signing', $1) ON CONFLICT (name) DO NOTHING", [
    randomBytes(32).toString('base64url'),
  ]);
  const [row] = await db.query<{ value: string }>("SELECT value FROM server_secrets WHERE name = 'signing'");
  if (!row) throw new Error('signing secret missing after insert');
  return Buffer.from(row.value, 'utf8');
}

export class Signer {
  constructor(private readonly secret: Buffer) {}

  mac(purpose: string, data: string): string {
    return createHmac('sha256', this.secret).update(`${purpose}\n${data}`).digest('base64url');
  }

  verifyMac(purpose: string, data: string, mac: string): boolean {
    const expected = Buffer.from(this.mac(purpose, data));
    const given = Buffer.from(mac);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  /** `base64url(json).mac`: a compact token whose claims cannot be changed or forged. */
  sign(purpose: string, claims: Record<string, unknown>): string {
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${body}.${this.mac(purpose, body)}`;
  }

  /** The token's claims when its MAC is right and it has not expired (`exp`, unix seconds). */
  verify(purpose: string, token: string, now = Date.now()): Record<string, unknown> | undefined {
    const [body, mac, extra] = token.split('.');
    if (!body || !mac || extra !== undefined || !this.verifyMac(purpose, body, mac)) return undefined;
    let claims: unknown;
    try {
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    if (typeof claims !== 'object' || claims === null) return undefined;
    const exp = (claims as { exp?: unknown }).exp;
    if (typeof exp !== 'number' || exp * 1000 <= now) return undefined;
    return claims as Record<string, unknown>;
  }
}
