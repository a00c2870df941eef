import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { locales } from '../../locales/index.js';
import { memoryStore, type KeyValueStore } from '../../src/client/index.js';
import { createFlowStore, type DeepLink } from '../../src/app/store/index.js';
import type { SessionResponse } from '../../src/core/session.js';
import { UPLOAD_ID, json } from '../client/fixtures.js';
import { FakeXhr } from '../client/fake-xhr.js';
import { disposeAfterEach, live, renderApp, standaloneBridge, testClient } from './flow-harness.js';

/**
 * The customer-side rough edges of the flow, in jsdom with the real store and client: uploads go
 * through a scripted XMLHttpRequest answering what the reference API answers.
 */
const t = locales.en.flow;
const MB = 1024 * 1024;
beforeEach(() => {
  FakeXhr.reset();
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
});
// Declared before the disposal, so it runs after it (after-hooks run last declared first).
afterEach(() => {
  vi.unstubAllGlobals();
});
const dispose = disposeAfterEach();

async function renderFlow(
  options: { found?: SessionResponse; drafts?: KeyValueStore; deepLink?: DeepLink; saveDelayMs?: number } = {},
) {
  const fetch = (async (input: RequestInfo | URL) =>
    String(input).endsWith('/resolve/sessions')
      ? json(options.found ?? live, 201)
      : json({ message: 'not here' }, 404)) as typeof globalThis.fetch;
  const client = testClient(fetch, {
    drafts: options.drafts ?? memoryStore(),
    retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
  });
  const store = createFlowStore({
    client,
    language: () => 'en',
    bridge: standaloneBridge,
    deepLink: options.deepLink ?? { orderNumber: '1001', zipCode: '10119' },
    saveDelayMs: options.saveDelayMs ?? 0,
    createObjectUrl: () => 'blob:preview',
    revokeObjectUrl: () => {},
  });
  dispose(
    () => store.dispose(),
    () => client.close(),
  );
  await renderApp(store);
  await store.start();
  return { store };
}

/** Through issue and items to the photos of the mug. */
async function toPhotos(found?: SessionResponse) {
  await renderFlow({
    ...(found ? { found } : {}),
    deepLink: { orderNumber: '1001', zipCode: '10119', flowType: 'defective' },
  });
  await screen.findByRole('heading', { level: 1, name: t.items.title });
  fireEvent.click(screen.getByRole('checkbox', { name: /Mug/ }));
  fireEvent.click(screen.getByRole('button', { name: t.continue }));
  await screen.findByRole('heading', { level: 1, name: t.evidence.title });
}

const mugPhotos = () => within(screen.getByRole('group', { name: 'Mug' }));
function choose(...files: File[]) {
  fireEvent.change(mugPhotos().getByLabelText(t.evidence.choose_photos), { target: { files } });
}
const pdf = (name: string, bytes: number) =>
  new File([new Uint8Array(bytes).fill(0x25)], name, { type: 'application/pdf' });
const jpeg = (name: string) =>
  new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])], name, { type: 'image/jpeg' });
const apiError = (key: string) => ({ type: 'invalid_request_error', key, message: key, errors: [] });
const tooLarge = (max: string) => t.evidence.too_large.replace('{{max}}', max);

describe('photos on the evidence step', () => {
  it('a file the browser cannot shrink below the limit: "too large (max 2 MB)" from the configured limit, before any upload, and no "Try again"', async () => {
    await toPhotos({ ...live, upload_limit_bytes: 2 * MB });
    choose(pdf('scan.pdf', 3 * MB));
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', tooLarge('2\u00A0MB'));
    expect(FakeXhr.instances).toHaveLength(0);
    expect(screen.queryByRole('button', { name: t.evidence.retry })).toBeNull();
    expect(mugPhotos().getByText(/photos? added/).textContent).toContain('0 photos added.');
  });

  it('the API refusing a file as too large (413) reads "too large", not "offline"', async () => {
    await toPhotos();
    choose(jpeg('huge.jpg'));
    await waitFor(() => expect(FakeXhr.instances).toHaveLength(1));
    FakeXhr.instances[0]!.respond(413, apiError('upload_too_large'));
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', tooLarge('15\u00A0MB'));
    expect(screen.queryByRole('button', { name: t.evidence.retry })).toBeNull();
  });

  it('a refused file type offers no "Try again"; a dropped connection does', async () => {
    await toPhotos();
    choose(jpeg('fake.jpg'));
    await waitFor(() => expect(FakeXhr.instances).toHaveLength(1));
    FakeXhr.instances[0]!.respond(415, apiError('upload_type_not_allowed'));
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', t.evidence.wrong_type);
    expect(screen.queryByRole('button', { name: t.evidence.retry })).toBeNull();

    choose(jpeg('mug.jpg'));
    await waitFor(() => expect(FakeXhr.instances).toHaveLength(2));
    FakeXhr.instances[1]!.fail();
    expect(await screen.findByRole('button', { name: t.evidence.retry })).toBeTruthy();
  });

  it('counts only the photos that were uploaded, not the failed ones', async () => {
    await toPhotos();
    choose(jpeg('one.jpg'), jpeg('two.jpg'), jpeg('three.jpg'));
    await waitFor(() => expect(FakeXhr.instances).toHaveLength(3));
    FakeXhr.instances[0]!.respond(201, { id: UPLOAD_ID, content_type: 'image/jpeg', size: 7 });
    FakeXhr.instances[1]!.respond(415, apiError('upload_type_not_allowed'));
    FakeXhr.instances[2]!.respond(415, apiError('upload_type_not_allowed'));
    await waitFor(() => expect(screen.getAllByRole('alert')).toHaveLength(2));
    expect(mugPhotos().getByText(/photos? added/).textContent).toContain('1 photo added.');
  });
});

describe('where the customer is', () => {
  it('the issue step is "Step 1 of N" like every step after it', async () => {
    await renderFlow();
    await screen.findByRole('heading', { level: 1, name: t.issue.title });
    // Before a choice: the longest flow this order offers (defective: issue, items, photos, description, preference, review).
    expect(screen.getByText('Step 1 of 6')).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: new RegExp(t.flows.support.title) }));
    expect(screen.getByText('Step 1 of 4')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: t.continue }));
    await screen.findByRole('heading', { level: 1, name: t.description.title });
    expect(screen.getByText('Step 2 of 4')).toBeTruthy();
  });
});

describe('drafts with the production save delay', () => {
  it('a reload right after reaching a step resumes at that step', async () => {
    const drafts = memoryStore();
    const first = await renderFlow({ drafts, saveDelayMs: 250 });
    await screen.findByRole('heading', { level: 1, name: t.issue.title });
    fireEvent.click(screen.getByRole('radio', { name: new RegExp(t.flows.support.title) }));
    fireEvent.click(screen.getByRole('button', { name: t.continue }));
    await screen.findByRole('heading', { level: 1, name: t.description.title });
    await new Promise((resolve) => setTimeout(resolve, 0)); // the page lives on only for a moment
    first.store.dispose();
    cleanup();

    await renderFlow({ drafts, saveDelayMs: 250 });
    expect(await screen.findByRole('heading', { level: 1, name: t.description.title })).toBeTruthy();
  });

  it('what was typed just before the page was hidden survives the reload', async () => {
    const drafts = memoryStore();
    const first = await renderFlow({
      drafts,
      saveDelayMs: 250,
      deepLink: { orderNumber: '1001', zipCode: '10119', flowType: 'support' },
    });
    const box = await screen.findByLabelText(new RegExp(t.description.label));
    await new Promise((resolve) => setTimeout(resolve, 0));
    fireEvent.input(box, { target: { value: 'Typed, then the phone locked' } });
    window.dispatchEvent(new Event('pagehide'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    first.store.dispose();
    cleanup();

    await renderFlow({ drafts, saveDelayMs: 250 });
    expect(((await screen.findByLabelText(new RegExp(t.description.label))) as HTMLTextAreaElement).value).toBe(
      'Typed, then the phone locked',
    );
  });
});
