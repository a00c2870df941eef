/**
 * Entry of the merchant's `<script async src=".../bundle.min.js" data-shop-slug="my-shop">`.
 * It exports nothing, so the IIFE declares no global of its own. Order matters: the start mark and
 * zod's jitless mode come before any other module runs.
 */
import './start-mark.js';
import './zod-setup.js';
import { boot } from './boot.js';
import { guard } from './safe.js';

if (typeof window !== 'undefined' && typeof document !== 'undefined') guard(boot)(window);
