import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import de from '../../locales/portal/de.json' with { type: 'json' };
import en from '../../locales/portal/en.json' with { type: 'json' };
import { PORTAL_BOOT_ELEMENT_ID, type PortalBoot } from '../core/portal-boot.js';
import { isLoopbackHost } from '../core/urls.js';
import { manifestLoader, serveHashedAssets, type Manifest, type ManifestEntry } from './vite-build.js';

/**
 * Serves the merchant portal (src/portal, built to dist/portal by `vite build -c
 * vite.portal.config.ts`): every page path under `/portal/` answers the same HTML shell (the
 * portal routes in the browser), `/portal/assets/*` the hashed bundles. Mounted by the reference
 * API after its own routes, so the portal's JSON routes always win over the shell. The shell holds
 * no user data: only the API and app origins, as JSON that never becomes HTML, under a
 * Content-Security-Policy without inline scripts or eval, and it may not be framed.
 */
export interface PortalHostOptions {
  /** The API's public origin (a function when it is known only once the server listens). */
  apiOrigin: string | (() => string);
  /** The Resolve flow's origin: snippets point their script tag and `data-app-origin` there. */
  appOrigin: string | (() => string);
  /** The built portal; `dist/portal` of this package by default. */
  assetsDir?: string;
}

const DEFAULT_ASSETS = fileURLToPath(new URL('../../dist/portal/', import.meta.url));
const ENTRY = 'src/portal/main.tsx';
/** Page paths the browser routes: lower-case words, digits, hyphens and slashes. */
const PAGE_PATH = /^\/portal(?:\/[a-z0-9-]+)*\/?$/;
const SHELL_STRINGS = { en, de };

export function portalHostRoutes(options: PortalHostOptions): Hono {
  const assetsDir = options.assetsDir ?? DEFAULT_ASSETS;
  const origin = (value: string | (() => string)) => new URL(typeof value === 'function' ? value() : value).origin;
  const app = new Hono();
  const loadManifest = manifestLoader(assetsDir);

  serveHashedAssets(app, '/portal', assetsDir);

  app.get('/portal/*', async (c, next) => {
    const path = new URL(c.req.url).pathname;
    if (!PAGE_PATH.test(path) || path.startsWith('/portal/assets')) return next();
    return shellResponse(c.req.header('accept-language'));
  });
  app.get('/portal', () => shellResponse(undefined));

  async function shellResponse(acceptLanguage: string | undefined): Promise<Response> {
    let entries: Manifest;
    try {
      entries = await loadManifest();
    } catch {
      return text('The merchant portal is not built yet: run `npm run build`.', 503);
    }
    const entry = entries[ENTRY];
    if (!entry) return text('The merchant portal build is incomplete: run `npm run build`.', 503);
    const api = origin(options.apiOrigin);
    const language = prefersGerman(acceptLanguage) ? 'de' : 'en';
    const boot: PortalBoot = { apiOrigin: api, appOrigin: origin(options.appOrigin) };
    return new Response(shell({ language, entry, boot }), {
      status: 200,
      headers: {
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
        'Content-Security-Policy': portalContentSecurityPolicy(api),
        'Referrer-Policy': 'same-origin',
        'X-Content-Type-Options': 'nosniff',
        'X-Frame-Options': 'DENY',
      },
    });
  }

  return app;
}

function text(body: string, status: number): Response {
  return new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** The shell's language before the portal decides in the browser: German when the browser prefers it. */
function prefersGerman(acceptLanguage: string | undefined): boolean {
  const first = acceptLanguage?.split(',')[0]?.trim().toLowerCase() ?? '';
  return first === 'de' || first.startsWith('de-') || first.startsWith('de;');
}

/**
 * Scripts and styles only from this origin (no inline, no eval: zod runs jitless), requests only to
 * this origin, images from anywhere on https (the merchant's logo in the tile preview, which is
 * also why the embed's constructable stylesheet needs nothing here), never framed: the portal holds
 * sessions and its pages change settings.
 */
export function portalContentSecurityPolicy(api: string): string {
  const devImages = isLoopbackHost(new URL(api).hostname)
    ? ' http://localhost:* http://*.localhost:* http://127.0.0.1:*'
    : '';
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' https: data:${devImages}`,
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function shell(input: { language: 'en' | 'de'; entry: ManifestEntry; boot: PortalBoot }): string {
  const asset = (file: string) => `/portal/${escapeAttribute(file)}`;
  const strings = SHELL_STRINGS[input.language].shell;
  // JSON inside <script type="application/json">: `<` escaped, so no value can close the element.
  const bootJson = JSON.stringify(input.boot).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="${input.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeText(strings.title)}</title>
${(input.entry.css ?? []).map((css) => `<link rel="stylesheet" href="${asset(css)}">`).join('\n')}
<script type="module" src="${asset(input.entry.file)}"></script>
</head>
<body>
<div id="portal" aria-busy="true"></div>
<noscript><p>${escapeText(strings.noscript)}</p></noscript>
<script type="application/json" id="${PORTAL_BOOT_ELEMENT_ID}">${bootJson}</script>
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
