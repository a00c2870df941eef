import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
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

const ASSETS: Record<string, { file: string; type: string }> = {
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
  const assetDir = fileURLToPath(new URL('.', import.meta.url));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${options.hostname}`);
    const asset = ASSETS[url.pathname];
    if (asset) {
      res.writeHead(200, { 'Content-Type': asset.type, 'Cache-Control': 'no-cache' });
      res.end(await readFile(`${assetDir}/${asset.file}`));
      return;
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204, { 'Cache-Control': 'public, max-age=86400' });
      res.end();
      return;
    }
    if (url.pathname === '/' || url.pathname === '') {
      res.writeHead(302, { Location: `/${DEFAULT_HELP_CENTER_LOCALE}${url.search}` });
      res.end();
      return;
    }
    if (req.method === 'POST' && url.pathname.endsWith('/contact')) {
      res.writeHead(303, { Location: url.pathname });
      res.end();
      return;
    }
    const route = parsePath(url.pathname);
    if (!snippet) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': '1' });
      res.end('Starting');
      return;
    }
    if (!route) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Not found');
      return;
    }
    const page = renderMain(route.locale, route.kind);
    if (req.headers['x-hc-partial'] === '1') {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify({ title: page.title, lang: page.lang, main: page.main.value }));
      return;
    }
    const flags = readFlags(url);
    const headers: Record<string, string> = { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' };
    if (flags.strictCsp) headers['Content-Security-Policy'] = strictCsp(snippet);
    res.writeHead(200, headers);
    res.end(renderDocument(page, snippet, flags));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${options.hostname}:${port}`,
    setSnippet(next) {
      snippet = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
