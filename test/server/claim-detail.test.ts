import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorBodySchema } from '../../src/core/api-error.js';
import {
  claimActivityListSchema,
  claimDeliveryViewListSchema,
  claimDetailSchema,
  type ClaimActivityEntry,
  type ClaimDeliveryView,
} from '../../src/core/claim-detail.js';
import { claimEventSchema } from '../../src/core/claim-events.js';
import { claimSchema } from '../../src/core/claims.js';
import type { OrderInput } from '../../src/core/orders.js';
import { webhookWithSecretSchema } from '../../src/core/webhooks.js';
import { startDixaStandIn, type DixaStandIn } from '../../demo/dixa-stand-in/server.js';
import { dixaConversationUrl } from '../../src/server/claim-detail.js';
import { migrate } from '../../src/server/db/migrate.js';
import { loadSigningSecret, Signer } from '../../src/server/signing.js';
import { signedFileUrl } from '../../src/server/tokens.js';
import {
  deliveryApiOptions,
  JPEG,
  merchantClient,
  PNG,
  startStandIns,
  startWebhookReceiver,
  submitClaim,
  testOrder,
} from './delivery-support.js';
import { signInAdminAndMember, type PortalClient } from './portal-support.js';
import { backends, startTestApi, type TestApi } from './support.js';

const PASSWORD = 'claim detail password 1';
const MAX_ATTEMPTS = 2;

/**
 * The portal's claim detail through the real API: a customer submits a claim with photos, a
 * signature and the drop-off answer; a shop admin reads it all (files through signed, expiring
 * URLs), changes it and retries a parked delivery; a member only reads; the activity list tells
 * who did what, and the deliveries link to the ticket and conversation the stand-ins created.
 */
describe.each(backends)('claim detail on $name', (backend) => {
  let store: Awaited<ReturnType<typeof backend.freshStore>>;
  let t: TestApi;
  let dixa: DixaStandIn;
  let standIns: Awaited<ReturnType<typeof startStandIns>>;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let merchant: ReturnType<typeof merchantClient>;
  let admin: PortalClient;
  let member: PortalClient;
  let orderSeq = 5000;

  beforeAll(async () => {
    store = await backend.freshStore();
    dixa = await startDixaStandIn();
    t = await startTestApi({
      ...store.options,
      ...deliveryApiOptions(dixa, { maxAttempts: MAX_ATTEMPTS, backoff: { baseMs: 20, capMs: 50, minMs: 10 } }),
    });
    standIns = await startStandIns({ dixa });
    merchant = merchantClient(t.url, t.merchantAuth, t.slug);
    await merchant.configureHelpdesks(standIns.gorgias, dixa);
    receiver = await startWebhookReceiver();
    const hook = await merchant.call('POST', '/webhooks', { url: receiver.url, description: 'Order desk' });
    expect(hook.status).toBe(201);
    receiver.secret = webhookWithSecretSchema.parse(await hook.json()).secret;
    ({ admin, member } = await signInAdminAndMember(t.api, t.slug, 'detail.test', PASSWORD));
  }, 120_000);
  afterAll(async () => {
    await t.api.close();
    await receiver.close();
    await standIns.close();
    await store.dispose();
  });

  /** An order with a product image and a tracking link, so the detail has something to show. */
  const newOrder = async (): Promise<string> => {
    const number = `D-${orderSeq++}`;
    const base = testOrder(number);
    const order: OrderInput = {
      ...base,
      placed_at: '2026-11-20T10:00:00.000Z',
      line_items: base.line_items.map((item) =>
        item.sku === 'MUG' ? { ...item, image_url: 'https://cdn.shop.example/mug.jpg' } : item,
      ),
      shipments: base.shipments.map((shipment) => ({
        ...shipment,
        tracking_url: 'https://track.example/00340434161234567890',
      })),
    };
    expect((await merchant.call('PUT', '/orders', order)).status).toBe(201);
    return number;
  };
  const path = (claim: string, rest = '') => `/v1/shops/${t.slug}/claims/${claim}${rest}`;
  const detailOf = async (client: PortalClient, claim: string) => {
    const response = await client.call('GET', path(claim, '/detail'));
    expect(response.status, await response.clone().text()).toBe(200);
    return claimDetailSchema.parse(await response.json());
  };
  const activityOf = async (claim: string): Promise<ClaimActivityEntry[]> => {
    const response = await admin.call('GET', path(claim, '/activity'));
    expect(response.status).toBe(200);
    return claimActivityListSchema.parse(await response.json()).data;
  };
  const deliveriesOf = async (claim: string): Promise<ClaimDeliveryView[]> => {
    const response = await admin.call('GET', path(claim, '/detail/deliveries'));
    expect(response.status).toBe(200);
    return claimDeliveryViewListSchema.parse(await response.json()).data;
  };
  const waitForDeliveries = async (claim: string, done: (views: ClaimDeliveryView[]) => boolean) => {
    const deadline = Date.now() + 15_000;
    let last: ClaimDeliveryView[] = [];
    while (Date.now() < deadline) {
      last = await deliveriesOf(claim);
      if (done(last)) return last;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`deliveries did not settle: ${JSON.stringify(last)}`);
  };
  const allDelivered = (count: number) => (views: ClaimDeliveryView[]) =>
    views.length === count && views.every((view) => view.state === 'delivered');
  const errorKey = async (response: Response) => apiErrorBodySchema.parse(await response.json()).key;

  it('shows everything the customer gave, with the order and its shipment, to admins and members', async () => {
    const claim = await submitClaim(
      t.url,
      t.slug,
      await newOrder(),
      { flow_type: 'notReceived', dropoff_permission: false, resolution_preference: 'refund', language: 'de' },
      undefined,
      { signature: true },
    );
    const detail = await detailOf(admin, claim.uuid);
    expect(detail).toMatchObject({
      uuid: claim.uuid,
      reference: claim.uuid.replace(/-/g, '').slice(0, 8).toUpperCase(),
      status: 'pending',
      resolution_preference: 'refund',
      flow_type: 'notReceived',
      reason: 'investigation',
      language: 'de',
      description: 'The handle broke off <b>in transit</b>.',
      dropoff_permission: false,
      order: {
        order_number: claim.order_number,
        placed_at: '2026-11-20T10:00:00.000Z',
        currency: 'EUR',
        net_invoice_amount: 10,
        customer: { name: 'Jane Doe', email: 'jane.doe@example.com' },
        address: { city: 'Berlin', street: 'Main St 1' },
      },
      shipment: {
        carrier: 'dhl',
        tracking_number: '00340434161234567890',
        tracking_url: 'https://track.example/00340434161234567890',
        phase: 'delivered',
      },
    });
    expect(detail.items).toEqual([
      expect.objectContaining({
        sku: 'MUG',
        title: 'Stoneware mug',
        quantity: 1,
        ordered_quantity: 2,
        product_image_url: 'https://cdn.shop.example/mug.jpg',
      }),
    ]);
    expect(detail.items[0]?.photos.map((photo) => photo.content_type)).toEqual(['image/jpeg', 'image/png']);
    expect(detail.package_photos).toHaveLength(1);
    expect(detail.signature).toMatchObject({ content_type: 'image/png', size: PNG.length });

    // Full size and thumbnail open the bytes the customer uploaded.
    const photo = detail.items[0]?.photos[0];
    for (const url of [photo?.url, photo?.thumbnail_url]) {
      const response = await fetch(url ?? '');
      expect(response.status).toBe(200);
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(JPEG);
    }
    const signature = await fetch(detail.signature?.url ?? '');
    expect(new Uint8Array(await signature.arrayBuffer())).toEqual(PNG);
    // The URLs live an hour, not the week the helpdesk links get.
    const expiresIn = Date.parse(detail.files_expire_at) - Date.now();
    expect(expiresIn).toBeGreaterThan(55 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(60 * 60_000);

    // A member reads the same.
    const seenByMember = await detailOf(member, claim.uuid);
    expect(seenByMember.items).toHaveLength(1);
    expect(seenByMember.description).toBe(detail.description);
  });

  it('photo URLs refuse tampering and expire', async () => {
    const claim = await submitClaim(t.url, t.slug, await newOrder());
    const detail = await detailOf(admin, claim.uuid);
    const [first, second] = detail.items[0]?.photos ?? [];
    const url = new URL(first?.url ?? '');
    const forged = (edit: (u: URL) => void) => {
      const copy = new URL(url);
      edit(copy);
      return copy.toString();
    };
    const refusals = [
      // The first character, not the last: base64url's last one has bits no decoder reads.
      forged((u) => {
        const signature = u.searchParams.get('signature') ?? '';
        u.searchParams.set('signature', `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`);
      }),
      forged((u) => u.searchParams.set('expires', String(Number(u.searchParams.get('expires')) + 3600))),
      // Another file with this file's signature.
      forged((u) => (u.pathname = `/v1/files/${second?.id}`)),
    ];
    for (const forgedUrl of refusals) {
      const response = await fetch(forgedUrl);
      expect(response.status, forgedUrl).toBe(403);
      expect(await errorKey(response)).toBe('link_invalid');
    }
    // The link says when it stops working, and a link past that time is refused as expired. (The
    // server's clock is not moved: the worker's pacing in this process reads it too.)
    expect(Number(url.searchParams.get('expires')) * 1000).toBe(Date.parse(detail.files_expire_at));
    const signer = new Signer(await loadSigningSecret(t.api.db));
    const late = await fetch(signedFileUrl(signer, t.api.origin, first?.id ?? '', 3600, Date.now() - 3_601_000));
    expect(late.status).toBe(403);
    expect(await errorKey(late)).toBe('file_url_expired');
    // The detail fetched again carries fresh links.
    expect((await fetch((await detailOf(admin, claim.uuid)).items[0]?.photos[0]?.url ?? '')).status).toBe(200);
  });

  it('records who changed status and preference, with a claims/updated event, and lists it all in order', async () => {
    const claim = await submitClaim(t.url, t.slug, await newOrder());
    // gorgias, dixa, the webhook's claims/created
    const delivered = await waitForDeliveries(claim.uuid, allDelivered(3));
    const byTarget = Object.fromEntries(delivered.map((view) => [view.target, view]));
    const ticket = standIns.gorgias.state.ticketsFor(claim.uuid)[0];
    const conversation = dixa.state.conversationsFor(claim.uuid)[0];
    expect(byTarget.gorgias).toMatchObject({
      external_id: String(ticket?.id),
      link: `${standIns.gorgias.origin}/app/ticket/${ticket?.id}`,
      target_label: new URL(standIns.gorgias.origin).host,
      last_error: null,
    });
    expect(byTarget.dixa).toMatchObject({
      external_id: String(conversation?.id),
      link: `https://acme.dixa.com/conversation/${conversation?.id}`,
      target_label: 'support@acme.email.dixa.io',
    });
    expect(byTarget.webhook).toMatchObject({ target_label: 'Order desk', link: null, event_name: 'claims/created' });

    // A member may look but not change.
    const refused = await member.call('PUT', path(claim.uuid), { status: 'accepted' });
    expect(refused.status).toBe(403);
    expect(await errorKey(refused)).toBe('forbidden');

    const changed = await admin.call('PUT', path(claim.uuid), { status: 'accepted' });
    expect(changed.status).toBe(200);
    expect(claimSchema.parse(await changed.json()).status).toBe('accepted');
    // The same values again change nothing and record nothing.
    expect((await admin.call('PUT', path(claim.uuid), { status: 'accepted' })).status).toBe(200);
    const views = await waitForDeliveries(claim.uuid, allDelivered(4));
    // A program with the API key changes the preference: that is a claims/updated event too.
    const preference = await merchant.call('PUT', `/claims/${claim.uuid}`, { resolution_preference: 'refund' });
    expect(preference.status).toBe(200);
    const afterPreference = await waitForDeliveries(claim.uuid, allDelivered(5));

    // claims/updated reached the webhook, saying what it was before.
    expect(views.map((view) => view.event_name).sort()).toEqual([
      'claims/created',
      'claims/created',
      'claims/created',
      'claims/updated',
    ]);
    const updated = receiver.received
      .map((hit) => claimEventSchema.parse(JSON.parse(hit.body)))
      .filter((event) => event.ref === 'claims/updated' && event.event_data.claim_id === claim.uuid);
    expect(updated.map((event) => event.event_data)).toEqual([
      expect.objectContaining({ status: 'accepted', previous: { status: 'pending' } }),
      expect.objectContaining({ resolution_preference: 'refund', previous: { resolution_preference: 'reorder' } }),
    ]);
    expect(afterPreference.filter((view) => view.event_name === 'claims/updated')).toHaveLength(2);

    const activity = await activityOf(claim.uuid);
    expect(activity.map((entry) => entry.kind)).toEqual([
      'created',
      'delivery_succeeded',
      'delivery_succeeded',
      'delivery_succeeded',
      'status_changed',
      'delivery_succeeded',
      'preference_changed',
      'delivery_succeeded',
    ]);
    expect(activity[0]).toMatchObject({ actor: { kind: 'customer', email: null }, from: null, to: null });
    expect(
      activity
        .slice(1, 4)
        .map((entry) => entry.delivery?.target)
        .sort(),
    ).toEqual(['dixa', 'gorgias', 'webhook']);
    expect(activity[1]).toMatchObject({ actor: { kind: 'system' }, to: 'delivered' });
    expect(activity[4]).toMatchObject({
      actor: { kind: 'user', email: 'admin@detail.test' },
      from: 'pending',
      to: 'accepted',
    });
    expect(activity[5]?.delivery).toMatchObject({ target: 'webhook', event_name: 'claims/updated' });
    expect(activity[6]).toMatchObject({ actor: { kind: 'api_key', email: null }, from: 'reorder', to: 'refund' });
    expect(await deliveriesOf(claim.uuid)).toHaveLength(5);
    const times = activity.map((entry) => Date.parse(entry.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('shows a parked delivery with its error; a retry puts it back in line, logs who asked, and it is delivered', async () => {
    standIns.gorgias.state.failNext({ status: 503, method: 'POST', path: '/api/tickets', count: MAX_ATTEMPTS });
    const claim = await submitClaim(t.url, t.slug, await newOrder());
    const settled = await waitForDeliveries(
      claim.uuid,
      (views) => views.length === 3 && views.some((view) => view.target === 'gorgias' && view.state === 'parked'),
    );
    const parked = settled.find((view) => view.target === 'gorgias');
    expect(parked).toMatchObject({
      state: 'parked',
      attempts: MAX_ATTEMPTS,
      retryable: true,
      external_id: null,
      link: null,
      last_error: { code: 'delivery_server_error', status: 503 },
    });
    expect((await activityOf(claim.uuid)).find((entry) => entry.kind === 'delivery_parked')?.delivery).toMatchObject({
      id: parked?.id,
      target: 'gorgias',
      error_code: 'delivery_server_error',
    });

    const retryPath = path(claim.uuid, `/deliveries/${parked?.id}/retry`);
    const refused = await member.call('POST', retryPath);
    expect(refused.status).toBe(403);
    expect(await errorKey(refused)).toBe('forbidden');

    const retried = await admin.call('POST', retryPath);
    expect(retried.status).toBe(202);
    expect(((await retried.json()) as { state: string }).state).toBe('pending');
    const done = await waitForDeliveries(claim.uuid, allDelivered(3));
    const ticket = standIns.gorgias.state.ticketsFor(claim.uuid);
    expect(ticket).toHaveLength(1);
    expect(done.find((view) => view.target === 'gorgias')).toMatchObject({
      retryable: false,
      last_error: null,
      link: `${standIns.gorgias.origin}/app/ticket/${ticket[0]?.id}`,
    });

    const again = await admin.call('POST', retryPath);
    expect(again.status).toBe(409);
    expect(await errorKey(again)).toBe('delivery_already_delivered');

    const gorgiasEntries = (await activityOf(claim.uuid))
      .filter((entry) => entry.delivery?.target === 'gorgias')
      .map((entry) => ({ kind: entry.kind, actor: entry.actor, from: entry.from, to: entry.to }));
    expect(gorgiasEntries).toEqual([
      { kind: 'delivery_parked', actor: { kind: 'system', email: null }, from: null, to: 'parked' },
      {
        kind: 'delivery_retried',
        actor: { kind: 'user', email: 'admin@detail.test' },
        from: 'parked',
        to: 'pending',
      },
      { kind: 'delivery_succeeded', actor: { kind: 'system', email: null }, from: null, to: 'delivered' },
    ]);
  });

  it('answers 404 claim_not_found for claims it does not have', async () => {
    for (const rest of ['/detail', '/activity', '/detail/deliveries']) {
      for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
        const response = await admin.call('GET', path(id, rest));
        expect(response.status, `${id}${rest}`).toBe(404);
        expect(await errorKey(response)).toBe('claim_not_found');
      }
    }
  });

  it('the migration gives claims older than the activity list their creation and delivery outcomes', async () => {
    const claim = await submitClaim(t.url, t.slug, await newOrder());
    await waitForDeliveries(claim.uuid, allDelivered(3));
    // As if the claim had come in before migration 009: no activity table, the migration not run.
    await t.api.db.exec(
      "DROP TABLE claim_activity; DELETE FROM schema_migrations WHERE version = '009_claim_activity'",
    );
    expect(await migrate(t.api.db)).toEqual(['009_claim_activity']);
    const activity = await activityOf(claim.uuid);
    expect(activity.map((entry) => entry.kind)).toEqual([
      'created',
      'delivery_succeeded',
      'delivery_succeeded',
      'delivery_succeeded',
    ]);
    expect(activity[0]?.at).toBe(claim.created_at);
    expect(
      activity
        .slice(1)
        .map((entry) => entry.delivery?.target)
        .sort(),
    ).toEqual(['dixa', 'gorgias', 'webhook']);
  });
});

describe('the Dixa conversation link', () => {
  it('is built only from an email integration address Dixa issued (…@{org}.email.dixa.io)', () => {
    expect(dixaConversationUrl('support@Acme-EU.email.dixa.io', '123')).toBe(
      'https://acme-eu.dixa.com/conversation/123',
    );
    for (const address of [null, 'support@acme.com', 'support@evil.example/x.email.dixa.io', 'x@.email.dixa.io']) {
      expect(dixaConversationUrl(address, '123'), String(address)).toBeNull();
    }
  });
});
