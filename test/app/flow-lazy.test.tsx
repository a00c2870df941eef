import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { locales } from '../../locales/index.js';
import type { ResolveClient } from '../../src/client/index.js';
import { createLazyFlowStore } from '../../src/app/store/lazy.js';
import { json } from '../client/fixtures.js';
import { disposeAfterEach, live, renderApp, standaloneBridge, testClient } from './flow-harness.js';

/**
 * The page's store: the finder is there before the client (and zod) arrive, and "Continue"
 * pressed meanwhile waits for them and then looks the order up. Real store, real client; the
 * client's arrival is held back as a slow network would.
 */
const t = locales.en.flow;
const dispose = disposeAfterEach();

describe('the flow before its actions have loaded', () => {
  it('shows the finder at once and looks the order up once the client is there', async () => {
    const requests: Record<string, string>[] = [];
    const fetch = (async (_input: RequestInfo | URL, init: RequestInit = {}) => {
      requests.push(JSON.parse(String(init.body ?? '{}')) as Record<string, string>);
      return json(live, 201);
    }) as typeof globalThis.fetch;
    const client = testClient(fetch);
    let arrive: (client: ResolveClient) => void = () => {};
    const held = new Promise<ResolveClient>((resolve) => (arrive = resolve));
    const store = createLazyFlowStore({
      loadClient: () => held,
      language: () => 'en',
      bridge: standaloneBridge,
      deepLink: {},
      saveDelayMs: 0,
    });
    dispose(
      () => store.dispose(),
      () => client.close(),
    );
    await renderApp(store, ['en']);
    const started = store.start();

    // No client yet, and the customer can already type.
    fireEvent.input(await screen.findByLabelText(t.finder.order_number), { target: { value: '1001' } });
    fireEvent.input(screen.getByLabelText(t.finder.zip_code), { target: { value: '12345' } });
    fireEvent.click(screen.getByRole('button', { name: t.finder.submit }));
    expect(requests).toHaveLength(0);

    arrive(client);
    await started;
    await waitFor(() => expect(store.step.value).toBe('issue'));
    expect(requests).toEqual([{ order_number: '1001', zip_code: '12345' }]);
  });
});
