import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A webhook receiver written from what Karla's open-source Shopware plugin expects
 * (`gokarla-io/shopware`: WebhookController, KarlaWebhookEvent), independent of our code:
 *
 * - `Karla-Signature: t=<unix>,v1=<hex>`; missing or wrong → 401. The timestamp may be at most
 *   300 s away from now; the HMAC-SHA256 of `<t>.<raw body>` with the secret is compared in
 *   constant time.
 * - A JSON body with `event_group`; missing → 400. The Flow Builder name is `karla.` + the group
 *   with its first `_` turned into `.` (`claim_created` → `karla.claim.created`) and must be one
 *   the plugin knows.
 * - `context.order.external_id` and `context.customer.external_id` must be non-empty strings (the
 *   plugin throws otherwise: a 500); `context.customer.email` is the default mail recipient.
 * - `event_data` is exposed field by field to templates (scalars, arrays and nulls).
 */

const KNOWN_GROUPS = new Set(['claim_created', 'claim_updated']);
const TOLERANCE_SECONDS = 300;

export interface DispatchedEvent {
  name: string;
  ref: unknown;
  orderId: string;
  customerId: string;
  mailRecipient: string | null;
  values: Record<string, unknown>;
  eventId: string | undefined;
}

export interface KarlaReceiver {
  url: string;
  answers: number[];
  dispatched: DispatchedEvent[];
  close(): Promise<void>;
}

function verifySignature(header: string, payload: string, secret: string, nowSeconds: number): boolean {
  const parts: Record<string, string> = {};
  for (const part of header.split(',')) {
    const [key, value] = part.split('=', 2);
    if (key !== undefined && value !== undefined) parts[key] = value;
  }
  if (parts.t === undefined || parts.v1 === undefined) return false;
  const timestamp = Number.parseInt(parts.t, 10);
  if (!Number.isFinite(timestamp) || Math.abs(nowSeconds - timestamp) > TOLERANCE_SECONDS) return false;
  const computed = Buffer.from(createHmac('sha256', secret).update(`${timestamp}.${payload}`).digest('hex'));
  const given = Buffer.from(parts.v1);
  return computed.length === given.length && timingSafeEqual(computed, given);
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  Boolean(value) && typeof value === 'object' && !Array.isArray(value);

/** What the plugin does with a verified body: the dispatched event, or the status it answers. */
export function handleKarlaPayload(payload: string, eventId?: string): DispatchedEvent | number {
  let data: unknown;
  try {
    data = JSON.parse(payload);
  } catch {
    return 400;
  }
  if (!isRecord(data)) return 400;
  const group = data.event_group;
  if (typeof group !== 'string' || !group) return 400;
  if (!KNOWN_GROUPS.has(group)) return 500;
  const name = `karla.${group.replace('_', '.')}`;
  const context = isRecord(data.context) ? data.context : {};
  const order = isRecord(context.order) ? context.order : {};
  const customer = isRecord(context.customer) ? context.customer : {};
  if (typeof order.external_id !== 'string' || !order.external_id) return 500;
  if (typeof customer.external_id !== 'string' || !customer.external_id) return 500;
  const eventData = isRecord(data.event_data) ? data.event_data : {};
  const values = Object.fromEntries(
    Object.entries(eventData).filter(
      ([, value]) => value === null || Array.isArray(value) || ['string', 'number', 'boolean'].includes(typeof value),
    ),
  );
  return {
    name,
    ref: data.ref,
    orderId: order.external_id,
    customerId: customer.external_id,
    mailRecipient: typeof customer.email === 'string' && customer.email ? customer.email : null,
    values,
    eventId,
  };
}

export async function startKarlaReceiver(secret: string, now: () => number = Date.now): Promise<KarlaReceiver> {
  const answers: number[] = [];
  const dispatched: DispatchedEvent[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const payload = Buffer.concat(chunks).toString('utf8');
    const signature = req.headers['karla-signature'];
    let status: number;
    if (typeof signature !== 'string' || !verifySignature(signature, payload, secret, Math.floor(now() / 1000)))
      status = 401;
    else {
      const eventId = req.headers['karla-event-id'];
      const result = handleKarlaPayload(payload, typeof eventId === 'string' ? eventId : undefined);
      if (typeof result === 'number') status = result;
      else {
        dispatched.push(result);
        status = 200;
      }
    }
    answers.push(status);
    res
      .writeHead(status, { 'content-type': 'application/json' })
      .end(JSON.stringify({ status: status === 200 ? 'success' : 'error' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/karla/webhooks/resolve`,
    answers,
    dispatched,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
