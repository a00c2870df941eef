import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { locales } from '../../locales/index.js';
import { FLOW_BOOT_ELEMENT_ID, type FlowBoot } from '../core/flow-boot.js';
import { isLanguage, type Language } from '../core/languages.js';
import { isValidShopSlug } from '../core/shop-slug.js';
import { buildEmbedConfigUrl, isLoopbackHost } from '../core/urls.js';
import { manifestLoader, serveHashedAssets, type Manifest, type ManifestEntry } from './vite-build.js';

/**
 * Serves the Resolve flow (src/app, built to dist/app by `vite build -c vite.app.config.ts`):
 * `GET /resolve/{slug}/finder` answers the HTML shell, `/app/assets/*` the hashed bundles.
 * Mounted by the reference API (one origin serves both) and by the demo's app origin (as
 * app.gokarla.io is in production). The shell carries no customer data: which shop and which API,
 * as JSON that never becomes HTML, under a Content-Security-Policy without inline scripts or eval.
 */
export interface FlowHostOptions {
  /**
   * The API the flow talks to (CSP connect-src, preconnect, boot data). A function when it is known
   * only once the server listens (port 0).
   */
  apiOrigin: string | (() => string);
  /** The built flow; `dist/app` of this package by default. */
  assetsDir?: string;
}

const DEFAULT_ASSETS = fileURLToPath(new URL('../../dist/app/', import.meta.url));
const ENTRY = 'src/app/main.tsx';

export function flowHostRoutes(options: FlowHostOptions): Hono {
  const assetsDir = options.assetsDir ?? DEFAULT_ASSETS;
  const apiOrigin = () =>
    new URL(typeof options.apiOrigin === 'function' ? options.apiOrigin() : options.apiOrigin).origin;
  const app = new Hono();
  const loadManifest = manifestLoader(assetsDir);

  app.get('/resolve/:slug', (c) => {
    const slug = c.req.param('slug');
    if (!isValidShopSlug(slug)) return c.text('Not found', 404);
    const url = new URL(c.req.url);
    return c.redirect(`/resolve/${encodeURIComponent(slug)}/finder${url.search}`, 302);
  });

  app.get('/resolve/:slug/finder', async (c) => {
    const slug = c.req.param('slug');
    if (!isValidShopSlug(slug)) return c.text('Not found', 404);
    let entries: Manifest;
    try {
      entries = await loadManifest();
    } catch {
      return c.text('The Resolve flow is not built yet: run `npm run build`.', 503);
    }
    const entry = entries[ENTRY];
    if (!entry) return c.text('The Resolve flow build is incomplete: run `npm run build`.', 503);
    const api = apiOrigin();
    const requested = c.req.query('lang');
    const language: Language = isLanguage(requested) ? requested : 'en';
    // The strings of the language the link asks for load in parallel with the app itself.
    const strings = entries[`locales/${language}.json`];
    const boot: FlowBoot = { shopSlug: slug, apiOrigin: api };
    const body = shell({ language, api, entry, ...(strings ? { strings } : {}), boot });
    return c.html(body, 200, {
      'Cache-Control': 'no-cache',
      'Content-Security-Policy': contentSecurityPolicy(api),
      'Referrer-Policy': 'no-referrer', // links carry order tokens: never hand them to image hosts
      'X-Content-Type-Options': 'nosniff',
    });
  });

  // Any origin: the storefront overlay and Help Center pages load the flow's chunks cross-origin.
  serveHashedAssets(app, '/app', assetsDir, { 'Access-Control-Allow-Origin': '*' });

  return app;
}

/**
 * Scripts only from this origin (no inline, no eval: zod runs jitless), requests only to the API,
 * images from the API (signed photo URLs), merchants' https product images, and local previews.
 * Any page may frame the flow: the embed's overlay opens it on merchants' own pages.
 */
export function contentSecurityPolicy(api: string): string {
  const devImages = isLoopbackHost(new URL(api).hostname)
    ? ' http://localhost:* http://*.localhost:* http://127.0.0.1:*'
    : '';
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' ${api} https: data: blob:${devImages}`,
    `connect-src 'self' ${api}`,
    "base-uri 'none'",
    "form-action 'self'",
    'frame-ancestors *',
  ].join('; ');
}

/**
 * The shell starts every request the first screen needs at once: the app, its stylesheet, the
 * language's strings (modulepreload) and the shop's config (preload, the same request the app makes).
 */
function shell(input: {
  language: Language;
  api: string;
  entry: ManifestEntry;
  strings?: ManifestEntry;
  boot: FlowBoot;
}): string {
  const asset = (file: string) => `/app/${escapeAttribute(file)}`;
  // JSON inside <script type="application/json">: `<` escaped, so no value can close the element.
  const bootJson = JSON.stringify(input.boot).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="${input.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeText(locales[input.language].flow.app_title)}</title>
<link rel="preload" as="fetch" crossorigin="anonymous" href="${escapeAttribute(buildEmbedConfigUrl(input.api, input.boot.shopSlug))}">
${(input.entry.css ?? []).map((css) => `<link rel="stylesheet" href="${asset(css)}">`).join('\n')}
<script type="module" src="${asset(input.entry.file)}"></script>
${input.strings ? `<link rel="modulepreload" href="${asset(input.strings.file)}">` : ''}
</head>
<body>
<div id="app" aria-busy="true"></div>
<noscript><p>${escapeText(locales[input.language].flow.noscript)}</p></noscript>
<script type="application/json" id="${FLOW_BOOT_ELEMENT_ID}">${bootJson}</script>
</body>
</html>
`;
}

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
