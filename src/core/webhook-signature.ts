/**
 * Webhook signatures: `Karla-Signature: t=<unix seconds>,v1=<hex>` where the hex is
 * HMAC-SHA256(webhook secret, `<t>.<raw body>`). Receivers reject timestamps more than 300 s away
 * from their clock and compare in constant time.
 *
 * WebCrypto (`crypto.subtle`), not node:crypto, so the very same code signs on the server and can
 * verify in a browser, a worker or an edge function a merchant runs. Hence everything is async.
 */

export const SIGNATURE_HEADER = 'Karla-Signature';
export const SIGNATURE_SCHEME = 'v1';
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

const encoder = new TextEncoder();
const HEX_SHA256 = /^[0-9a-f]{64}$/;

function signedPayload(timestamp: number, rawBody: string | Uint8Array): Uint8Array<ArrayBuffer> {
  const prefix = encoder.encode(`${timestamp}.`);
  const body = typeof rawBody === 'string' ? encoder.encode(rawBody) : rawBody;
  const out = new Uint8Array(prefix.length + body.length);
  out.set(prefix, 0);
  out.set(body, prefix.length);
  return out;
}

function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** The `v1` value: hex HMAC-SHA256(secret, `<timestamp>.<raw body>`). */
export async function computeWebhookSignature(
  secret: string,
  timestamp: number,
  rawBody: string | Uint8Array,
): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  const mac = await crypto.subtle.sign('HMAC', key, signedPayload(timestamp, rawBody));
  return toHex(new Uint8Array(mac));
}

/**
 * The full header value for a body. `timestamp` is unix seconds; sign the exact bytes you send
 * (serialize once, sign that string, send that string).
 */
export async function signWebhook(secret: string, rawBody: string | Uint8Array, timestamp: number): Promise<string> {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new RangeError('timestamp must be unix seconds');
  return `t=${timestamp},${SIGNATURE_SCHEME}=${await computeWebhookSignature(secret, timestamp, rawBody)}`;
}

export interface ParsedSignatureHeader {
  timestamp: number;
  /** Every `v1` value (several while a secret is being rotated). */
  signatures: string[];
}

/** `t=…,v1=…[,v1=…]`; unknown schemes are ignored, a missing `t` or `v1` is malformed. */
export function parseSignatureHeader(header: string | null | undefined): ParsedSignatureHeader | undefined {
  if (!header || header.length > 2048) return undefined;
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const index = part.indexOf('=');
    if (index <= 0) return undefined;
    const name = part.slice(0, index).trim();
    const value = part.slice(index + 1).trim();
    if (name === 't') {
      if (timestamp !== undefined || !/^\d{1,12}$/.test(value)) return undefined;
      timestamp = Number(value);
    } else if (name === SIGNATURE_SCHEME) {
      signatures.push(value.toLowerCase());
    }
  }
  if (timestamp === undefined || signatures.length === 0) return undefined;
  return { timestamp, signatures };
}

/** Equal-length strings compared without an early exit, so timing says nothing about where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export type SignatureVerification =
  | { ok: true; timestamp: number }
  | { ok: false; reason: 'malformed' | 'timestamp_out_of_tolerance' | 'signature_mismatch' };

export interface VerifyOptions {
  /** The receiver's clock in unix seconds (defaults to now). */
  nowSeconds?: number;
  toleranceSeconds?: number;
}

/**
 * Checks a received `Karla-Signature` against the raw body (the bytes as received, before any JSON
 * parsing). The timestamp must lie within the tolerance on either side of the receiver's clock, so
 * a captured delivery cannot be replayed later.
 */
export async function verifyWebhookSignature(
  header: string | null | undefined,
  rawBody: string | Uint8Array,
  secret: string,
  options: VerifyOptions = {},
): Promise<SignatureVerification> {
  const parsed = parseSignatureHeader(header);
  if (!parsed) return { ok: false, reason: 'malformed' };
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  const tolerance = options.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS;
  if (Math.abs(now - parsed.timestamp) > tolerance) return { ok: false, reason: 'timestamp_out_of_tolerance' };
  const expected = await computeWebhookSignature(secret, parsed.timestamp, rawBody);
  // Compare against every candidate (no early return) so the count of matches is all that leaks.
  let matched = false;
  for (const candidate of parsed.signatures) {
    if (HEX_SHA256.test(candidate) && constantTimeEqual(candidate, expected)) matched = true;
  }
  return matched ? { ok: true, timestamp: parsed.timestamp } : { ok: false, reason: 'signature_mismatch' };
}
