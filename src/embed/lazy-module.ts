import { VERSION } from './public-api.js';

/**
 * The bundle's second file: what only some visitors need (the overlay, Preact, zod and the message
 * schema) lives in `bundle.lazy.min.js`, an ES module next to `bundle.min.js`, imported the first
 * time it is needed. Its URL comes from the script's own `src`, so a merchant's single snippet keeps
 * working on every host (production, staging, self-hosted); the version in the query string keeps a
 * cached first file and a newer second file from ever being mixed.
 */
export const LAZY_FILE = 'bundle.lazy.min.js';

/** `src` is the `<script>` element's resolved URL; without one (injected code), the app origin's `/embed/`. */
export function lazyModuleUrl(src: string | undefined, appOrigin: string): string {
  const file = `${LAZY_FILE}?v=${encodeURIComponent(VERSION)}`;
  try {
    if (src) return new URL(file, src).href;
  } catch {
    // An unparsable src: fall through to the app origin.
  }
  return `${appOrigin}/embed/${file}`;
}

/** Imports `url` once; a failed import (offline, blocked) is tried again on the next call. */
export function moduleLoader<T>(url: string): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= (import(/* @vite-ignore */ url) as Promise<T>).catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
