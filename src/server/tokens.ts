import { randomUUID } from 'node:crypto';
import type { Signer } from './signing.js';

/**
 * The customer's credentials: a short-lived session after a successful lookup, and the long-lived
 * order-scoped resolve link a merchant puts into emails. Both are signed, so the server keeps no
 * session table; uploads remember the session id they were made with.
 */
export const SESSION_TTL_SECONDS = 2 * 60 * 60;
export const DEFAULT_LINK_TTL_SECONDS = 30 * 24 * 60 * 60;
export const FILE_URL_TTL_SECONDS = 7 * 24 * 60 * 60;

export interface CustomerSession {
  sessionId: string;
  shopId: string;
  orderId: string;
  method: 'lookup' | 'token';
  expiresAt: Date;
}

export function issueSession(
  signer: Signer,
  session: Omit<CustomerSession, 'sessionId' | 'expiresAt'>,
  now = Date.now(),
): { token: string; session: CustomerSession } {
  const exp = Math.floor(now / 1000) + SESSION_TTL_SECONDS;
  const full: CustomerSession = { ...session, sessionId: randomUUID(), expiresAt: new Date(exp * 1000) };
  const token = signer.sign('session', {
    sid: full.sessionId,
    shop: full.shopId,
    order: full.orderId,
    m: full.method,
    exp,
  });
  return { token, session: full };
}

export function readSession(signer: Signer, token: string): CustomerSession | undefined {
  const claims = signer.verify('session', token);
  if (!claims) return undefined;
  const { sid, shop, order, m, exp } = claims;
  if (
    typeof sid !== 'string' ||
    typeof shop !== 'string' ||
    typeof order !== 'string' ||
    (m !== 'lookup' && m !== 'token') ||
    typeof exp !== 'number'
  ) {
    return undefined;
  }
  return { sessionId: sid, shopId: shop, orderId: order, method: m, expiresAt: new Date(exp * 1000) };
}

export function issueResolveLink(
  signer: Signer,
  shopId: string,
  orderId: string,
  ttlSeconds: number,
  now = Date.now(),
): { token: string; expiresAt: Date } {
  const exp = Math.floor(now / 1000) + ttlSeconds;
  return { token: signer.sign('resolve-link', { shop: shopId, order: orderId, exp }), expiresAt: new Date(exp * 1000) };
}

export function readResolveLink(signer: Signer, token: string): { shopId: string; orderId: string } | undefined {
  const claims = signer.verify('resolve-link', token);
  return claims && typeof claims.shop === 'string' && typeof claims.order === 'string'
    ? { shopId: claims.shop, orderId: claims.order }
    : undefined;
}

/** `{origin}/v1/files/{id}?expires=…&signature=…`: the only way a stored file is ever served. */
export function signedFileUrl(
  signer: Signer,
  publicOrigin: string,
  uploadId: string,
  ttlSeconds = FILE_URL_TTL_SECONDS,
  now = Date.now(),
): string {
  const expires = Math.floor(now / 1000) + ttlSeconds;
  const url = new URL(`/v1/files/${uploadId}`, publicOrigin);
  url.searchParams.set('expires', String(expires));
  url.searchParams.set('signature', signer.mac('file', `${uploadId}.${expires}`));
  return url.toString();
}

/** Checks the signature first: an edited expiry is a bad signature, not an expired link. */
export function verifyFileUrl(
  signer: Signer,
  uploadId: string,
  expires: string | undefined,
  signature: string | undefined,
  now = Date.now(),
): 'ok' | 'expired' | 'invalid' {
  if (!expires || !signature || !/^\d{1,12}$/.test(expires) || signature.length > 128) return 'invalid';
  if (!signer.verifyMac('file', `${uploadId}.${expires}`, signature)) return 'invalid';
  return Number(expires) * 1000 > now ? 'ok' : 'expired';
}
