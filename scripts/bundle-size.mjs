#!/usr/bin/env node
// Prints the sizes of what browsers download and fails when one is over its gzip budget:
// - the embed bundle (ARCHITECTURE.md: 35 KB, aim 30), on every merchant page;
// - the Resolve flow's first load: entry script + stylesheet + one language's strings;
// - the merchant portal's first load, counted the same way (merchants on phones and slow office Wi-Fi).
// Run by `npm run build`, so CI fails the moment either grows past its budget.
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export const BUDGET_GZIP_BYTES = 35 * 1024;
export const AIM_GZIP_BYTES = 30 * 1024;
/** The flow's first load on a phone (entry JS + CSS + one locale), gzip. */
export const APP_BUDGET_GZIP_BYTES = 75 * 1024;
/** The merchant portal's first load (entry JS + CSS + one portal locale), gzip. */
export const PORTAL_BUDGET_GZIP_BYTES = 80 * 1024;

function sizesOf(buffers) {
  const raw = Buffer.concat(buffers);
  return {
    raw: raw.length,
    // Compressed one by one, as the browser receives them.
    gzip: buffers.reduce((sum, b) => sum + gzipSync(b, { level: 9 }).length, 0),
    brotli: buffers.reduce((sum, b) => sum + brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length, 0),
  };
}

export function bundleSizes(path = 'dist/bundle.min.js') {
  return sizesOf([readFileSync(path)]);
}

/** The Resolve flow's first load, from the Vite manifest: entry, its CSS, and the English strings. */
export function appSizes(dir = 'dist/app', language = 'en') {
  const manifest = JSON.parse(readFileSync(`${dir}/.vite/manifest.json`, 'utf8'));
  const entry = manifest['src/app/main.tsx'];
  const files = [entry.file, ...(entry.css ?? []), manifest[`locales/${language}.json`].file];
  return { files, ...sizesOf(files.map((file) => readFileSync(`${dir}/${file}`))) };
}

/** The merchant portal's first load, from its Vite manifest: entry, its CSS, and the English strings. */
export function portalSizes(dir = 'dist/portal', language = 'en') {
  const manifest = JSON.parse(readFileSync(`${dir}/.vite/manifest.json`, 'utf8'));
  const entry = manifest['src/portal/main.tsx'];
  const files = [entry.file, ...(entry.css ?? []), manifest[`locales/portal/${language}.json`].file];
  return { files, ...sizesOf(files.map((file) => readFileSync(`${dir}/${file}`))) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;
  const embed = bundleSizes();
  console.log(`dist/bundle.min.js  raw ${kb(embed.raw)}  gzip ${kb(embed.gzip)}  brotli ${kb(embed.brotli)}  (budget ${kb(BUDGET_GZIP_BYTES)} gzip, aim ${kb(AIM_GZIP_BYTES)})`);
  const app = appSizes();
  console.log(`dist/app first load (${app.files.length} files)  raw ${kb(app.raw)}  gzip ${kb(app.gzip)}  brotli ${kb(app.brotli)}  (budget ${kb(APP_BUDGET_GZIP_BYTES)} gzip)`);
  const portal = portalSizes();
  console.log(`dist/portal first load (${portal.files.length} files)  raw ${kb(portal.raw)}  gzip ${kb(portal.gzip)}  brotli ${kb(portal.brotli)}  (budget ${kb(PORTAL_BUDGET_GZIP_BYTES)} gzip)`);
  let failed = false;
  if (embed.gzip > BUDGET_GZIP_BYTES) {
    console.error(`Embed bundle over budget: ${kb(embed.gzip)} gzip > ${kb(BUDGET_GZIP_BYTES)}.`);
    failed = true;
  }
  if (app.gzip > APP_BUDGET_GZIP_BYTES) {
    console.error(`Resolve flow first load over budget: ${kb(app.gzip)} gzip > ${kb(APP_BUDGET_GZIP_BYTES)}.`);
    failed = true;
  }
  if (portal.gzip > PORTAL_BUDGET_GZIP_BYTES) {
    console.error(`Merchant portal first load over budget: ${kb(portal.gzip)} gzip > ${kb(PORTAL_BUDGET_GZIP_BYTES)}.`);
    failed = true;
  }
  if (failed) process.exit(1);
}
