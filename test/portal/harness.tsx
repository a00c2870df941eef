import { cleanup, render } from '@testing-library/preact';
import type { ComponentChildren } from 'preact';
import { afterEach } from 'vitest';
import de from '../../locales/portal/de.json' with { type: 'json' };
import en from '../../locales/portal/en.json' with { type: 'json' };
import { createApi } from '../../src/portal/api.js';
import { PortalContext } from '../../src/portal/context.js';
import { createTranslator, type PortalLanguage } from '../../src/portal/i18n.js';
import { session } from '../../src/portal/session.js';
import '../../src/web/zod-setup.js';

/**
 * The portal's pages in jsdom with their real forms, schemas, strings and API client; only the
 * network is a scripted stand-in answering as the reference API does (the E2E suite runs the real
 * server).
 */
// Every test starts on an empty page, signed out (registered in the file that imports the harness).
afterEach(() => {
  cleanup();
  session.value = undefined;
});

export interface Call {
  method: string;
  path: string;
  body: unknown;
  headers: Record<string, string>;
}
/** The answer to a call; a promise holds the request open until the test settles it. */
export type Route = (call: Call) => Response | Promise<Response> | undefined;

export const json = (body: unknown, status = 200) =>
  new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
export const refusal = (
  status: number,
  key: string,
  message: string,
  errors: { loc: (string | number)[]; msg: string; type: string }[] = [],
) => json({ errors, key, message, type: status >= 500 ? 'api_error' : 'invalid_request_error' }, status);

export const strings = { en, de };

export async function renderPortal(ui: ComponentChildren, routes: Route, options: { language?: PortalLanguage } = {}) {
  const calls: Call[] = [];
  const fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const call: Call = {
      method: init.method ?? 'GET',
      path: String(input),
      body: init.body ? JSON.parse(String(init.body)) : undefined,
      headers: Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>)),
    };
    calls.push(call);
    return routes(call) ?? refusal(404, 'route_not_found', 'not here');
  }) as typeof globalThis.fetch;
  const language = options.language ?? 'en';
  const translator = await createTranslator(language, strings[language]);
  const api = createApi({ language: () => language, csrfToken: () => session.value?.csrf_token, fetch });
  const result = render(
    <PortalContext.Provider
      value={{
        t: translator.t,
        language,
        api,
        apiOrigin: 'https://api.example.com',
        appOrigin: 'https://app.example.com',
      }}
    >
      {ui}
    </PortalContext.Provider>,
  );
  return { ...result, calls };
}

export const signedIn = (role: 'admin' | 'member' = 'admin') => {
  session.value = {
    user: { id: '00000000-0000-4000-8000-000000000001', email: 'ada@example.com', operator: false },
    shops: [{ slug: 'demo-shop', name: 'Demo Shop', role }],
    csrf_token: 'csrf-123',
    expires_at: new Date(Date.now() + 3_600_000).toISOString(),
  };
};
