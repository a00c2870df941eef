import { fileURLToPath } from 'node:url';
import { demoApp, listenOnLoopback, namedOrigin, serveAssets } from '../stand-in-kit/server.js';
import { DEFAULT_HELP_CENTER_LOCALE } from './content.js';
import { parsePath, renderDocument, renderMain, type EmbedSnippet, type PageFlags } from './page.js';

/**
 * A Gorgias Help Center replica on its own origin: locale-prefixed routes, home, category, articles
 * (the returns article holds a placeholder), a contact page, client-side navigation, and the Resolve
 * snippet in <head> as Extra HTML puts it. Query switches (`?csp=strict`, `?twice=1`,
 * `?aggressive=1`, `?api=down`) create the hostile situations the embed must survive.
 */
export interface HelpCenterOptions {
  host?: string;
  port?: number;
  /** The public host name, e.g. `help.demo-shop.localhost`. */
  hostname: string;
  /** Usually set later with `setSnippet`, once the other servers' origins are known. */
  snippet?: EmbedSnippet;
}

export interface RunningHelpCenter {
  origin: string;
  setSnippet(snippet: EmbedSnippet): void;
  close(): Promise<void>;
}

const ASSETS = {
  '/assets/router.js': { file: 'router.js', type: 'text/javascript; charset=utf-8' },
  '/assets/help-center.css': { file: 'help-center.css', type: 'text/css; charset=utf-8' },
  '/assets/aggressive.css': { file: 'aggressive.css', type: 'text/css; charset=utf-8' },
};

function readFlags(url: URL): PageFlags {
  return {
    strictCsp: url.searchParams.get('csp') === 'strict',
    twice: url.searchParams.get('twice') === '1',
    aggressiveCss: url.searchParams.get('aggressive') === '1',
    apiDown: url.searchParams.get('api') === 'down',
  };
}

function strictCsp(snippet: EmbedSnippet): string {
  const bundleOrigin = new URL(snippet.bundleUrl).origin;
  return [
    "default-src 'none'",
    `script-src 'self' ${bundleOrigin}`,
    `connect-src 'self' ${snippet.apiOrigin} http://api-down.localhost:9`,
    // The tile shows the shop's logo: its host must be allowed like any other image host.
    `img-src 'self' data: ${snippet.apiOrigin} ${snippet.appOrigin}`,
    // KarlaResolve.open({ target: 'overlay' }) frames the flow.
    `frame-src ${snippet.appOrigin}`,
    "style-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export async function startHelpCenter(options: HelpCenterOptions): Promise<RunningHelpCenter> {
  let snippet = options.snippet;
  const app = demoApp(
    (error) => new Response(String(error), { status: 500, headers: { 'Content-Type': 'text/plain' } }),
  );
  serveAssets(app, fileURLToPath(new URL('.', import.meta.url)), ASSETS, { 'Cache-Control': 'no-cache' });
  app.get(
    '/favicon.ico',
    () => new Response(null, { status: 204, headers: { 'Cache-Control': 'public, max-age=86400' } }),
  );
  app.get('/', (c) => c.redirect(`/${DEFAULT_HELP_CENTER_LOCALE}${new URL(c.req.url).search}`, 302));
  app.post('*', async (c, next) => (c.req.path.endsWith('/contact') ? c.redirect(c.req.path, 303) : next()));
  app.all('*', (c) => {
    const url = new URL(c.req.url);
    const route = parsePath(url.pathname);
    if (!snippet) return c.text('Starting', 503, { 'Retry-After': '1' });
    if (!route) return c.text('Not found', 404);
    const page = renderMain(route.locale, route.kind);
    if (c.req.header('x-hc-partial') === '1') {
      return new Response(JSON.stringify({ title: page.title, lang: page.lang, main: page.main.value }), {
        headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
      });
    }
    const flags = readFlags(url);
    const headers: Record<string, string> = { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' };
    if (flags.strictCsp) headers['Content-Security-Policy'] = strictCsp(snippet);
    return new Response(renderDocument(page, snippet, flags), { headers });
  });

  const running = await listenOnLoopback(app, options);
  return {
    origin: namedOrigin(options.hostname, running.origin),
    setSnippet(next) {
      snippet = next;
    },
    close: running.close,
  };
}
