import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import type { EmbedConfig } from '../../src/core/embed-config.js';
import { flowBootSchema, flowInlineConfigSchema, flowInlineStringsSchema } from '../../src/core/flow-boot.js';
import { acceptedLanguages, flowHostRoutes } from '../../src/server/flow-host.js';
import { locales } from '../../locales/index.js';

/** A built flow in a temporary directory: the manifest and assets as `vite build` writes them. */
function builtFlow(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flow-host-'));
  mkdirSync(join(dir, '.vite'), { recursive: true });
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, '.vite/manifest.json'),
    JSON.stringify({
      'src/app/main.tsx': { file: 'assets/main-abc123.js', css: ['assets/main-def456.css'], isEntry: true },
      'locales/de.json': { file: 'assets/de-111aaa.js', isDynamicEntry: true },
    }),
  );
  writeFileSync(join(dir, 'assets/main-abc123.js'), `console.log(${JSON.stringify('x'.repeat(4000))})`);
  writeFileSync(join(dir, 'assets/main-def456.css'), 'body{}');
  writeFileSync(join(dir, 'secret.txt'), 'nope');
  return dir;
}

/** The JSON text of the shell's `<script type="application/json" id="…">` element. */
function dataOf(html: string, id: string): string {
  return new RegExp(`<script type="application/json" id="${id}">(.*?)</script>`).exec(html)?.[1] ?? '';
}

describe('the Resolve flow host', () => {
  const api = 'https://api.example.com';
  const app = flowHostRoutes({ apiOrigin: api, assetsDir: builtFlow() });

  it('answers the finder with the shell: boot data as inert JSON, the language, a strict CSP and no referrer', async () => {
    const response = await app.request('/resolve/demo-shop/finder?lang=de&token=abc');
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe');
    expect(csp).toContain(`connect-src 'self' ${api}`);
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await response.text();
    expect(html).toContain('<html lang="de">');
    expect(html).toContain('<title>Problem melden</title>');
    expect(html).toContain('Bitte aktiviere JavaScript');
    expect(html).toContain('<script type="module" src="/app/assets/main-abc123.js">');
    // The strings are in the page: no request for them.
    expect(html).not.toContain('de-111aaa.js');
    expect(z.parse(flowInlineStringsSchema, JSON.parse(dataOf(html, 'resolve-strings')))).toEqual({
      language: 'de',
      strings: { flow: locales.de.flow },
    });
    expect(html).toContain(
      `<link rel="preload" as="fetch" crossorigin="anonymous" href="${api}/v1/shops/demo-shop/resolve/embed-config">`,
    );
    expect(html).not.toContain('abc</'); // the token never ends up in the page
    expect(z.parse(flowBootSchema, JSON.parse(dataOf(html, 'resolve-boot')))).toEqual({
      shopSlug: 'demo-shop',
      apiOrigin: api,
    });
    // Without a config source the app asks the API for it: nothing inline.
    expect(html).not.toContain('id="resolve-config"');
  });

  it("writes the shop's config into the page instead of preloading it, and speaks the shop's language", async () => {
    const config: EmbedConfig = {
      shop_slug: 'demo-shop',
      enabled: true,
      allowed_urls: [],
      default_language: 'fr',
      languages: ['fr', 'nl'],
      branding: { primary_color: '#123456', logo_url: 'https://cdn.example/</script><script>alert(1)</script>.png' },
    };
    const withConfig = flowHostRoutes({
      apiOrigin: api,
      assetsDir: builtFlow(),
      embedConfig: async (slug) => (slug === 'demo-shop' ? { kind: 'found', config } : { kind: 'not-found' }),
    });
    // The browser prefers German, which the shop does not offer: its default, French, as the app decides.
    const html = await (
      await withConfig.request('/resolve/demo-shop/finder', { headers: { 'Accept-Language': 'de-DE,de;q=0.9' } })
    ).text();
    expect(html).not.toContain('rel="preload"');
    expect(html).not.toContain('</script><script>alert(1)'); // a value cannot close the element
    expect(z.parse(flowInlineConfigSchema, JSON.parse(dataOf(html, 'resolve-config')))).toEqual({
      kind: 'found',
      config,
    });
    expect(html).toContain('<html lang="fr">');
    expect(JSON.parse(dataOf(html, 'resolve-strings')).language).toBe('fr');
    // The browser's language when the shop offers it; an unknown shop says so.
    const dutch = await (
      await withConfig.request('/resolve/demo-shop/finder', { headers: { 'Accept-Language': 'sv;q=0.9, nl;q=0.8' } })
    ).text();
    expect(dutch).toContain('<html lang="nl">');
    const unknown = await (await withConfig.request('/resolve/other-shop/finder')).text();
    expect(JSON.parse(dataOf(unknown, 'resolve-config'))).toEqual({ kind: 'not-found' });
  });

  it('compresses the page and the assets for browsers that take it, brotli first', async () => {
    const page = await app.request('/resolve/demo-shop/finder?lang=en', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(page.headers.get('content-encoding')).toBe('gzip');
    expect(page.headers.get('vary')).toContain('Accept-Encoding');
    expect(gunzipSync(Buffer.from(await page.arrayBuffer())).toString()).toContain('<html lang="en">');
    const asset = await app.request('/app/assets/main-abc123.js', {
      headers: { 'Accept-Encoding': 'gzip, deflate, br' },
    });
    expect(asset.headers.get('content-encoding')).toBe('br');
    const script = brotliDecompressSync(Buffer.from(await asset.arrayBuffer())).toString();
    expect(script).toBe(`console.log(${JSON.stringify('x'.repeat(4000))})`);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    // Refused encodings, and no Accept-Encoding at all: as is.
    const plain = await app.request('/app/assets/main-abc123.js', {
      headers: { 'Accept-Encoding': 'br;q=0, gzip;q=0' },
    });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(script);
    expect((await app.request('/app/assets/main-abc123.js')).headers.get('content-encoding')).toBeNull();
  });

  it('reads Accept-Language by preference, leaving refused languages out', () => {
    expect(acceptedLanguages('fr;q=0.5, de-AT, en;q=0.8, *;q=0.1, pl;q=0')).toEqual(['de-AT', 'en', 'fr']);
    expect(acceptedLanguages(undefined)).toEqual([]);
  });

  it('refuses malformed shop slugs and unknown languages fall back to English', async () => {
    expect((await app.request('/resolve/%3Cscript%3E/finder')).status).toBe(404);
    expect(await (await app.request('/resolve/demo-shop/finder?lang=%22%3E%3Cscript%3E')).text()).toContain(
      '<html lang="en">',
    );
  });

  it('redirects the flow root to the finder, keeping the deep link', async () => {
    const response = await app.request('/resolve/demo-shop?orderNumber=1001');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/resolve/demo-shop/finder?orderNumber=1001');
  });

  it('serves hashed assets immutable, and nothing outside the assets directory', async () => {
    const asset = await app.request('/app/assets/main-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    for (const path of [
      '/app/assets/..%2Fsecret.txt',
      '/app/assets/secret.txt',
      '/app/assets/.vite',
      '/app/assets/missing.js',
    ]) {
      expect((await app.request(path)).status, path).toBe(404);
    }
  });

  it('says plainly when the flow has not been built', async () => {
    const unbuilt = flowHostRoutes({ apiOrigin: api, assetsDir: mkdtempSync(join(tmpdir(), 'unbuilt-')) });
    const response = await unbuilt.request('/resolve/demo-shop/finder');
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm run build');
  });
});
