import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { apiErrorBodySchema } from '../../src/core/api-error.js';
import { claimEventSchema } from '../../src/core/claim-events.js';
import { deliverySchema, dixaSettingsSchema, gorgiasSettingsSchema } from '../../src/core/integrations.js';
import { webhookListSchema, webhookSchema, webhookWithSecretSchema } from '../../src/core/webhooks.js';
import { startDixaStandIn, type DixaStandIn } from '../../demo/dixa-stand-in/server.js';
import { DEFAULT_DIXA_AGENT, DEFAULT_DIXA_TOKEN } from '../../demo/dixa-stand-in/state.js';
import { DEFAULT_GORGIAS_USER } from '../../demo/gorgias-stand-in/state.js';
import { backends, seedDataDir, startTestApi, type TestApi } from './support.js';
import {
  allDelivered,
  deliveryApiOptions,
  JPEG,
  merchantClient,
  OBSERVER,
  PNG,
  SECRETS_KEY,
  startStandIns,
  startWebhookReceiver,
  submitClaim,
  testOrder,
  verifyKarlaSignature,
} from './delivery-support.js';

/**
 * Helpdesk delivery through the real API: settings verified against the Gorgias and Dixa
 * stand-ins before they are stored, webhook CRUD, and claims submitted by a customer travelling
 * through the worker to exactly one ticket, one conversation and signed webhooks, also when the
 * helpdesk rate-limits, fails, hangs or drops the connection after creating.
 */
describe.each(backends)('helpdesk delivery on $name', (backend) => {
  let store: Awaited<ReturnType<typeof backend.freshStore>>;
  let t: TestApi;
  let standIns: Awaited<ReturnType<typeof startStandIns>>;
  let dixa: DixaStandIn;
  let merchant: ReturnType<typeof merchantClient>;
  let orderSeq = 2000;
  const MAX_ATTEMPTS = 4;

  beforeAll(async () => {
    store = await backend.freshStore();
    // Dixa's origin is a server setting (not a merchant's): one stand-in for the suite, reset per test.
    dixa = await startDixaStandIn();
    t = await startTestApi({
      ...store.options,
      ...deliveryApiOptions(dixa, { maxAttempts: MAX_ATTEMPTS, backoff: { baseMs: 50, capMs: 200, minMs: 10 } }),
    });
    merchant = merchantClient(t.url, t.merchantAuth, t.slug);
  });
  afterAll(async () => {
    await t.api.close();
    await dixa.close();
    await store.dispose();
  });

  // A fresh Gorgias account per test (its own origin, so its own rate limit), an empty Dixa.
  beforeEach(async () => {
    dixa.state.reset();
    standIns = await startStandIns({ dixa });
  });
  afterEach(async () => {
    await standIns.gorgias.close();
    for (const provider of ['gorgias', 'dixa']) await merchant.call('DELETE', `/integrations/${provider}`);
  });

  const newOrder = async () => {
    const number = `#${orderSeq++}`;
    expect((await merchant.call('PUT', '/orders', testOrder(number))).status).toBe(201);
    return number.slice(1);
  };
  const errorOf = async (response: Response) => apiErrorBodySchema.parse(await response.json());
  // Ticket creates, without the settings check's permission probe (an empty ticket Gorgias refuses with 400).
  const ticketCreates = () =>
    standIns.gorgias.state.requestsTo('POST', '/api/tickets').filter((request) => request.status !== 400);

  describe('Gorgias settings', () => {
    const valid = () => ({
      endpoint: `  ${standIns.gorgias.origin}/ `,
      email: ` ${DEFAULT_GORGIAS_USER.email} `,
      api_key: ` ${DEFAULT_GORGIAS_USER.api_key} `,
    });

    it('normalizes, verifies against Gorgias, stores the key sealed and only ever shows its preview', async () => {
      const put = await merchant.call('PUT', '/integrations/gorgias', valid());
      expect(put.status).toBe(201);
      const text = await put.text();
      expect(text).not.toContain(DEFAULT_GORGIAS_USER.api_key);
      const settings = gorgiasSettingsSchema.parse(JSON.parse(text));
      expect(settings).toMatchObject({
        endpoint: standIns.gorgias.origin,
        email: DEFAULT_GORGIAS_USER.email,
        enabled: false,
        api_key_preview: `••••${DEFAULT_GORGIAS_USER.api_key.slice(-4)}`,
      });
      expect(settings.verified_at).not.toBeNull();
      // Checked with Basic auth before anything was stored.
      expect(standIns.gorgias.state.requestsTo('GET', '/api/account')).toHaveLength(1);
      const [row] = await t.api.db.query<{ secret_sealed: string; config: unknown }>(
        "SELECT secret_sealed, config FROM integration_settings WHERE provider = 'gorgias'",
      );
      expect(row?.secret_sealed).toMatch(/^v1\./);
      expect(JSON.stringify(row)).not.toContain(DEFAULT_GORGIAS_USER.api_key);
      const get = await merchant.call('GET', '/integrations/gorgias');
      expect(gorgiasSettingsSchema.parse(await get.json()).api_key_preview).toBe(settings.api_key_preview);

      // Saved again without the key: the stored key is kept (and verified again).
      const again = await merchant.call('PUT', '/integrations/gorgias', {
        endpoint: standIns.gorgias.origin,
        email: DEFAULT_GORGIAS_USER.email,
      });
      expect(again.status).toBe(200);
      expect(standIns.gorgias.state.requestsTo('GET', '/api/account').at(-1)?.status).toBe(200);
      const toggled = await merchant.call('PATCH', '/integrations/gorgias', { enabled: true });
      expect(gorgiasSettingsSchema.parse(await toggled.json()).enabled).toBe(true);
    });

    it.each([
      [
        'a wrong API key',
        () => ({ ...valid(), api_key: 'wrong-key-0000000000' }),
        422,
        'gorgias_auth_failed',
        'api_key',
      ],
      ['a wrong email', () => ({ ...valid(), email: 'nobody@acme.test' }), 422, 'gorgias_auth_failed', 'api_key'],
      [
        'a user without permission',
        () => ({ ...valid(), email: OBSERVER.email, api_key: OBSERVER.api_key }),
        422,
        'gorgias_permission_denied',
        'api_key',
      ],
      [
        'a host outside gorgias.com',
        () => ({ ...valid(), endpoint: 'https://acme.gorgias.com.evil.example' }),
        422,
        'gorgias_endpoint_host',
        'endpoint',
      ],
      [
        'plain http outside loopback',
        () => ({ ...valid(), endpoint: 'http://acme.gorgias.com' }),
        422,
        'gorgias_endpoint_not_https',
        'endpoint',
      ],
      [
        'a path',
        () => ({ ...valid(), endpoint: 'https://acme.gorgias.com/app/tickets' }),
        422,
        'gorgias_endpoint_path',
        'endpoint',
      ],
      ['no key', () => ({ ...valid(), api_key: '   ' }), 422, 'gorgias_api_key_missing', 'api_key'],
      [
        'an unreachable helpdesk',
        () => ({ ...valid(), endpoint: 'http://127.0.0.1:9' }),
        502,
        'delivery_network_error',
        'api_key',
      ],
    ])('refuses %s with its own key and stores nothing', async (_name, body, status, key, field) => {
      const response = await merchant.call('PUT', '/integrations/gorgias', body());
      expect(response.status).toBe(status);
      const error = await errorOf(response);
      expect(error.key).toBe(key);
      expect(error.message.length).toBeGreaterThan(10);
      expect(error.errors[0]?.loc).toEqual(['body', field]);
      expect(JSON.stringify(error)).not.toContain(DEFAULT_GORGIAS_USER.api_key);
      expect((await merchant.call('GET', '/integrations/gorgias')).status).toBe(404);
    });

    it('says when the account URL points at no Gorgias account', async () => {
      standIns.gorgias.state.accountExists = false;
      const response = await merchant.call('PUT', '/integrations/gorgias', valid());
      expect(response.status).toBe(422);
      expect((await errorOf(response)).key).toBe('gorgias_account_not_found');
    });

    it('answers in the merchant language and needs merchant credentials', async () => {
      const response = await fetch(t.url(`/v1/shops/${t.slug}/integrations/gorgias`), {
        method: 'PUT',
        headers: { Authorization: t.merchantAuth, 'Content-Type': 'application/json', 'Accept-Language': 'de' },
        body: JSON.stringify({ ...valid(), api_key: 'wrong-key-0000000000' }),
      });
      expect((await errorOf(response)).message).toMatch(/Gorgias hat/);
      expect((await fetch(t.url(`/v1/shops/${t.slug}/integrations/gorgias`))).status).toBe(401);
      expect((await merchant.call('PATCH', '/integrations/gorgias', { enabled: true })).status).toBe(404);
    });
  });

  describe('Dixa settings', () => {
    it('verifies the token and that the email integration ID is an email endpoint of the account', async () => {
      const put = await merchant.call('PUT', '/integrations/dixa', {
        api_token: ` Bearer ${DEFAULT_DIXA_TOKEN} `,
        default_agent_id: DEFAULT_DIXA_AGENT.toUpperCase(),
      });
      expect(put.status).toBe(201);
      const settings = dixaSettingsSchema.parse(await put.json());
      expect(settings).toMatchObject({
        email_integration_id: null,
        default_agent_id: DEFAULT_DIXA_AGENT,
        enabled: false,
        api_token_preview: `••••${DEFAULT_DIXA_TOKEN.slice(-4)}`,
      });

      // No email integration yet: cannot be switched on, and the refusal says why.
      const refused = await merchant.call('PATCH', '/integrations/dixa', { enabled: true });
      expect(refused.status).toBe(422);
      const error = await errorOf(refused);
      expect(error.key).toBe('dixa_email_integration_required');
      expect(error.message).toMatch(/email integration ID/);
      expect((await merchant.call('PUT', '/integrations/dixa', { enabled: true })).status).toBe(422);

      const withEmail = await merchant.call('PUT', '/integrations/dixa', {
        email_integration_id: ' Support@acme.email.dixa.io ',
      });
      expect(withEmail.status).toBe(200);
      expect(dixaSettingsSchema.parse(await withEmail.json()).email_integration_id).toBe('support@acme.email.dixa.io');
      const enabled = await merchant.call('PATCH', '/integrations/dixa', { enabled: true });
      expect(dixaSettingsSchema.parse(await enabled.json()).enabled).toBe(true);
      expect(
        standIns.dixa.state.requests.some(
          (r) =>
            r.method === 'GET' && decodeURIComponent(r.path) === '/v1/contact-endpoints/support@acme.email.dixa.io',
        ),
      ).toBe(true);
    });

    it.each([
      ['a wrong token', { api_token: 'not-the-token' }, 422, 'dixa_auth_failed', 'api_token'],
      ['no token', { api_token: '  ' }, 422, 'dixa_token_missing', 'api_token'],
      [
        'a queue name as email integration',
        { api_token: DEFAULT_DIXA_TOKEN, email_integration_id: 'Support queue' },
        422,
        'dixa_email_integration_invalid',
        'email_integration_id',
      ],
      [
        'an agent email as email integration',
        { api_token: DEFAULT_DIXA_TOKEN, email_integration_id: 'agent@acme.test' },
        422,
        'dixa_email_integration_not_found',
        'email_integration_id',
      ],
      [
        'an agent id that is no UUID',
        { api_token: DEFAULT_DIXA_TOKEN, default_agent_id: 'alex' },
        422,
        'dixa_agent_id_invalid',
        'default_agent_id',
      ],
    ])('refuses %s', async (_name, body, status, key, field) => {
      const response = await merchant.call('PUT', '/integrations/dixa', body);
      expect(response.status).toBe(status);
      const error = await errorOf(response);
      expect(error.key).toBe(key);
      expect(error.errors[0]?.loc).toEqual(['body', field]);
      expect((await merchant.call('GET', '/integrations/dixa')).status).toBe(404);
    });
  });

  describe('webhooks', () => {
    it('creates (secret shown once), lists with previews, updates, deletes', async () => {
      const created = await merchant.call('POST', '/webhooks', { url: 'http://127.0.0.1:9/hook' });
      expect(created.status).toBe(201);
      const hook = webhookWithSecretSchema.parse(await created.json());
      expect(hook).toMatchObject({ enabled_events: ['*'], status: 'active' });
      expect(hook.secret).toMatch(/^whsec_/);
      const list = webhookListSchema.parse(await (await merchant.call('GET', '/webhooks')).json());
      expect(list.data.map((w) => w.uuid)).toContain(hook.uuid);
      expect(JSON.stringify(list)).not.toContain(hook.secret);
      const one = await (await merchant.call('GET', `/webhooks/${hook.uuid}`)).json();
      expect(z.safeParse(webhookWithSecretSchema, one).success).toBe(false);
      expect(webhookSchema.parse(one).secret_preview).toBe(`••••${hook.secret.slice(-4)}`);

      const patched = await merchant.call('PATCH', `/webhooks/${hook.uuid}`, {
        status: 'inactive',
        enabled_events: ['claims/updated'],
      });
      expect(webhookSchema.parse(await patched.json())).toMatchObject({
        status: 'inactive',
        enabled_events: ['claims/updated'],
      });
      expect((await merchant.call('PATCH', `/webhooks/${hook.uuid}`, { url: 'http://example.com/hook' })).status).toBe(
        422,
      );
      expect(
        (await merchant.call('POST', '/webhooks', { url: 'https://example.com/hook', secret: 'short' })).status,
      ).toBe(422);
      expect((await merchant.call('DELETE', `/webhooks/${hook.uuid}`)).status).toBe(204);
      expect((await merchant.call('GET', `/webhooks/${hook.uuid}`)).status).toBe(404);
      expect((await merchant.call('DELETE', '/webhooks/not-a-uuid')).status).toBe(404);
    });
  });

  describe('end to end', () => {
    it('delivers a submitted claim as one Gorgias ticket, one Dixa conversation and signed webhooks', async () => {
      await merchant.configureHelpdesks(standIns.gorgias, standIns.dixa);
      const receiver = await startWebhookReceiver();
      try {
        const hook = webhookWithSecretSchema.parse(
          await (await merchant.call('POST', '/webhooks', { url: receiver.url })).json(),
        );
        receiver.secret = hook.secret;
        receiver.failNext(503); // non-2xx is retried
        const orderNumber = await newOrder();
        const claim = await submitClaim(t.url, t.slug, orderNumber);

        // Queued in the claim's transaction: the jobs exist as soon as the claim does.
        const [queued] = await t.api.db.query<{ n: number | string }>(
          'SELECT count(*) AS n FROM deliveries WHERE claim_id = $1',
          [claim.uuid],
        );
        expect(Number(queued?.n)).toBe(3);

        const deliveries = await merchant.waitFor(claim.uuid, allDelivered(3));
        for (const delivery of deliveries) expect(z.safeParse(deliverySchema, delivery).success).toBe(true);
        const byTarget = Object.fromEntries(deliveries.map((d) => [d.target, d]));

        // Gorgias: one ticket with the claim uuid, customer from the order, photos uploaded and attached.
        const [ticket, ...more] = standIns.gorgias.state.ticketsFor(claim.uuid);
        expect(more).toHaveLength(0);
        expect(byTarget.gorgias?.remote_id).toBe(String(ticket?.id));
        expect(ticket).toMatchObject({ channel: 'api', via: 'api', customer: { email: 'jane.doe@example.com' } });
        expect(ticket?.subject).toContain(`#${orderNumber}`);
        expect(ticket?.tags.map((tag) => tag.name).sort()).toEqual([
          'resolve',
          'resolve-defective',
          'wants-replacement',
        ]);
        expect(ticket?.custom_fields).toEqual(
          expect.arrayContaining([
            { id: 11, value: `#${orderNumber}` },
            { id: 12, value: 'defective' },
          ]),
        );
        const message = ticket?.messages[0];
        expect(message?.attachments.map((a) => a.name)).toEqual([
          'photo-MUG-1.jpg',
          'photo-MUG-2.png',
          'package-1.jpg',
        ]);
        expect(message?.body_text).toContain('Stoneware mug');
        expect(message?.body_text).toContain('00340434161234567890');
        expect(message?.body_text).toContain('Replacement');
        expect(message?.body_html).toContain('&lt;b&gt;in transit&lt;/b&gt;');
        expect(standIns.gorgias.state.requestsTo('POST', '/api/upload')).toHaveLength(3);

        // Dixa: one conversation; it downloaded the photos from our signed URLs.
        const [conversation, ...others] = standIns.dixa.state.conversationsFor(claim.uuid);
        expect(others).toHaveLength(0);
        expect(byTarget.dixa?.remote_id).toBe(String(conversation?.id));
        expect(conversation?.emailIntegrationId).toBe('support@acme.email.dixa.io');
        expect(conversation?.messages[0]?.attachments.map((a) => [a.prettyName, a.size])).toEqual([
          ['photo-MUG-1.jpg', JPEG.length],
          ['photo-MUG-2.png', PNG.length],
          ['package-1.jpg', JPEG.length],
        ]);
        expect(conversation?.tags.sort()).toEqual(['resolve', 'resolve-defective', 'wants-replacement']);
        expect(conversation?.assignedAgentId).toBe(DEFAULT_DIXA_AGENT);

        // Webhook: retried after the 503, then accepted; verified by the receiver's own HMAC code.
        expect(byTarget.webhook?.attempts).toBe(2);
        expect(receiver.received).toHaveLength(2);
        for (const delivery of receiver.received) expect(delivery.signatureValid).toBe(true);
        const event = claimEventSchema.parse(JSON.parse(receiver.received[1]?.body ?? ''));
        expect(event).toMatchObject({
          source: 'claims',
          version: 1,
          event_group: 'claim_created',
          shop_slug: t.slug,
          event_data: { claim_id: claim.uuid },
        });
        expect(event.ref).toBe('claims/created');
        // One id per delivery, repeated by its retry: receivers deduplicate on it.
        expect(receiver.received[1]?.headers['karla-event-id']).toBe(byTarget.webhook?.id);
        expect(receiver.received[0]?.headers['karla-event-id']).toBe(byTarget.webhook?.id);
        // The receiver's check is not a rubber stamp: a changed body or another secret fails it.
        const signature = String(receiver.received[1]?.headers['karla-signature']);
        expect(verifyKarlaSignature(signature, receiver.received[1]?.body ?? '', hook.secret)).toBe(true);
        expect(
          verifyKarlaSignature(
            signature,
            (receiver.received[1]?.body ?? '').replace('"claims"', '"claimz"'),
            hook.secret,
          ),
        ).toBe(false);
        expect(verifyKarlaSignature(signature, receiver.received[1]?.body ?? '', `${hook.secret}x`)).toBe(false);

        // A status change: claims/updated goes to the webhook only.
        expect((await merchant.call('PUT', `/claims/${claim.uuid}`, { status: 'accepted' })).status).toBe(200);
        const after = await merchant.waitFor(claim.uuid, allDelivered(4));
        expect(after.filter((d) => d.event_name === 'claims/updated').map((d) => d.target)).toEqual(['webhook']);
        const updated = claimEventSchema.parse(JSON.parse(receiver.received.at(-1)?.body ?? ''));
        expect(updated).toMatchObject({ ref: 'claims/updated', event_group: 'claim_updated' });
        expect(updated.event_data).toMatchObject({
          event_name: 'updated',
          event_group: 'claim_updated',
          status: 'accepted',
          previous: { status: 'pending' },
        });
        expect(receiver.received.at(-1)?.headers['karla-event-id']).not.toBe(byTarget.webhook?.id);
        expect(receiver.received.at(-1)?.signatureValid).toBe(true);
        expect(standIns.gorgias.state.tickets).toHaveLength(1);
        expect((await merchant.call('DELETE', `/webhooks/${hook.uuid}`)).status).toBe(204);
      } finally {
        await receiver.close();
      }
    });
  });

  describe('faults: exactly one ticket and conversation per claim', () => {
    it('honours a 429 Retry-After from Gorgias and Dixa', async () => {
      await merchant.configureHelpdesks(standIns.gorgias, standIns.dixa);
      standIns.gorgias.state.failNext({ status: 429, method: 'POST', path: '/api/tickets', retryAfter: 1 });
      standIns.dixa.state.failNext({ status: 429, method: 'POST', path: '/v1/conversations' });
      const claim = await submitClaim(t.url, t.slug, await newOrder());
      const deliveries = await merchant.waitFor(claim.uuid, allDelivered(2));
      expect(ticketCreates().map((r) => r.status)).toEqual([429, 201]);
      expect(standIns.dixa.state.requestsTo('POST', '/v1/conversations').map((r) => r.status)).toEqual([429, 201]);
      // Nothing was sent again before the second Gorgias asked for (and Dixa's default second).
      for (const delivery of deliveries) {
        expect(Date.parse(delivery.delivered_at ?? '') - Date.parse(delivery.created_at)).toBeGreaterThanOrEqual(1_000);
      }
      expect(standIns.gorgias.state.ticketsFor(claim.uuid)).toHaveLength(1);
      expect(standIns.dixa.state.conversationsFor(claim.uuid)).toHaveLength(1);
    });

    it.each([
      [
        'answers 500 after creating',
        (s: Awaited<ReturnType<typeof startStandIns>>) => {
          s.gorgias.state.failNext({ status: 500, method: 'POST', path: '/api/tickets', afterProcessing: true });
          s.dixa.state.failNext({ status: 500, method: 'POST', path: '/v1/conversations', afterProcessing: true });
        },
      ],
      [
        'times out while creating',
        (s: Awaited<ReturnType<typeof startStandIns>>) => {
          s.gorgias.state.delayNext(6_000, { method: 'POST', path: '/api/tickets' });
          s.dixa.state.delayNext(6_000, { method: 'POST', path: '/v1/conversations' });
        },
      ],
      [
        'drops the connection after creating',
        (s: Awaited<ReturnType<typeof startStandIns>>) => {
          s.gorgias.state.dropConnectionAfterCreate(1);
          s.dixa.state.dropConnectionAfterCreate(1);
        },
      ],
    ])('when the helpdesk %s, the retry finds what was created', async (_name, arm) => {
      await merchant.configureHelpdesks(standIns.gorgias, standIns.dixa);
      arm(standIns);
      const claim = await submitClaim(t.url, t.slug, await newOrder());
      const deliveries = await merchant.waitFor(claim.uuid, allDelivered(2));
      for (const delivery of deliveries) {
        expect(delivery.attempts).toBe(2);
        expect(delivery.last_error).toBeNull();
      }
      expect(standIns.gorgias.state.ticketsFor(claim.uuid)).toHaveLength(1);
      expect(standIns.dixa.state.conversationsFor(claim.uuid)).toHaveLength(1);
      expect(ticketCreates()).toHaveLength(1);
      expect(standIns.gorgias.state.tickets[0]?.messages[0]?.attachments).toHaveLength(3);
      expect(standIns.dixa.state.conversationsFor(claim.uuid)[0]?.tags).toHaveLength(3);
    });

    it('parks after the last attempt, shows why, and delivers once re-queued by the retry endpoint', async () => {
      await merchant.configureHelpdesks(standIns.gorgias, standIns.dixa);
      expect((await merchant.call('DELETE', '/integrations/dixa')).status).toBe(204);
      standIns.gorgias.state.failNext({ status: 503, method: 'POST', path: '/api/tickets', count: MAX_ATTEMPTS });
      const claim = await submitClaim(t.url, t.slug, await newOrder());
      const [parked] = await merchant.waitFor(claim.uuid, (d) => d[0]?.state === 'parked');
      expect(parked).toMatchObject({
        target: 'gorgias',
        attempts: MAX_ATTEMPTS,
        next_attempt_at: null,
        remote_id: null,
      });
      expect(parked?.last_error).toMatchObject({ key: 'delivery_server_error', retryable: true, status: 503 });
      expect(standIns.gorgias.state.tickets).toHaveLength(0);

      const retry = await merchant.call('POST', `/claims/${claim.uuid}/deliveries/${parked?.id}/retry`);
      expect(retry.status).toBe(202);
      expect(deliverySchema.parse(await retry.json()).state).toBe('pending');
      const [delivered] = await merchant.waitFor(claim.uuid, allDelivered(1));
      expect(delivered?.attempts).toBe(MAX_ATTEMPTS + 1);
      expect(standIns.gorgias.state.ticketsFor(claim.uuid)).toHaveLength(1);

      const again = await merchant.call('POST', `/claims/${claim.uuid}/deliveries/${parked?.id}/retry`);
      expect(again.status).toBe(409);
      expect((await errorOf(again)).key).toBe('delivery_already_delivered');
      expect(
        (await merchant.call('POST', `/claims/${claim.uuid}/deliveries/00000000-0000-4000-8000-000000000000/retry`))
          .status,
      ).toBe(404);
      expect((await merchant.call('GET', '/claims/00000000-0000-4000-8000-000000000000/deliveries')).status).toBe(404);
    });

    it('parks at once, with its key, when the integration was switched off after the claim came in', async () => {
      await merchant.configureHelpdesks(standIns.gorgias, standIns.dixa);
      expect((await merchant.call('DELETE', '/integrations/dixa')).status).toBe(204);
      // A long Retry-After hands the job back to the schedule for a minute…
      standIns.gorgias.state.failNext({ status: 429, method: 'POST', path: '/api/tickets', retryAfter: 60 });
      const claim = await submitClaim(t.url, t.slug, await newOrder());
      const [waiting] = await merchant.waitFor(claim.uuid, (d) => d[0]?.state === 'pending' && d[0].attempts === 1);
      expect(waiting?.last_error).toMatchObject({ key: 'delivery_rate_limited', status: 429 });
      expect(Date.parse(waiting?.next_attempt_at ?? '') - Date.now()).toBeGreaterThan(50_000);
      // …meanwhile the merchant switches Gorgias off and asks for the retry now.
      expect((await merchant.call('PATCH', '/integrations/gorgias', { enabled: false })).status).toBe(200);
      expect((await merchant.call('POST', `/claims/${claim.uuid}/deliveries/${waiting?.id}/retry`)).status).toBe(202);
      const [parked] = await merchant.waitFor(claim.uuid, (d) => d[0]?.state === 'parked');
      expect(parked?.last_error).toMatchObject({ key: 'integration_disabled', retryable: false });
      expect(standIns.gorgias.state.tickets).toHaveLength(0);
    });
  });
});

describe('graceful shutdown mid-delivery', () => {
  it('cuts a running attempt after the grace period, re-queues it uncounted, and the next start finishes it once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'resolve-shutdown-'));
    seedDataDir(dataDir);
    const standIns = await startStandIns();
    const options = {
      dataDir,
      secretsKey: SECRETS_KEY,
      helpdesks: { allowLoopbackHosts: true, dixaBaseUrl: standIns.dixa.origin },
    };
    try {
      let t = await startTestApi({
        ...options,
        deliveryWorker: { pollIntervalMs: 50, stopGraceMs: 200, backoff: { baseMs: 50, capMs: 200, minMs: 10 } },
      });
      const merchant = () => merchantClient(t.url, t.merchantAuth, t.slug);
      await merchant().configureHelpdesks(standIns.gorgias, standIns.dixa);
      expect((await merchant().call('DELETE', '/integrations/dixa')).status).toBe(204);
      expect((await merchant().call('PUT', '/orders', testOrder('#7001'))).status).toBe(201);
      // Gorgias creates the ticket but holds the answer far longer than the grace period.
      standIns.gorgias.state.delayNext(10_000, { method: 'POST', path: '/api/tickets' });
      const claim = await submitClaim(t.url, t.slug, '7001');
      const started = Date.now();
      while (standIns.gorgias.state.ticketsFor(claim.uuid).length === 0) {
        if (Date.now() - started > 10_000) throw new Error('the create never arrived');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const closing = Date.now();
      await t.api.close();
      expect(Date.now() - closing).toBeLessThan(5_000);

      t = await startTestApi({ ...options, deliveryWorker: false });
      const [cut] = await merchant().deliveries(claim.uuid);
      expect(cut).toMatchObject({ state: 'pending', attempts: 0, last_error: null });
      await t.api.close();

      t = await startTestApi({ ...options, deliveryWorker: { pollIntervalMs: 50 } });
      const [delivered] = await merchant().waitFor(claim.uuid, allDelivered(1));
      expect(delivered?.remote_id).toBe(String(standIns.gorgias.state.ticketsFor(claim.uuid)[0]?.id));
      expect(standIns.gorgias.state.ticketsFor(claim.uuid)).toHaveLength(1);
      await t.api.close();
    } finally {
      await standIns.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
    // Three starts of the API on a new PGlite data directory: on a busy machine the first (database
    // creation and migrations) alone can take 25 s.
  }, 120_000);
});
