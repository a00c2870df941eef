import { readFile } from 'node:fs/promises';
import type { Hono } from 'hono';
import { compressBest, pickEncoding, worthCompressing, type ContentEncoding } from './compression.js';

/**
 * Serving a Vite build (the Resolve flow's `dist/app`, the portal's `dist/portal`) from the
 * reference server: its manifest, read once, and its hashed asset files.
 */
export interface ManifestEntry {
  file: string;
  css?: string[];
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}
export type Manifest = Record<string, ManifestEntry>;

const ASSET_NAME = /^[A-Za-z0-9_.-]+$/;
const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  map: 'application/json; charset=utf-8',
};

/** The build's manifest, read on first use; a missing one is read again next time (built later). */
export function manifestLoader(assetsDir: string): () => Promise<Manifest> {
  let manifest: Promise<Manifest> | undefined;
  return () =>
    (manifest ??= readFile(`${assetsDir}/.vite/manifest.json`, 'utf8')
      .then((text) => JSON.parse(text) as Manifest)
      .catch((error: unknown) => {
        manifest = undefined;
        throw error;
      }));
}

/**
 * `GET {prefix}/assets/:file`: a hashed file of the build, cacheable for a year (a new build has
 * new names), brotli or gzip when the browser takes it. Only plain file names of the build's own
 * types; anything else is a 404. A file is compressed once, at its best level, and kept: the
 * build's files never change under their names.
 */
export function serveHashedAssets(
  app: Hono,
  prefix: string,
  assetsDir: string,
  extraHeaders: Record<string, string> = {},
): void {
  const encoded = new Map<string, Promise<Uint8Array<ArrayBuffer>>>();
  const read = (file: string, encoding: ContentEncoding | undefined): Promise<Uint8Array<ArrayBuffer>> => {
    const key = `${encoding ?? 'identity'}:${file}`;
    let body = encoded.get(key);
    if (!body) {
      body = readFile(`${assetsDir}/assets/${file}`).then((content) => {
        const raw = new Uint8Array(content);
        return encoding ? compressBest(raw, encoding) : raw;
      });
      // A file missing now may be built later: only what was read stays.
      body.catch(() => encoded.delete(key));
      encoded.set(key, body);
    }
    return body;
  };

  app.get(`${prefix}/assets/:file`, async (c) => {
    const file = c.req.param('file');
    const type = TYPES[file.split('.').pop() ?? ''];
    if (!ASSET_NAME.test(file) || file.startsWith('.') || !type) return c.text('Not found', 404);
    let raw: Uint8Array<ArrayBuffer>;
    try {
      raw = await read(file, undefined);
    } catch {
      return c.text('Not found', 404);
    }
    const encoding = worthCompressing(type, raw.length) ? pickEncoding(c.req.header('accept-encoding')) : undefined;
    const body = encoding ? await read(file, encoding) : raw;
    return c.body(body, 200, {
      'Content-Type': type,
      'Cache-Control': 'public, max-age=31536000, immutable',
      'X-Content-Type-Options': 'nosniff',
      Vary: 'Accept-Encoding',
      ...(encoding ? { 'Content-Encoding': encoding } : {}),
      ...extraHeaders,
    });
  });
}
