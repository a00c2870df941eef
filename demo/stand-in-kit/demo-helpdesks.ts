import { randomBytes } from 'node:crypto';
import { verifyWebhookSignature } from '../../src/core/webhook-signature.js';
import type { ApiServerOptions, RunningApi } from '../../src/server/index.js';
import { startDixaStandIn, type DixaStandIn } from '../dixa-stand-in/server.js';
import { DEFAULT_DIXA_AGENT, DEFAULT_DIXA_TOKEN } from '../dixa-stand-in/state.js';
import { startGorgiasStandIn, type GorgiasStandIn } from '../gorgias-stand-in/server.js';
import { DEFAULT_GORGIAS_USER } from '../gorgias-stand-in/state.js';
import { escapeHtml } from '../html.js';
import { readBody } from './body.js';
import { demoApp, htmlResponse, jsonResponse, listenOnLoopback, type RunningServer } from './server.js';

/**
 * The demo's helpdesks: the Gorgias and Dixa stand-ins and a merchant's webhook receiver, on
 * `gorgias.localhost`, `dixa.localhost` and `webhooks.localhost`, wired to the demo shop through
 * the merchant API (so the settings are verified exactly as a merchant's would be). A claim
 * submitted in the demo ends up as a ticket, a conversation and a signed webhook, each visible on
 * its page.
 */

/**
 * Browsers resolve every `*.localhost` to loopback; Node's resolver does not. Server-side calls
 * between the demo's parts (the API to the stand-ins, Dixa downloading photos from the API) go
 * through this fetch, which sends `*.localhost` to 127.0.0.1.
 */
export const loopbackFetch: typeof fetch = (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (url.hostname.endsWith('.localhost')) url.hostname = '127.0.0.1';
  return fetch(input instanceof Request ? new Request(url, input) : url, init);
};

export interface DemoWebhookReceiver extends RunningServer {
  secret: string;
  received: { at: string; event: string; ref: string; signatureValid: boolean; body: string }[];
}

/**
 * A merchant's receiver: checks `Karla-Signature` with the verifier merchants are given
 * (src/core/webhook-signature.ts) and lists what came in at `/`. The tests check signatures with
 * their own independent HMAC code (test/server/delivery-support.ts).
 */
async function startWebhookReceiver(port: number): Promise<DemoWebhookReceiver> {
  const receiver = { secret: '', received: [] as DemoWebhookReceiver['received'] };
  const app = demoApp();
  app.post('/hooks/resolve', async (c) => {
    const req = c.env.incoming;
    const body = (await readBody(req, 1024 * 1024)).toString('utf8');
    const signatureValid =
      receiver.secret !== '' &&
      (await verifyWebhookSignature(req.headers['karla-signature']?.toString(), body, receiver.secret)).ok;
    receiver.received.unshift({
      at: new Date().toISOString(),
      event: String(req.headers['karla-event'] ?? ''),
      ref: String(req.headers['karla-event-id'] ?? ''),
      signatureValid,
      body,
    });
    receiver.received.length = Math.min(receiver.received.length, 50);
    return jsonResponse(signatureValid ? 200 : 401, { ok: signatureValid });
  });
  app.get('/', () => htmlResponse(receiverPage(receiver.received)));
  app.notFound(() => jsonResponse(404, { message: 'Not found' }));
  return Object.assign(receiver, await listenOnLoopback(app, { port }));
}

function receiverPage(received: DemoWebhookReceiver['received']): string {
  const rows = received
    .map(
      (entry) =>
        `<li><strong>${escapeHtml(entry.event)}</strong> ${escapeHtml(entry.at)} — signature ${entry.signatureValid ? '✅ valid' : '❌ invalid'}` +
        `<br><code>${escapeHtml(entry.ref)}</code><details><summary>body</summary><pre>${escapeHtml(JSON.stringify(JSON.parse(entry.body), null, 2))}</pre></details></li>`,
    )
    .join('');
  return `<!doctype html><meta charset="utf-8"><title>Webhook receiver</title><style>body{font:14px system-ui;margin:2rem}li{margin:1rem 0}pre{background:#f4f4f8;padding:.5rem;overflow:auto}</style>
<h1>Demo webhook receiver</h1><p>Signed claim events from the Resolve API (newest first). Reload after submitting a claim.</p><ul>${rows || '<li>Nothing received yet.</li>'}</ul>`;
}

export interface DemoHelpdesks {
  gorgias: GorgiasStandIn;
  dixa: DixaStandIn;
  receiver: DemoWebhookReceiver;
  /** The pages to open in a browser. */
  pages: { gorgias: string; dixa: string; webhooks: string };
  /** For startApiServer: stand-in origins allowed, `*.localhost` reachable from Node. */
  apiOptions: NonNullable<ApiServerOptions['helpdesks']>;
  /** Saves and enables both integrations and the webhook for the shop, through the merchant API. */
  configure(api: RunningApi, shopSlug: string, apiKey: string): Promise<void>;
  close(): Promise<void>;
}

export async function startDemoHelpdesks(
  ports: { gorgias?: number | undefined; dixa?: number | undefined; webhooks?: number | undefined } = {},
): Promise<DemoHelpdesks> {
  const started: { close(): Promise<void> }[] = [];
  try {
    const gorgias = await startGorgiasStandIn({ port: ports.gorgias ?? 0 });
    started.push(gorgias);
    const dixa = await startDixaStandIn({ port: ports.dixa ?? 0, fetch: loopbackFetch });
    started.push(dixa);
    const receiver = await startWebhookReceiver(ports.webhooks ?? 0);
    started.push(receiver);
    const named = (name: string, origin: string) => `http://${name}.localhost:${new URL(origin).port}`;
    const pages = {
      gorgias: named('gorgias', gorgias.origin),
      dixa: named('dixa', dixa.origin),
      webhooks: named('webhooks', receiver.origin),
    };
    return {
      gorgias,
      dixa,
      receiver,
      pages,
      apiOptions: { allowLoopbackHosts: true, dixaBaseUrl: pages.dixa, fetch: loopbackFetch },
      async configure(api, shopSlug, apiKey) {
        const call = async (method: string, path: string, body?: unknown) => {
          const response = await fetch(`http://127.0.0.1:${api.port}/v1/shops/${shopSlug}${path}`, {
            method,
            headers: {
              Authorization: `Basic ${Buffer.from(`${shopSlug}:${apiKey}`).toString('base64')}`,
              'Content-Type': 'application/json',
            },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          });
          if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
          return response.json() as Promise<unknown>;
        };
        await call('PUT', '/integrations/gorgias', {
          endpoint: pages.gorgias,
          email: DEFAULT_GORGIAS_USER.email,
          api_key: DEFAULT_GORGIAS_USER.api_key,
          enabled: true,
          tags: {
            flow_type: { enabled: true },
            resolution_preference: { enabled: true },
            shipment_phase: { enabled: true },
            always: ['resolve'],
          },
          custom_fields: [
            { field_id: 11, source: 'order_number' },
            { field_id: 12, source: 'flow_type' },
            { field_id: 13, source: 'net_invoice_amount' },
          ],
        });
        await call('PUT', '/integrations/dixa', {
          api_token: DEFAULT_DIXA_TOKEN,
          email_integration_id: 'support@acme.email.dixa.io',
          default_agent_id: DEFAULT_DIXA_AGENT,
          enabled: true,
        });
        // The secret is shown only once: a restarted demo (same data directory) sets a new one.
        receiver.secret = `whsec_demo_${randomBytes(16).toString('hex')}`;
        const url = `${pages.webhooks}/hooks/resolve`;
        const list = (await call('GET', '/webhooks?per_page=100')) as { data: { uuid: string; url: string }[] };
        const existing = list.data.find((hook) => hook.url === url);
        if (existing) await call('PATCH', `/webhooks/${existing.uuid}`, { secret: receiver.secret, status: 'active' });
        else await call('POST', '/webhooks', { url, secret: receiver.secret });
      },
      close: async () => {
        await Promise.allSettled(started.reverse().map((part) => part.close()));
      },
    };
  } catch (error) {
    await Promise.allSettled(started.reverse().map((part) => part.close()));
    throw error;
  }
}
