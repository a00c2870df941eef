import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ClaimDetailPage } from '../../src/portal/pages/ClaimDetail.js';
import { session } from '../../src/portal/session.js';
import { json, refusal, renderPortal, signedIn, strings, type Call } from './harness.js';

const t = strings.en.claims;
const UUID = 'd3b07384-d113-4ec6-a0c7-1a2b3c4d5e6f';
const BASE = `/v1/shops/demo-shop/claims/${UUID}`;
const at = '2026-11-30T08:15:00Z';
const expires = '2026-11-30T09:15:00Z';

const file = (n: number) => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  content_type: 'image/png',
  size: 1000,
  url: `https://api.example.com/files/${n}?sig=x`,
  thumbnail_url: `https://api.example.com/files/${n}?sig=x&variant=thumbnail`,
  expires_at: expires,
});

const detail = {
  uuid: UUID,
  reference: 'D3B07384',
  created_at: at,
  updated_at: at,
  status: 'pending',
  resolution_preference: 'reorder',
  flow_type: 'defective',
  reason: 'partial_damage',
  language: 'de',
  description: '=HYPERLINK("x") the handle broke off',
  dropoff_permission: null,
  items: [
    {
      sku: 'MUG-STONE-01',
      title: 'Stoneware mug, sand',
      quantity: 1,
      ordered_quantity: 2,
      net_price: 14.9,
      product_image_url: 'https://cdn.example.com/mug.png',
      photos: [file(1), file(2), file(3)],
    },
  ],
  photos: [],
  package_photos: [file(4)],
  signature: null,
  files_expire_at: expires,
  order: {
    id: '11111111-1111-4111-8111-111111111111',
    order_number: '#1009',
    external_id: null,
    placed_at: '2026-11-14T10:00:00Z',
    currency: 'EUR',
    net_invoice_amount: 14.9,
    customer: { name: 'Jürgen Groß', email: 'juergen@example.de' },
    address: { zip_code: '80331', city: 'München', country_code: 'DE' },
  },
  shipment: {
    id: 'S-1',
    carrier: 'DHL',
    tracking_number: '00340434161094042557',
    tracking_url: 'https://www.dhl.de/track?piececode=00340434161094042557',
    phase: 'delivered',
    scan_date: null,
    weight_kg: null,
  },
  shipments: [],
};

const delivery = (overrides: Record<string, unknown>) => ({
  id: '22222222-2222-4222-8222-222222222222',
  event_name: 'claims/created',
  target: 'gorgias',
  webhook_id: null,
  target_label: 'acme.gorgias.com',
  state: 'delivered',
  attempts: 1,
  retryable: false,
  last_error: null,
  external_id: '4711',
  link: 'https://acme.gorgias.com/app/ticket/4711',
  next_attempt_at: null,
  delivered_at: at,
  created_at: at,
  updated_at: at,
  ...overrides,
});

const parkedWebhook = delivery({
  id: '33333333-3333-4333-8333-333333333333',
  target: 'webhook',
  webhook_id: '44444444-4444-4444-8444-444444444444',
  target_label: 'hooks.acme.com',
  state: 'parked',
  attempts: 1,
  retryable: true,
  last_error: { code: 'webhook_http_error', message: 'The receiver answered 410.', status: 410 },
  external_id: null,
  link: null,
  delivered_at: null,
});

function api(state = { status: 'pending', parked: true }) {
  return (call: Call) => {
    if (call.path === `${BASE}/detail`) return json({ ...detail, status: state.status });
    if (call.path === `${BASE}/activity`)
      return json({
        data: [
          {
            id: file(7).id,
            kind: 'created',
            at,
            actor: { kind: 'customer', email: null },
            from: null,
            to: null,
            delivery: null,
          },
          ...(state.status === 'accepted'
            ? [
                {
                  id: file(8).id,
                  kind: 'status_changed',
                  at,
                  actor: { kind: 'user', email: 'ada@example.com' },
                  from: 'pending',
                  to: 'accepted',
                  delivery: null,
                },
              ]
            : []),
        ],
      });
    if (call.path === `${BASE}/detail/deliveries`)
      return json({
        data: [delivery({}), state.parked ? parkedWebhook : { ...parkedWebhook, state: 'pending', last_error: null }],
      });
    if (call.path === BASE && call.method === 'PUT') {
      state.status = (call.body as { status: string }).status;
      return json({});
    }
    if (call.path === `${BASE}/deliveries/${parkedWebhook.id}/retry` && call.method === 'POST') {
      state.parked = false;
      return json({ ...parkedWebhook, state: 'pending' }, 202);
    }
    return undefined;
  };
}

afterEach(() => {
  cleanup();
  session.value = undefined;
});

describe('Claims: one claim', { timeout: 20_000 }, () => {
  it('shows what the customer gave and the order and shipment it is about', async () => {
    signedIn();
    await renderPortal(<ClaimDetailPage slug="demo-shop" uuid={UUID} readOnly={false} />, api());
    expect(await screen.findByRole('heading', { level: 1, name: 'Claim D3B07384' })).toBeTruthy();
    // The browser tab says which claim, once it has loaded (the page's heading names it).
    await waitFor(() => expect(document.title).toBe(`Claim D3B07384 · ${strings.en.app.name}`));
    expect(screen.getByRole('heading', { name: '1 × Stoneware mug, sand' })).toBeTruthy();
    expect(screen.getByText('SKU MUG-STONE-01 · 2 ordered')).toBeTruthy();
    // A description that looks like a spreadsheet formula is shown as the customer typed it: text.
    expect(screen.getByText('=HYPERLINK("x") the handle broke off')).toBeTruthy();
    expect(screen.getAllByRole('img', { name: /Photo \d of Stoneware mug, sand/ })).toHaveLength(3);
    expect(screen.getByRole('img', { name: 'Package photo 1' })).toBeTruthy();
    expect(screen.getByRole('link', { name: '00340434161094042557' }).getAttribute('href')).toBe(
      'https://www.dhl.de/track?piececode=00340434161094042557',
    );
    expect(screen.getByText('DHL')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'juergen@example.de' })).toBeTruthy();
    const gorgias = screen.getByRole('article', { name: /Gorgias/ });
    expect(within(gorgias).getByRole('link', { name: 'Open the ticket 4711' }).getAttribute('href')).toBe(
      'https://acme.gorgias.com/app/ticket/4711',
    );
  });

  it('the photo viewer: opens full size, arrows go through the photos, Escape closes and focus goes back', async () => {
    signedIn();
    await renderPortal(<ClaimDetailPage slug="demo-shop" uuid={UUID} readOnly={false} />, api());
    const second = await screen.findByRole('button', { name: 'Photo 2 of Stoneware mug, sand' });
    second.focus();
    fireEvent.click(second);
    const dialog = await screen.findByRole('dialog', { name: /Photo 2 of Stoneware mug, sand/ });
    await waitFor(() =>
      expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: t.photos.close })),
    );
    expect(within(dialog).getByRole('img').getAttribute('src')).toBe('https://api.example.com/files/2?sig=x');
    expect(dialog.textContent).toContain('2 of 3');
    fireEvent.keyDown(dialog, { key: 'ArrowRight' });
    expect(within(dialog).getByRole('img', { name: 'Photo 3 of Stoneware mug, sand' })).toBeTruthy();
    fireEvent.keyDown(dialog, { key: 'ArrowRight' });
    expect(within(dialog).getByRole('img', { name: 'Photo 1 of Stoneware mug, sand' })).toBeTruthy();
    fireEvent.keyDown(dialog, { key: 'ArrowLeft' });
    expect(within(dialog).getByRole('img', { name: 'Photo 3 of Stoneware mug, sand' })).toBeTruthy();
    expect(within(dialog).getByRole('link', { name: t.photos.original }).getAttribute('href')).toBe(
      'https://api.example.com/files/3?sig=x',
    );
    // Tab stays inside the dialog: from its last control back to its first.
    within(dialog).getByRole('link', { name: t.photos.original }).focus();
    fireEvent.keyDown(dialog, { key: 'Tab' });
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: t.photos.close }));
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(second));
  });

  it('an admin changes the status, sees who did it, and retries a parked delivery', async () => {
    signedIn();
    const { calls } = await renderPortal(<ClaimDetailPage slug="demo-shop" uuid={UUID} readOnly={false} />, api());
    const status = await screen.findByLabelText(t.col.status);
    fireEvent.change(status, { target: { value: 'accepted' } });
    fireEvent.click(screen.getByRole('button', { name: t.change.save }));
    expect(await screen.findByText(t.change.saved)).toBeTruthy();
    expect(calls.find((call) => call.method === 'PUT')).toMatchObject({
      path: BASE,
      body: { status: 'accepted' },
      headers: { 'X-CSRF-Token': 'csrf-123' },
    });
    expect(await screen.findByText('Status changed from Open to Accepted')).toBeTruthy();
    expect(screen.getByText('by ada@example.com')).toBeTruthy();

    const webhook = screen.getByRole('article', { name: /Webhook/ });
    expect(webhook.textContent).toContain('The webhook receiver did not answer with a 2xx status.');
    expect(webhook.textContent).toContain('Answer: 410.');
    fireEvent.click(within(webhook).getByRole('button', { name: 'Retry Webhook' }));
    await waitFor(() =>
      expect(screen.getByRole('article', { name: /Webhook/ }).textContent).toContain(t.delivery_state.pending),
    );
    expect(calls.some((call) => call.method === 'POST' && call.path.endsWith('/retry'))).toBe(true);
  });

  it('a member reads everything but has no control to change the claim or retry a delivery', async () => {
    signedIn('member');
    await renderPortal(<ClaimDetailPage slug="demo-shop" uuid={UUID} readOnly />, api());
    expect(await screen.findByRole('heading', { level: 1, name: 'Claim D3B07384' })).toBeTruthy();
    expect(screen.getByText(t.read_only)).toBeTruthy();
    expect(screen.queryByLabelText(t.col.status)).toBeNull();
    expect(screen.queryByRole('button', { name: t.change.save })).toBeNull();
    const retry = await screen.findByRole('button', { name: 'Retry Webhook' });
    expect((retry as HTMLButtonElement).disabled).toBe(true);
    expect(retry.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(retry.getAttribute('aria-describedby') ?? '')?.textContent).toBe(t.read_only_reason);
    // The photos stay open to members.
    fireEvent.click(screen.getByRole('button', { name: 'Package photo 1' }));
    expect(await screen.findByRole('dialog')).toBeTruthy();
  });

  it('a refused change says why and keeps the choice', async () => {
    signedIn();
    await renderPortal(<ClaimDetailPage slug="demo-shop" uuid={UUID} readOnly={false} />, (call) =>
      call.method === 'PUT' ? refusal(403, 'forbidden', 'Members may not change claims.') : api()(call),
    );
    const status = await screen.findByLabelText(t.col.status);
    fireEvent.change(status, { target: { value: 'rejected' } });
    fireEvent.click(screen.getByRole('button', { name: t.change.save }));
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe(strings.en.form.forbidden);
    expect((screen.getByLabelText(t.col.status) as HTMLSelectElement).value).toBe('rejected');
  });
});
