import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { locales } from '../../locales/index.js';
import { memoryStore, type KeyValueStore } from '../../src/client/index.js';
import { createFlowStore, type DeepLink } from '../../src/app/store/index.js';
import { API, apiError, claim, json, session } from '../client/fixtures.js';
import { disposeAfterEach, live, renderApp, standaloneBridge, testClient } from './flow-harness.js';

/**
 * The Resolve flow's UI in jsdom with its real store and client; only the network is replaced by
 * an in-memory API answering what the reference API answers (the E2E tests run the real one).
 */
const t = locales.en.flow;
const dispose = disposeAfterEach();

async function renderFlow(
  options: {
    lookup?: (body: Record<string, string>) => Response;
    claims?: () => Response;
    drafts?: KeyValueStore;
    outbox?: KeyValueStore;
    deepLink?: DeepLink;
  } = {},
) {
  const requests: Record<string, string>[] = [];
  const fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const body = JSON.parse(String(init.body ?? '{}')) as Record<string, string>;
    requests.push(body);
    if (String(input).endsWith('/resolve/sessions')) return options.lookup ? options.lookup(body) : json(live, 201);
    if (String(input).endsWith('/resolve/claims') && options.claims) return options.claims();
    return json({ message: 'not here' }, 404);
  }) as typeof globalThis.fetch;
  const client = testClient(fetch, {
    storage: options.outbox ?? memoryStore(),
    drafts: options.drafts ?? memoryStore(),
  });
  const store = createFlowStore({
    client,
    language: () => 'en',
    bridge: standaloneBridge,
    deepLink: options.deepLink ?? {},
    saveDelayMs: 0,
  });
  dispose(
    () => store.dispose(),
    () => client.close(),
  );
  await renderApp(store);
  await store.start();
  return { store, requests };
}

/**
 * The stores of a page closed at review, its draft (with no pending submission) a support claim
 * about a parcel that did not arrive; the outbox empty.
 */
async function closedAtReview(): Promise<{ drafts: KeyValueStore; outbox: KeyValueStore }> {
  const drafts = memoryStore();
  const outbox = memoryStore();
  const answers = {
    flowType: 'support',
    quantities: {},
    itemPhotos: {},
    packagePhotos: [],
    description: 'Where is my parcel?',
    preference: 'refund',
  };
  await drafts.set('demo-shop:flow', {
    savedAt: Date.now(),
    value: { version: 1, step: 'review', lookup: { orderNumber: '1001', zipCode: '10119' }, session: live, answers },
  });
  return { drafts, outbox };
}

describe('the Resolve flow UI', () => {
  it('asks for a missing order number without calling the API, then names the wrong ZIP on its field', async () => {
    const { requests } = await renderFlow({
      lookup: () => json({ type: 'invalid_request_error', key: 'zip_code_mismatch', message: 'x', errors: [] }, 404),
    });
    fireEvent.click(screen.getByRole('button', { name: t.finder.submit }));
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', t.finder.order_number_missing);
    expect(requests).toHaveLength(0);

    fireEvent.input(screen.getByLabelText(t.finder.order_number), { target: { value: '1001' } });
    fireEvent.input(screen.getByLabelText(t.finder.zip_code), { target: { value: '99999' } });
    fireEvent.click(screen.getByRole('button', { name: t.finder.submit }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe(t.finder.zip_code_mismatch));
    expect(screen.getByLabelText(t.finder.zip_code).getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText(t.finder.order_number).getAttribute('aria-invalid')).toBeNull();
    expect(requests).toEqual([{ order_number: '1001', zip_code: '99999' }]);
  });

  it('offers only the flows the order allows, and will not go on without a choice and an item', async () => {
    await renderFlow({ deepLink: { orderNumber: '1001', zipCode: '10119' } });
    await screen.findByRole('heading', { level: 1, name: t.issue.title });
    expect(
      screen.getAllByRole('radio').map((radio) => radio.closest('label')?.querySelector('.choice-title')?.textContent),
    ).toEqual([t.flows.defective.title, t.flows.notReceived.title, t.flows.support.title]);
    fireEvent.click(screen.getByRole('button', { name: t.continue }));
    expect(screen.getByRole('alert').textContent).toContain(t.problems.choose_issue);
    fireEvent.click(screen.getByRole('radio', { name: new RegExp(t.flows.defective.title) }));
    fireEvent.click(screen.getByRole('button', { name: t.continue }));
    await screen.findByRole('heading', { level: 1, name: t.items.title });
    fireEvent.click(screen.getByRole('button', { name: t.continue }));
    expect(screen.getByRole('alert').textContent).toContain(t.problems.choose_items);
  });

  it('counts description characters as the customer types and refuses too long a text', async () => {
    const { store } = await renderFlow({ deepLink: { orderNumber: '1001', zipCode: '10119', flowType: 'support' } });
    store.answers.value = { ...store.answers.value, flowType: 'support' };
    store.goTo('description');
    const box = await screen.findByLabelText(new RegExp(t.description.label));
    fireEvent.input(box, { target: { value: 'Where is it?' } });
    expect(screen.getByText('12 of 2000 characters')).toBeTruthy();
    fireEvent.input(box, { target: { value: 'x'.repeat(2003) } });
    expect(screen.getByText('3 characters too many')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: t.continue }));
    expect(screen.getByRole('alert').textContent).toContain('Please write no more than 2000 characters.');
  });

  it('comes back after a reload at the same step with the same answers', async () => {
    const drafts = memoryStore();
    const first = await renderFlow({ drafts, deepLink: { orderNumber: '1001', zipCode: '10119' } });
    await screen.findByRole('heading', { level: 1, name: t.issue.title });
    fireEvent.click(screen.getByRole('radio', { name: new RegExp(t.flows.support.title) }));
    fireEvent.click(screen.getByRole('button', { name: t.continue }));
    const box = await screen.findByLabelText(new RegExp(t.description.label));
    fireEvent.input(box, { target: { value: 'Kept across reloads' } });
    await waitFor(async () => expect(JSON.stringify(await drafts.entries())).toContain('Kept across reloads'));
    first.store.dispose();
    cleanup();

    const { requests } = await renderFlow({ drafts });
    expect(((await screen.findByLabelText(new RegExp(t.description.label))) as HTMLTextAreaElement).value).toBe(
      'Kept across reloads',
    );
    expect(requests).toHaveLength(0); // the kept session is reused: no second lookup
  });

  it('after the session ran out: says so, keeps the answers for the same order, asks for the photos again', async () => {
    const drafts = memoryStore();
    const photo = { id: '3f1b6c9e-2a4d-4e8f-9b7a-1c2d3e4f5a6b', name: 'mug.jpg' };
    await drafts.set('demo-shop:flow', {
      savedAt: Date.now(),
      value: {
        version: 1,
        step: 'description',
        lookup: { orderNumber: '1001', zipCode: '10119' },
        session: { ...session, expires_at: new Date(Date.now() - 1000).toISOString() },
        answers: {
          flowType: 'defective',
          quantities: { MUG: 1 },
          itemPhotos: { MUG: [photo] },
          packagePhotos: [],
          description: 'Handle broke',
          preference: 'refund',
        },
      },
    });
    const { store } = await renderFlow({ drafts });
    expect(await screen.findByRole('status')).toHaveProperty('textContent', t.notices.session_expired);
    expect((screen.getByLabelText(t.finder.order_number) as HTMLInputElement).value).toBe('1001');
    fireEvent.click(screen.getByRole('button', { name: t.finder.submit }));
    // Straight to the photos, the one thing missing; everything else is still there.
    await screen.findByRole('heading', { level: 1, name: t.evidence.title });
    expect(store.answers.value).toMatchObject({
      flowType: 'defective',
      quantities: { MUG: 1 },
      itemPhotos: {},
      description: 'Handle broke',
      preference: 'refund',
    });
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('a page closed before it learnt its claim was kept: the reload finds the kept claim, sends it, and confirms', async () => {
    // The draft was last saved before the failure reached the page (no pendingId) ...
    const { drafts, outbox } = await closedAtReview();
    // ... but the client had kept the submission, with its key, before sending.
    await outbox.set('demo-shop:kept-key-123', {
      id: 'demo-shop:kept-key-123',
      shopSlug: 'demo-shop',
      apiOrigin: API,
      idempotencyKey: 'kept-key-123',
      sessionToken: live.session_token,
      orderNumber: live.order.order_number,
      state: 'pending',
      createdAt: Date.now(),
      attempts: 1,
      draft: {
        flow_type: 'support',
        selected_items: [],
        description: 'Where is my parcel?',
        resolution_preference: 'refund',
        language: 'en',
      },
    });
    const sent: string[] = [];
    await renderFlow({ drafts, outbox, claims: () => (sent.push('claim'), json(claim, 201)) });
    await screen.findByRole('heading', { level: 1, name: t.done.title });
    expect(sent).toEqual(['claim']); // the kept one, not a second claim
    expect(await outbox.entries()).toEqual([]);
  });

  it('an order over its claim limit (429 too_many_claims): says the claim waits and why, not "offline"', async () => {
    const { drafts, outbox } = await closedAtReview();
    await renderFlow({ drafts, outbox, claims: () => apiError(429, 'too_many_claims', [], { 'Retry-After': '7200' }) });
    fireEvent.click(await screen.findByRole('button', { name: t.review.submit }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe(t.review.too_many_claims), {
      timeout: 10_000,
    });
    // Kept on the device, to be sent once the Retry-After has passed.
    expect((await outbox.entries()).map(([, value]) => (value as { state: string }).state)).toEqual(['pending']);
  }, 30_000);
});
