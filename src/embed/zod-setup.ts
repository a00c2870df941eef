/**
 * Must be evaluated before any schema parses. zod compiles object parsers with `new Function` unless
 * told not to; on a strict-CSP page that is blocked and, even though zod catches it, the browser
 * files a `securitypolicyviolation` report on the merchant's behalf. `jitless` also skips zod's
 * probe for eval support. `zod-global.js` is imported first so zod's settings object stays ours.
 */
import { releaseZodGlobal } from './zod-global.js';
import * as z from 'zod/mini';

z.config({ jitless: true });
releaseZodGlobal();
