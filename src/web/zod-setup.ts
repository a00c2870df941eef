/**
 * Import first, before any schema parses: zod compiles parsers with `new Function` unless told not
 * to, which the Content-Security-Policy of the pages we host (no 'unsafe-eval') forbids and
 * reports. (The embed has its own, `src/embed/zod-setup.ts`: on a merchant's page it must also keep
 * zod's settings object off `globalThis`.)
 */
import * as z from 'zod/mini';

z.config({ jitless: true });
