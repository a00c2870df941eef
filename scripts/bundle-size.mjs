#!/usr/bin/env node
// Prints the embed bundle's raw, gzip and brotli sizes and fails when gzip exceeds the budget
// (ARCHITECTURE.md: 35 KB, aim 30). Run by `npm run build`, so CI fails the moment it grows past.
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export const BUDGET_GZIP_BYTES = 35 * 1024;
export const AIM_GZIP_BYTES = 30 * 1024;

export function bundleSizes(path = 'dist/bundle.min.js') {
  const raw = readFileSync(path);
  return {
    raw: raw.length,
    gzip: gzipSync(raw, { level: 9 }).length,
    brotli: brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = bundleSizes();
  const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;
  console.log(`dist/bundle.min.js  raw ${kb(sizes.raw)}  gzip ${kb(sizes.gzip)}  brotli ${kb(sizes.brotli)}  (budget ${kb(BUDGET_GZIP_BYTES)} gzip, aim ${kb(AIM_GZIP_BYTES)})`);
  if (sizes.gzip > BUDGET_GZIP_BYTES) {
    console.error(`Bundle over budget: ${kb(sizes.gzip)} gzip > ${kb(BUDGET_GZIP_BYTES)}.`);
    process.exit(1);
  }
}
