import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { flowBootSchema } from '../../src/core/flow-boot.js';
import { flowHostRoutes } from '../../src/server/flow-host.js';

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
  writeFileSync(join(dir, 'assets/main-abc123.js'), 'console.log(1)');
  writeFileSync(join(dir, 'assets/main-def456.css'), 'body{}');
  writeFileSync(join(dir, 'secret.txt'), 'nope');
  return dir;
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
    expect(html).toContain('<link rel="modulepreload" href="/app/assets/de-111aaa.js">');
    expect(html).toContain(
      `<link rel="preload" as="fetch" crossorigin="anonymous" href="${api}/v1/shops/demo-shop/resolve/embed-config">`,
    );
    expect(html).not.toContain('abc</'); // the token never ends up in the page
    const boot = /<script type="application\/json" id="resolve-boot">(.*?)<\/script>/.exec(html)?.[1];
    expect(z.parse(flowBootSchema, JSON.parse(boot ?? ''))).toEqual({ shopSlug: 'demo-shop', apiOrigin: api });
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
