/**
 * zod keeps its settings on `globalThis.__zod_globalConfig`, created when its core module is
 * evaluated. On a merchant's page that would be a second global (we promise only
 * `window.KarlaResolve`), and a page that runs zod itself would share settings with us. So, before
 * zod loads, the page's own object (if any) is put aside; zod then creates a fresh one that only
 * our copy holds; `releaseZodGlobal()` (after `z.config`) removes ours from `globalThis` and gives
 * the page its own back. Our zod keeps its reference to its private object.
 */
const KEY = '__zod_globalConfig';
type GlobalWithZod = typeof globalThis & { [KEY]?: unknown };

const scope = globalThis as GlobalWithZod;
const hadPageConfig = Object.prototype.hasOwnProperty.call(scope, KEY);
const pageConfig = scope[KEY];
if (hadPageConfig) delete scope[KEY];

export function releaseZodGlobal(): void {
  delete scope[KEY];
  if (hadPageConfig) scope[KEY] = pageConfig;
}
