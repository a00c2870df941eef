import { randomBytes } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { EVENT_ID_HEADER, type ClaimEvent } from '../../core/claim-events.js';
import { isLoopbackHost } from '../../core/urls.js';
import { hostRefusal, isAllowedAddress, isLocalHostName, type AddressPolicy } from '../net/address-policy.js';
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
  /** Allow http and loopback receivers (tests, the demo); private networks stay refused. Never in production. */
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

export type WebhookUrlCheck = { ok: true; url: string } | { ok: false; key: 'webhook_url_invalid'; reason: string };

/**
 * A receiver URL as the API accepts it at registration: https, no credentials or fragment, and no
 * local host name or non-public address literal in any notation (see net/address-policy.ts).
 * With the testing flag, http and loopback are allowed for stand-ins on this machine; private
 * networks never are. Host names are resolved again at each delivery (checkWebhookTarget) and
 * checked once more at connect time (net/guarded-fetch.ts).
 */
export function validateWebhookUrl(
  raw: string,
  options: Pick<WebhookOptions, 'allowInsecureHostsForTesting'> = {},
): WebhookUrlCheck {
  const value = raw.trim();
  if (!isWebhookUrlShape(value)) return { ok: false, key: 'webhook_url_invalid', reason: 'must be an https URL' };
  const url = new URL(value);
  const policy = policyOf(options);
  if (url.protocol !== 'https:' && !(policy.allowLoopback && isLoopbackHost(url.hostname)))
    return { ok: false, key: 'webhook_url_invalid', reason: 'must be https' };
  if (hostRefusal(url.hostname, policy))
    return { ok: false, key: 'webhook_url_invalid', reason: 'must not point to a private network' };
  return { ok: true, url: url.toString() };
}

const policyOf = (options: Pick<WebhookOptions, 'allowInsecureHostsForTesting'>): AddressPolicy => ({
  allowLoopback: options.allowInsecureHostsForTesting === true,
});

/**
 * Refuses a delivery whose host resolves to a private address (a public name re-pointed at the
 * internal network after registration), with the webhook's own error key. The connection itself
 * is checked again in its DNS lookup (guarded fetch in http.ts), which also closes the gap of a
 * resolver that answers differently the second time (DNS rebinding).
 */
export async function checkWebhookTarget(url: string, options: WebhookOptions = {}): Promise<void> {
  const checked = validateWebhookUrl(url, options);
  if (!checked.ok)
    throw new DeliveryError({
      kind: 'config',
      key: 'webhook_url_invalid',
      retryable: false,
      message: `webhook URL ${checked.reason}`,
    });
  const policy = policyOf(options);
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0 || (policy.allowLoopback && isLocalHostName(host))) return;
  const resolve =
    options.resolveHost ?? (async (name: string) => (await lookup(name, { all: true })).map((entry) => entry.address));
  let addresses: string[];
  try {
    addresses = await resolve(host);
  } catch (error) {
    throw new DeliveryError({
      kind: 'dns',
      key: 'delivery_network_error',
      message: 'webhook host does not resolve',
      cause: error,
    });
  }
  if (addresses.some((address) => !isAllowedAddress(address, policy))) {
    throw new DeliveryError({
      kind: 'config',
      key: 'webhook_url_invalid',
      retryable: false,
      message: 'webhook host resolves to a private network address',
    });
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
export async function deliverWebhook(
  url: string,
  secret: string,
  event: ClaimEvent,
  eventId: string,
  options: WebhookOptions = {},
): Promise<WebhookDeliveryResult> {
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
