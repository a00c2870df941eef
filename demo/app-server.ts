import { fileURLToPath } from 'node:url';
import { embedConfigFromApi, flowHostRoutes } from '../src/server/flow-host.js';
import { demoApp, listenOnLoopback, namedOrigin, serveAssets } from './stand-in-kit/server.js';

/**
 * The app origin of the demo (what https://app.gokarla.io is in production): it serves the embed
 * bundle as a CDN would, the demo's product images, and the Resolve flow (`/resolve/{slug}/finder`,
 * `/app/assets/*`) through the same routes the reference server mounts.
 */
export interface AppServerOptions {
  host?: string;
  port?: number;
  hostname: string;
  distDir?: string;
  /** The API the Resolve flow talks to. */
  apiOrigin: string;
}

export interface RunningAppServer {
  origin: string;
  bundleUrl: string;
  close(): Promise<void>;
}

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));

const STATIC = {
  '/embed/bundle.min.js': { file: 'bundle.min.js', type: 'text/javascript; charset=utf-8' },
  '/embed/bundle.min.js.map': { file: 'bundle.min.js.map', type: 'application/json; charset=utf-8' },
  // The second file, imported by the first as an ES module: cross-origin, so it needs the CORS header below.
  '/embed/bundle.lazy.min.js': { file: 'bundle.lazy.min.js', type: 'text/javascript; charset=utf-8' },
  '/embed/bundle.lazy.min.js.map': { file: 'bundle.lazy.min.js.map', type: 'application/json; charset=utf-8' },
};

/** Demo product images and logo: flat SVGs, so the demo needs nothing from the internet. */
const svg = (fill: string, shape: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 120"><rect width="120" height="120" rx="16" fill="#f3f1ec"/>${shape.replace(/FILL/g, fill)}</svg>`;
const DEMO_ASSETS: Record<string, string> = {
  '/demo-assets/logo.svg': svg(
    '#5b3df5',
    '<circle cx="60" cy="60" r="34" fill="FILL"/><path d="M44 62l11 11 22-26" stroke="#fff" stroke-width="9" fill="none" stroke-linecap="round"/>',
  ),
  '/demo-assets/products/mug.svg': svg(
    '#c8a97e',
    '<rect x="34" y="36" width="44" height="52" rx="6" fill="FILL"/><path d="M78 48h8a10 10 0 010 20h-8" stroke="FILL" stroke-width="7" fill="none"/>',
  ),
  '/demo-assets/products/plate.svg': svg(
    '#8d939b',
    '<circle cx="60" cy="60" r="40" fill="FILL"/><circle cx="60" cy="60" r="26" fill="#b9bec4"/>',
  ),
  '/demo-assets/products/vase.svg': svg(
    '#3d6fd6',
    '<path d="M48 24h24l-4 18c14 8 16 40 4 54H48c-12-14-10-46 4-54z" fill="FILL"/>',
  ),
  '/demo-assets/products/lamp.svg': svg(
    '#a0703c',
    '<path d="M40 30h40l10 26H30z" fill="#f2c14e"/><rect x="57" y="56" width="6" height="34" fill="FILL"/><rect x="40" y="88" width="40" height="8" rx="3" fill="FILL"/>',
  ),
  '/demo-assets/products/throw.svg': svg(
    '#4f7a4a',
    '<rect x="26" y="30" width="68" height="60" rx="8" fill="FILL"/><path d="M26 50h68M26 70h68" stroke="#7fa57a" stroke-width="4"/>',
  ),
};

export async function startAppServer(options: AppServerOptions): Promise<RunningAppServer> {
  const distDir = options.distDir ?? DIST;
  const flow = flowHostRoutes({
    apiOrigin: options.apiOrigin,
    assetsDir: `${distDir}/app`,
    // As app.gokarla.io would: the shop's config from the API, written into the flow's page.
    embedConfig: embedConfigFromApi(options.apiOrigin),
  });
  const app = demoApp(
    () =>
      new Response('The demo app server failed; is dist/bundle.min.js built?', {
        status: 500,
        headers: { 'Content-Type': 'text/plain' },
      }),
  );
  serveAssets(app, distDir, STATIC, { 'Cache-Control': 'public, max-age=300', 'Access-Control-Allow-Origin': '*' });
  for (const [path, image] of Object.entries(DEMO_ASSETS)) {
    app.get(
      path,
      () =>
        new Response(image, {
          headers: {
            'Content-Type': 'image/svg+xml',
            'Cache-Control': 'public, max-age=3600',
            'Access-Control-Allow-Origin': '*',
          },
        }),
    );
  }
  // The Resolve flow: the reference server's own routes.
  app.all('/resolve/*', (c) => flow.fetch(c.req.raw));
  app.all('/app/*', (c) => flow.fetch(c.req.raw));
  app.notFound(
    () => new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } }),
  );

  const running = await listenOnLoopback(app, options);
  const origin = namedOrigin(options.hostname, running.origin);
  return { origin, bundleUrl: `${origin}/embed/bundle.min.js`, close: running.close };
}
