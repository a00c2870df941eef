import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { locales } from '../../locales/index.js';
import {
  FLOW_BOOT_ELEMENT_ID,
  FLOW_CONFIG_ELEMENT_ID,
  FLOW_STRINGS_ELEMENT_ID,
  type FlowBoot,
  type FlowInlineConfig,
  type FlowInlineStrings,
} from '../core/flow-boot.js';
import type { Language } from '../core/languages.js';
import { resolveLanguage } from '../core/locale-resolution.js';
import { fetchEmbedConfig } from '../core/embed-config-fetch.js';
import { isValidShopSlug } from '../core/shop-slug.js';
import { buildEmbedConfigUrl, isLoopbackHost } from '../core/urls.js';
import { encodeText } from './compression.js';
import { manifestLoader, serveHashedAssets, type Manifest, type ManifestEntry } from './vite-build.js';

/**
 * Serves the Resolve flow (src/app, built to dist/app by `vite build -c vite.app.config.ts`):
 * `GET /resolve/{slug}/finder` answers the HTML shell, `/app/assets/*` the hashed bundles.
 * Mounted by the reference API (one origin serves both) and by the demo's app origin (as
 * app.gokarla.io is in production). The shell carries no customer data: which shop and which API,
 * the shop's public embed config and the first screen's strings, as JSON that never becomes HTML
 * (so the finder waits on no request but the app's code), under a Content-Security-Policy without
 * inline scripts or eval.
 */
export interface FlowHostOptions {
  /**
   * The API the flow talks to (CSP connect-src, preconnect, boot data). A function when it is known
   * only once the server listens (port 0).
   */
  apiOrigin: string | (() => string);
  /** The built flow; `dist/app` of this package by default. */
  assetsDir?: string;
  /**
   * The shop's public embed config, as its API route answers it, to write into the shell; undefined
   * when it cannot be had now (the app then asks the API itself, as it does without this option).
   */
  embedConfig?: (slug: string) => Promise<FlowInlineConfig | undefined>;
}

const DEFAULT_ASSETS = fileURLToPath(new URL('../../dist/app/', import.meta.url));
const ENTRY = 'src/app/main.tsx';

/** How long the shell waits for the API's config before it leaves the request to the browser. */
const CONFIG_WAIT_MS = 1000;

/**
 * `embedConfig` for a host on another origin than the API (the demo's app origin, app.gokarla.io):
 * the public config route, server to server. A failure or a slow answer leaves the config out of
 * the page; the app then asks the API itself.
 */
export function embedConfigFromApi(apiOrigin: string | (() => string)): NonNullable<FlowHostOptions['embedConfig']> {
  return async (slug) => {
    const origin = new URL(typeof apiOrigin === 'function' ? apiOrigin() : apiOrigin);
    // `*.localhost` (the demo's origins) is loopback by definition, but Node does not resolve it.
    if (origin.hostname.endsWith('.localhost')) origin.hostname = '127.0.0.1';
    const answer = await fetchEmbedConfig({
      url: buildEmbedConfigUrl(origin.origin, slug),
      shopSlug: slug,
      fetch: (...args) => fetch(...args),
      timeoutMs: CONFIG_WAIT_MS,
    });
    return answer.kind === 'failed' ? undefined : answer.kind === 'found' ? answer : { kind: 'not-found' };
  };
}

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
    const inlineConfig = await options.embedConfig?.(slug).catch(() => undefined);
    const shop = inlineConfig?.kind === 'found' ? inlineConfig.config : undefined;
    // The language the app will pick (src/app/main.tsx decides the same way, with navigator.languages
    // for Accept-Language): its strings go into the page; were it to pick another, it loads that chunk.
    const language = resolveLanguage({
      forced: requested,
      browserLanguages: acceptedLanguages(c.req.header('accept-language')),
      shopDefault: shop?.default_language ?? null,
      shopLanguages: shop?.languages ?? null,
    }).language;
    const boot: FlowBoot = { shopSlug: slug, apiOrigin: api };
    const strings: FlowInlineStrings = { language, strings: { flow: locales[language].flow } };
    const body = shell({ language, api, entry, boot, strings, ...(inlineConfig ? { config: inlineConfig } : {}) });
    const encoded = encodeText(body, 'text/html; charset=utf-8', c.req.header('accept-encoding'));
    return c.body(encoded.body, 200, {
      'Content-Type': 'text/html; charset=utf-8',
      ...encoded.headers,
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
 * The shell holds what the first screen needs besides the app's code (the shop's config, the
 * strings), and starts every request at once: the app and its stylesheet, and when the config is not
 * in the page, the config request the app makes (preload).
 */
function shell(input: {
  language: Language;
  api: string;
  entry: ManifestEntry;
  boot: FlowBoot;
  strings: FlowInlineStrings;
  config?: FlowInlineConfig;
}): string {
  const asset = (file: string) => `/app/${escapeAttribute(file)}`;
  const configRequest = input.config
    ? ''
    : `<link rel="preload" as="fetch" crossorigin="anonymous" href="${escapeAttribute(buildEmbedConfigUrl(input.api, input.boot.shopSlug))}">\n`;
  return `<!doctype html>
<html lang="${input.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeText(locales[input.language].flow.app_title)}</title>
${configRequest}${(input.entry.css ?? []).map((css) => `<link rel="stylesheet" href="${asset(css)}">`).join('\n')}
<script type="module" src="${asset(input.entry.file)}"></script>
</head>
<body>
<div id="app" aria-busy="true"></div>
<noscript><p>${escapeText(locales[input.language].flow.noscript)}</p></noscript>
${jsonElement(FLOW_BOOT_ELEMENT_ID, input.boot)}
${input.config ? `${jsonElement(FLOW_CONFIG_ELEMENT_ID, input.config)}\n` : ''}${jsonElement(FLOW_STRINGS_ELEMENT_ID, input.strings)}
</body>
</html>
`;
}

/**
 * Data for the app, inert: `<script type="application/json">` never runs (the CSP needs no
 * exception), and with every `<` escaped no value can close the element or open a comment.
 */
function jsonElement(id: string, value: unknown): string {
  return `<script type="application/json" id="${id}">${JSON.stringify(value).replace(/</g, '\\u003c')}</script>`;
}

/** An `Accept-Language` header's language tags, most preferred first (`q=0` ones left out). */
export function acceptedLanguages(header: string | undefined): string[] {
  return (header ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((param) => /^\s*q=([\d.]+)\s*$/.exec(param)?.[1]).find((value) => value !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.tag !== '' && entry.tag !== '*' && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((entry) => entry.tag);
}

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
