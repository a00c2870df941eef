/**
 * Before any schema parses: zod compiles parsers with `new Function` unless told not to, which the
 * portal's Content-Security-Policy (no 'unsafe-eval') forbids.
 */
import * as z from 'zod/mini';

z.config({ jitless: true });
