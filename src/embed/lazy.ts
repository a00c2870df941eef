/**
 * Entry of `bundle.lazy.min.js`, the part of the script-tag bundle loaded on demand (see
 * lazy-module.ts). zod's jitless mode comes first, before any schema can parse.
 */
import './zod-setup.js';

export { openOverlay } from './overlay.js';
