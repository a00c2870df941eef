import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { isLanguage } from '../src/core/languages.js';
import { isValidShopSlug } from '../src/core/shop-slug.js';
import { html } from './html.js';

/**
 * The app origin of the demo (what https://app.gokarla.io is in production): it serves the embed
 * bundle as a CDN would, and answers `/resolve/{slug}/finder` with a page that shows which shop and
 * language it received, until the Resolve flow takes that route over.
 */
export interface AppServerOptions {
  host?: string;
  port?: number;
  hostname: string;
  distDir?: string;
}

export interface RunningAppServer {
  origin: string;
  bundleUrl: string;
  close(): Promise<void>;
}

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));

const STATIC: Record<string, { file: string; type: string }> = {
  '/embed/bundle.min.js': { file: 'bundle.min.js', type: 'text/javascript; charset=utf-8' },
  '/embed/bundle.min.js.map': { file: 'bundle.min.js.map', type: 'application/json; charset=utf-8' },
};

export async function startAppServer(options: AppServerOptions): Promise<RunningAppServer> {
  const distDir = options.distDir ?? DIST;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${options.hostname}`);
    const asset = STATIC[url.pathname];
    if (asset) {
      const body = await readFile(`${distDir}/${asset.file}`);
      res.writeHead(200, {
        'Content-Type': asset.type,
        'Cache-Control': 'public, max-age=300',
        'Access-Control-Allow-Origin': '*',
      });
      res.end(body);
      return;
    }
    const finder = /^\/resolve\/([^/]+)\/finder\/?$/.exec(url.pathname);
    const slug = finder?.[1] ? decodeURIComponent(finder[1]) : undefined;
    if (slug !== undefined && isValidShopSlug(slug)) {
      const requested = url.searchParams.get('lang');
      const language = isLanguage(requested) ? requested : 'en';
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(`<!doctype html>${html`<html lang="${language}"><head><meta charset="utf-8"><title>Resolve finder</title></head>
<body><main id="resolve-finder" data-shop="${slug}" data-lang="${language}"><h1>Resolve order finder</h1>
<p>Shop: <strong>${slug}</strong></p><p>Language: <strong>${language}</strong></p></main></body></html>`}`);
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Not found');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('The demo app server failed; is dist/bundle.min.js built?');
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://${options.hostname}:${port}`;
  return {
    origin,
    bundleUrl: `${origin}/embed/bundle.min.js`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
