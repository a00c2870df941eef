import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { isLoopbackHost } from '../core/urls.js';
import type { Queryable } from './db/database.js';
import type { Signer } from './signing.js';

/**
 * Portal sessions: a 256-bit random id in an HttpOnly cookie, stored server-side as its SHA-256
 * with an expiry, revoked on sign-out and (all but the current one) on a password change.
 *
 * The cookie is `__Host-resolve_session; Secure; HttpOnly; SameSite=Lax; Path=/` — only on a
 * loopback http origin (development, the demo, tests) is it `resolve_session` without `Secure`,
 * since browsers refuse Secure cookies and the `__Host-` prefix over http.
 *
 * The CSRF token is an HMAC of the session id: bound to the session, nothing to store, useless
 * with another session, and it changes when the session does.
 */

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export interface PortalSessionRecord {
  idHash: string;
  userId: string;
  expiresAt: Date;
}

const hashId = (id: string) => createHash('sha256').update(id, 'utf8').digest('hex');

/** Secure cookies everywhere except plain http on a loopback host. */
export function cookieIsSecure(publicOrigin: string): boolean {
  try {
    const url = new URL(publicOrigin);
    return !(url.protocol === 'http:' && isLoopbackHost(url.hostname));
  } catch {
    return true;
  }
}

/** The cookie's full name (for tests and docs); hono adds the `__Host-` prefix itself. */
export const sessionCookieName = (secure: boolean) => (secure ? '__Host-resolve_session' : 'resolve_session');
const COOKIE = 'resolve_session';
const prefix = (secure: boolean) => (secure ? { prefix: 'host' as const } : {});

/** A new session: `id` goes into the cookie and nowhere else; `record` is what the store knows. */
export async function createPortalSession(
  db: Queryable,
  userId: string,
  now = Date.now(),
): Promise<{ id: string; record: PortalSessionRecord }> {
  const id = randomBytes(32).toString('base64url');
  const record = { idHash: hashId(id), userId, expiresAt: new Date(now + SESSION_TTL_MS) };
  await db.query('INSERT INTO portal_sessions (id_hash, user_id, expires_at) VALUES ($1, $2, $3)', [
    record.idHash,
    userId,
    record.expiresAt,
  ]);
  return { id, record };
}

/** The live session for a cookie value: known, not revoked, not expired. */
export async function findPortalSession(db: Queryable, id: string): Promise<PortalSessionRecord | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return undefined;
  const [row] = await db.query<{ id_hash: string; user_id: string; expires_at: Date }>(
    'SELECT id_hash, user_id, expires_at FROM portal_sessions WHERE id_hash = $1 AND revoked_at IS NULL AND expires_at > now()',
    [hashId(id)],
  );
  return row && { idHash: row.id_hash, userId: row.user_id, expiresAt: new Date(row.expires_at) };
}

export async function revokePortalSession(db: Queryable, idHash: string): Promise<void> {
  await db.query('UPDATE portal_sessions SET revoked_at = now() WHERE id_hash = $1 AND revoked_at IS NULL', [idHash]);
}

/** Ends every session of the user except `keepIdHash` (the one that changed the password). */
export async function revokeOtherSessions(db: Queryable, userId: string, keepIdHash: string | null): Promise<void> {
  await db.query(
    'UPDATE portal_sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL AND id_hash IS DISTINCT FROM $2',
    [userId, keepIdHash],
  );
  // Expired and revoked rows are of no further use; keep the table small.
  await db.query(
    "DELETE FROM portal_sessions WHERE user_id = $1 AND (expires_at < now() - interval '1 day' OR revoked_at < now() - interval '1 day')",
    [userId],
  );
}

export function csrfTokenFor(signer: Signer, session: Pick<PortalSessionRecord, 'idHash'>): string {
  return signer.mac('portal-csrf', session.idHash);
}

export function csrfTokenMatches(
  signer: Signer,
  session: Pick<PortalSessionRecord, 'idHash'>,
  token: string | undefined,
): boolean {
  return (
    typeof token === 'string' &&
    token.length > 0 &&
    token.length < 200 &&
    signer.verifyMac('portal-csrf', session.idHash, token)
  );
}

export function readSessionCookie(c: Context, secure: boolean): string | undefined {
  return secure ? getCookie(c, COOKIE, 'host') : getCookie(c, COOKIE);
}

export function writeSessionCookie(c: Context, secure: boolean, id: string, expiresAt: Date): void {
  setCookie(c, COOKIE, id, {
    path: '/',
    httpOnly: true,
    secure,
    sameSite: 'Lax',
    expires: expiresAt,
    maxAge: Math.floor((expiresAt.getTime() - Date.now()) / 1000),
    ...prefix(secure),
  });
}

export function clearSessionCookie(c: Context, secure: boolean): void {
  deleteCookie(c, COOKIE, { path: '/', httpOnly: true, secure, sameSite: 'Lax', ...prefix(secure) });
}
