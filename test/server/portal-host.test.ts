import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { portalBootSchema } from '../../src/core/portal-boot.js';
import { portalHostRoutes } from '../../src/server/portal-host.js';

/** A built portal in a temporary directory: the manifest and assets as `vite build` writes them. */
function builtPortal(): string {
  const dir = mkdtempSync(join(tmpdir(), 'portal-host-'));
  mkdirSync(join(dir, '.vite'), { recursive: true });
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, '.vite/manifest.json'),
    JSON.stringify({
      'src/portal/main.tsx': { file: 'assets/main-abc123.js', css: ['assets/main-def456.css'], isEntry: true },
    }),
  );
  writeFileSync(join(dir, 'assets/main-abc123.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'nope');
  return dir;
}

describe('the merchant portal host', () => {
  const api = 'https://api.example.com';
  const app = portalHostRoutes({ apiOrigin: api, appOrigin: 'https://app.example.com', assetsDir: builtPortal() });

  it('answers every page path with the shell: boot data as inert JSON, a strict CSP, never framed', async () => {
    for (const path of ['/portal', '/portal/', '/portal/sign-in', '/portal/shops/demo-shop/integrations/gorgias']) {
      const response = await app.request(path);
      expect(response.status, path).toBe(200);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe');
      expect(response.headers.get('cache-control')).toBe('no-store');
      const html = await response.text();
      expect(html).toContain('<script type="module" src="/portal/assets/main-abc123.js">');
      expect(html).toContain('<link rel="stylesheet" href="/portal/assets/main-def456.css">');
      expect(html).not.toMatch(/<script>/); // no inline script
      const boot = /<script type="application\/json" id="portal-boot">(.*?)<\/script>/.exec(html)?.[1];
      expect(z.parse(portalBootSchema, JSON.parse(boot ?? ''))).toEqual({
        apiOrigin: api,
        appOrigin: 'https://app.example.com',
      });
    }
  });

  it('speaks German in the shell to a German browser', async () => {
    const html = await (
      await app.request('/portal/sign-in', { headers: { 'Accept-Language': 'de-DE,de;q=0.9' } })
    ).text();
    expect(html).toContain('<html lang="de">');
    expect(html).toContain('<title>Händlerportal</title>');
  });

  it('serves hashed assets immutable and nothing else from the build directory', async () => {
    const asset = await app.request('/portal/assets/main-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await app.request('/portal/assets/..%2Fsecret.txt')).status).toBe(404);
    expect((await app.request('/portal/assets/missing.js')).status).toBe(404);
  });

  it('leaves paths that are not page paths to the routes mounted next to it', async () => {
    expect((await app.request('/portal/%3Cscript%3E')).status).toBe(404);
  });

  it('says how to build when the portal is not built', async () => {
    const bare = portalHostRoutes({
      apiOrigin: api,
      appOrigin: api,
      assetsDir: mkdtempSync(join(tmpdir(), 'portal-empty-')),
    });
    expect((await bare.request('/portal/')).status).toBe(503);
  });
});
