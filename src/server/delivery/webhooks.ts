import { randomBytes } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { EVENT_ID_HEADER, type ClaimEvent } from '../../core/claim-events.js';
import { isLoopbackHost } from '../../core/urls.js';
import { SIGNATURE_HEADER, signWebhook } from '../../core/webhook-signature.js';
import { isWebhookUrlShape } from '../../core/webhooks.js';
import { pacersFor, type ConnectorOptions } from './common.js';
import { DeliveryError, kindForStatus } from './errors.js';
import { sendRequest } from './http.js';
import { systemClock } from './pacing.js';

/**
 * Signed webhooks: the documented claim event envelope, POSTed as JSON with
 * `Karla-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. A 2xx acknowledges;
 * anything else (any status, a redirect, a timeout, a refused connection) is retried by the worker.
 * Delivery is at-least-once: receivers deduplicate on `Karla-Event-Id`, the delivery's id, which
 * every retry of that delivery repeats (`ref` names the kind of event and is not unique).
 */

export interface WebhookOptions extends ConnectorOptions {
  /** Allow http and loopback / private-network receivers (tests, the demo). Never in production. */
  allowInsecureHostsForTesting?: boolean;
  /** Resolves a host name to addresses (injected by tests); node:dns by default. */
  resolveHost?: (hostname: string) => Promise<string[]>;
}

export const WEBHOOK_TIMEOUT_MS = 10_000;
export const WEBHOOK_USER_AGENT = 'Karla-Resolve-Webhooks/1.0';

/** `whsec_` + 32 random bytes, base64url: 49 characters, within the documented 16–64. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

// ---------------------------------------------------------------------------------------------
// Where webhooks may go

function ipv4Parts(address: string): number[] | undefined {
  const parts = address.split('.').map(Number);
  return parts.length === 4 && parts.every((p) => Number.isInteger(p) && p >= 0 && p <= 255) ? parts : undefined;
}

/**
 * Addresses a merchant's receiver must never resolve to: our own machine, private networks,
 * link-local (cloud metadata at 169.254.169.254), CGNAT, unspecified and multicast ranges.
 */
export function isPrivateAddress(address: string): boolean {
  const lower = address.toLowerCase().replace(/^\[|\]$/g, '');
  // IPv4-mapped IPv6, dotted (`::ffff:10.0.0.1`) or as URL parsers write it (`::ffff:a00:1`).
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower)?.[1];
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  const mapped =
    dotted ??
    (hex ? [parseInt(hex[1] ?? '0', 16) >> 8, parseInt(hex[1] ?? '0', 16) & 255, parseInt(hex[2] ?? '0', 16) >> 8, parseInt(hex[2] ?? '0', 16) & 255].join('.') : undefined);
  const v4 = ipv4Parts(mapped ?? lower);
  if (v4) {
    const [a = 0, b = 0] = v4;
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 198 && (b === 18 || b === 19)) ||
      a >= 224
    );
  }
  if (isIP(lower) !== 6) return false;
  return lower === '::' || lower === '::1' || /^f[cd]/.test(lower) || /^fe[89ab]/.test(lower) || /^ff/.test(lower);
}

export type WebhookUrlCheck = { ok: true; url: string } | { ok: false; key: 'webhook_url_invalid'; reason: string };

/**
 * A receiver URL as the API accepts it at registration: https, no credentials or fragment, and no
 * loopback or private-address literal (unless testing). Host names are resolved again at each
 * delivery (checkWebhookTarget).
 */
export function validateWebhookUrl(raw: string, options: Pick<WebhookOptions, 'allowInsecureHostsForTesting'> = {}): WebhookUrlCheck {
  const value = raw.trim();
  if (!isWebhookUrlShape(value)) return { ok: false, key: 'webhook_url_invalid', reason: 'must be an https URL' };
  const url = new URL(value);
  if (options.allowInsecureHostsForTesting) return { ok: true, url: url.toString() };
  if (url.protocol !== 'https:') return { ok: false, key: 'webhook_url_invalid', reason: 'must be https' };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isLoopbackHost(url.hostname) || (isIP(host) !== 0 && isPrivateAddress(host))) {
    return { ok: false, key: 'webhook_url_invalid', reason: 'must not point to a private network' };
  }
  return { ok: true, url: url.toString() };
}

/**
 * Refuses a delivery whose host resolves to a private address (a public name re-pointed at the
 * internal network after registration). This is a check before connecting: a resolver that
 * changes its answer between this lookup and the connection (DNS rebinding) needs a pinned-address
 * dispatcher, which Node's built-in fetch does not expose without the undici package.
 */
export async function checkWebhookTarget(url: string, options: WebhookOptions = {}): Promise<void> {
  const checked = validateWebhookUrl(url, options);
  if (!checked.ok) throw new DeliveryError({ kind: 'config', key: 'webhook_url_invalid', retryable: false, message: `webhook URL ${checked.reason}` });
  if (options.allowInsecureHostsForTesting) return;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) return;
  const resolve = options.resolveHost ?? (async (name: string) => (await lookup(name, { all: true })).map((entry) => entry.address));
  let addresses: string[];
  try {
    addresses = await resolve(host);
  } catch (error) {
    throw new DeliveryError({ kind: 'dns', key: 'delivery_network_error', message: 'webhook host does not resolve', cause: error });
  }
  if (addresses.some(isPrivateAddress)) {
    throw new DeliveryError({ kind: 'config', key: 'webhook_url_invalid', retryable: false, message: 'webhook host resolves to a private network address' });
  }
}

// ---------------------------------------------------------------------------------------------
// Delivery

export interface WebhookDeliveryResult {
  status: number;
  /** The exact body sent (what the signature covers). */
  body: string;
  signature: string;
}

/**
 * POSTs one event to one receiver. Serialized once; that exact string is signed and sent.
 * `eventId` is the delivery's stable id (the same on every retry), sent as `Karla-Event-Id`.
 * Throws DeliveryError, always retryable except for a URL that may not be delivered to.
 */
export async function deliverWebhook(url: string, secret: string, event: ClaimEvent, eventId: string, options: WebhookOptions = {}): Promise<WebhookDeliveryResult> {
  await checkWebhookTarget(url, options);
  const clock = options.clock ?? systemClock;
  const body = JSON.stringify(event);
  const signature = await signWebhook(secret, body, Math.floor(clock.now() / 1000));
  const label = `POST webhook ${new URL(url).host}`;
  const response = await sendRequest(
    {
      method: 'POST',
      url,
      headers: {
        'content-type': 'application/json',
        'user-agent': WEBHOOK_USER_AGENT,
        [SIGNATURE_HEADER]: signature,
        'Karla-Event': event.ref,
        [EVENT_ID_HEADER]: eventId,
      },
      body,
      label,
      pacer: pacersFor(options).webhook(url),
      timeoutMs: options.timeoutMs ?? WEBHOOK_TIMEOUT_MS,
      defaultRetryAfterMs: 60_000,
      // A receiver's 429 goes back to the worker's schedule rather than holding it here.
      maxInlineRetries: 0,
    },
    options,
  );
  if (response.status >= 200 && response.status < 300) return { status: response.status, body, signature };
  throw new DeliveryError({
    kind: response.status >= 300 && response.status < 400 ? 'unexpected' : kindForStatus(response.status),
    key: 'webhook_http_error',
    status: response.status,
    retryable: true,
    message: `${label}: receiver answered ${response.status}`,
  });
}
