import { cleanup, render } from '@testing-library/preact';
import { afterEach } from 'vitest';
import {
  createResolveClient,
  memoryStore,
  type ResolveClient,
  type ResolveClientOptions,
} from '../../src/client/index.js';
import { createTranslator } from '../../src/app/i18n.js';
import type { FlowStore } from '../../src/app/store/index.js';
import { App } from '../../src/app/ui/App.js';
import { FlowContext } from '../../src/app/ui/context.js';
import type { Language } from '../../src/core/languages.js';
import type { SessionResponse } from '../../src/core/session.js';
import { API, session } from '../client/fixtures.js';

/**
 * What the flow's component suites share: the demo shop's client on a replaced network, the App
 * rendered around a store as the page renders it (English, not embedded, no camera), and the
 * cleanup after each test. Each suite still builds its own store and answers.
 */

/** The fixture session, valid for an hour from now. */
export const live: SessionResponse = { ...session, expires_at: new Date(Date.now() + 3_600_000).toISOString() };

/** A page that is not embedded: nothing to tell a host. */
export const standaloneBridge = { embedded: false, claimSubmitted: () => {}, close: () => {} };

/**
 * Unmounts what a test rendered and disposes what it registered, after each test of the calling
 * suite. Returns the function that registers disposers (stores, clients).
 */
export function disposeAfterEach(): (...disposers: (() => void)[]) => void {
  let disposers: (() => void)[] = [];
  afterEach(() => {
    cleanup();
    disposers.forEach((dispose) => dispose());
    disposers = [];
  });
  return (...more) => void disposers.push(...more);
}

/** The demo shop's client on `fetch`, in memory, with no background resume or resend; `options` override. */
export function testClient(fetch: typeof globalThis.fetch, options: Partial<ResolveClientOptions> = {}): ResolveClient {
  return createResolveClient({
    shopSlug: 'demo-shop',
    apiOrigin: API,
    language: 'en',
    fetch,
    storage: memoryStore(),
    drafts: memoryStore(),
    autoResume: false,
    resendWhenOnline: false,
    ...options,
  });
}

/** Renders the App around `store` as the standalone page does, in English. */
export async function renderApp(store: FlowStore, languages: readonly Language[] = ['en', 'de']): Promise<void> {
  const translator = await createTranslator('en');
  render(
    <FlowContext.Provider value={{ store, t: translator.t, language: 'en', hasCamera: false }}>
      <App languages={languages} embedded={false} onClose={() => {}} onLanguage={() => {}} />
    </FlowContext.Provider>,
  );
}
