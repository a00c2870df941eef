#!/usr/bin/env node
// Prints the sizes of what browsers download and fails when one is over its gzip budget
// (ARCHITECTURE.md, "Budgets"):
// - the embed's first file, bundle.min.js, on every merchant page: it paints the tile;
// - the embed's second file, bundle.lazy.min.js, loaded only when a visitor opens the overlay;
// - the ESM entry points for bundlers, `resolve-embed/embed` and `resolve-embed/client`: what a
//   merchant's bundle grows by when it imports one (dependencies included, minified), like a
//   size-limit setup measures it; their lazily imported chunks are reported, not budgeted;
// - the Resolve flow's first load: entry script + stylesheet + one language's strings;
// - the merchant portal's first load, counted the same way (merchants on phones and slow office Wi-Fi).
// Run by `npm run build`, so CI fails the moment one grows past its budget.
import { existsSync, readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const KB = 1024;
/** The embed's lazily loaded part, next to bundle.min.js. */
export const LAZY_FILE = 'bundle.lazy.min.js';
/** bundle.min.js, gzip. */
export const BUDGET_GZIP_BYTES = 10 * KB;
/** bundle.lazy.min.js (overlay, Preact, zod), gzip. */
export const LAZY_BUDGET_GZIP_BYTES = 20 * KB;
/** `import … from 'resolve-embed/embed'` / `'resolve-embed/client'`, static part with dependencies, gzip. */
export const ESM_BUDGETS_GZIP_BYTES = { embed: 34 * KB, client: 25 * KB };
/** The flow's first load on a phone (entry JS + CSS + one locale), gzip. */
export const APP_BUDGET_GZIP_BYTES = 40 * KB;
/** The merchant portal's first load (entry JS + CSS + one portal locale), gzip. */
export const PORTAL_BUDGET_GZIP_BYTES = 80 * KB;

function sizesOf(buffers) {
  const raw = Buffer.concat(buffers);
  return {
    raw: raw.length,
    // Compressed one by one, as the browser receives them.
    gzip: buffers.reduce((sum, b) => sum + gzipSync(b, { level: 9 }).length, 0),
    brotli: buffers.reduce(
      (sum, b) => sum + brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
      0,
    ),
  };
}

export function bundleSizes(path = 'dist/bundle.min.js') {
  return sizesOf([readFileSync(path)]);
}

/** The embed's first file and the part it loads lazily. */
export function embedSizes(dir = 'dist') {
  const lazy = `${dir}/${LAZY_FILE}`;
  return { first: bundleSizes(`${dir}/bundle.min.js`), lazy: existsSync(lazy) ? bundleSizes(lazy) : undefined };
}

/**
 * What importing `dist/esm/{entry}.js` costs a merchant's bundle: bundled with its dependencies
 * (zod, Preact, idb-keyval) and minified, split into what loads with the import (the entry and
 * its static chunks) and the largest chunk it imports lazily (the overlay, a language).
 */
export async function esmSizes(entry, dir = 'dist/esm') {
  const { build } = await import('vite');
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: { write: false, minify: true, target: 'es2020', lib: { entry: `${dir}/${entry}.js`, formats: ['es'] } },
  });
  const chunks = (Array.isArray(result) ? result[0] : result).output.filter((item) => item.type === 'chunk');
  const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
  const staticFiles = new Set();
  const visit = (chunk) => {
    if (staticFiles.has(chunk.fileName)) return;
    staticFiles.add(chunk.fileName);
    for (const name of chunk.imports) visit(byName.get(name));
  };
  visit(chunks.find((chunk) => chunk.isEntry));
  const code = (chunk) => Buffer.from(chunk.code);
  const lazy = chunks
    .filter((chunk) => !staticFiles.has(chunk.fileName))
    .map((chunk) => ({ file: chunk.fileName, ...sizesOf([code(chunk)]) }));
  return {
    static: sizesOf([...staticFiles].map((name) => code(byName.get(name)))),
    largestLazy: lazy.sort((a, b) => b.gzip - a.gzip)[0],
  };
}

/**
 * What a Vite page loads before it runs, from its manifest: the entry and every chunk it imports
 * statically (shared chunks load before it runs), their CSS, and the strings of one language.
 */
function firstLoad(dir, entryKey, localeKey) {
  const manifest = JSON.parse(readFileSync(`${dir}/.vite/manifest.json`, 'utf8'));
  const chunks = new Set();
  const visit = (key) => {
    if (chunks.has(key)) return;
    chunks.add(key);
    for (const next of manifest[key].imports ?? []) visit(next);
  };
  visit(entryKey);
  const scripts = [...chunks].map((key) => manifest[key]);
  const files = [
    ...scripts.map((chunk) => chunk.file),
    ...scripts.flatMap((chunk) => chunk.css ?? []),
    manifest[localeKey].file,
  ];
  return { files, ...sizesOf(files.map((file) => readFileSync(`${dir}/${file}`))) };
}

/** The Resolve flow's first load: entry, its static imports, their CSS, and the English strings. */
export function appSizes(dir = 'dist/app', language = 'en') {
  return firstLoad(dir, 'src/app/main.tsx', `locales/${language}.json`);
}

/** The merchant portal's first load, counted like the flow's: entry, its static imports, their CSS, the strings. */
export function portalSizes(dir = 'dist/portal', language = 'en') {
  return firstLoad(dir, 'src/portal/main.tsx', `locales/portal/${language}.json`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const kb = (bytes) => `${(bytes / KB).toFixed(2)} KB`;
  const line = (name, sizes, budget) =>
    `${name.padEnd(50)} raw ${kb(sizes.raw).padStart(9)}  gzip ${kb(sizes.gzip).padStart(9)}  brotli ${kb(sizes.brotli).padStart(9)}${budget ? `  (budget ${kb(budget)} gzip)` : ''}`;
  const over = [];
  const check = (name, sizes, budget) => {
    console.log(line(name, sizes, budget));
    if (sizes.gzip > budget) over.push(`${name}: ${kb(sizes.gzip)} gzip > ${kb(budget)}`);
  };

  const embed = embedSizes();
  check('dist/bundle.min.js (first file)', embed.first, BUDGET_GZIP_BYTES);
  if (embed.lazy) check(`dist/${LAZY_FILE} (second file, on demand)`, embed.lazy, LAZY_BUDGET_GZIP_BYTES);
  else over.push(`dist/${LAZY_FILE} is missing (vite build -c vite.lazy.config.ts)`);
  for (const [entry, budget] of Object.entries(ESM_BUDGETS_GZIP_BYTES)) {
    const sizes = await esmSizes(entry);
    check(`resolve-embed/${entry} (import, with dependencies)`, sizes.static, budget);
    if (sizes.largestLazy)
      console.log(
        line(`  largest lazy chunk (${sizes.largestLazy.file.replace(/-[\w-]+\.js$/, '')})`, sizes.largestLazy),
      );
  }
  const app = appSizes();
  check(`dist/app first load (${app.files.length} files)`, app, APP_BUDGET_GZIP_BYTES);
  const portal = portalSizes();
  check(`dist/portal first load (${portal.files.length} files)`, portal, PORTAL_BUDGET_GZIP_BYTES);
  if (over.length) {
    for (const message of over) console.error(`Over budget: ${message}`);
    process.exit(1);
  }
}
