/**
 * Entry of the merchant's `<script async src=".../bundle.min.js" data-shop-slug="my-shop">`, the
 * bundle's first file: everything up to the painted tile, and nothing else (no Preact, no zod; the
 * overlay comes from the second file, see lazy-module.ts). It exports nothing, so the IIFE declares
 * no global of its own. The start mark comes before any other module runs, then the config request
 * (early-start.ts), then the rest.
 */
import './start-mark.js';
import { EARLY } from './early-start.js';
import { boot } from './boot.js';
import { guard } from './safe.js';

if (typeof window !== 'undefined' && typeof document !== 'undefined') guard(boot)(window, EARLY);
