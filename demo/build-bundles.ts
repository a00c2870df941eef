import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Whether the browser builds the demo serves exist: the embed bundle's two files, the Resolve flow and the merchant portal. */
export const bundlesBuilt = () =>
  existsSync('dist/bundle.min.js') &&
  existsSync('dist/bundle.lazy.min.js') &&
  existsSync('dist/app/.vite/manifest.json') &&
  existsSync('dist/portal/.vite/manifest.json');

/**
 * Builds the embed bundle's two files (dist/bundle.min.js, dist/bundle.lazy.min.js), the Resolve
 * flow (dist/app) and the merchant portal (dist/portal); throws when a build fails.
 */
export function buildBundles(): void {
  const builds = [
    ['vite', 'build', '--logLevel', 'warn'],
    ['vite', 'build', '-c', 'vite.lazy.config.ts', '--logLevel', 'warn'],
    ['vite', 'build', '-c', 'vite.app.config.ts', '--logLevel', 'warn'],
    ['vite', 'build', '-c', 'vite.portal.config.ts', '--logLevel', 'warn'],
  ];
  for (const args of builds) {
    const build = spawnSync('npx', args, { stdio: 'inherit' });
    if (build.status !== 0) throw new Error(`${args.join(' ')} failed`);
  }
}
