import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Whether both browser builds the demo serves exist: the embed bundle and the Resolve flow. */
export const bundlesBuilt = () => existsSync('dist/bundle.min.js') && existsSync('dist/app/.vite/manifest.json');

/** Builds the embed bundle (dist/bundle.min.js) and the Resolve flow (dist/app); throws when a build fails. */
export function buildBundles(): void {
  for (const args of [['vite', 'build', '--logLevel', 'warn'], ['vite', 'build', '-c', 'vite.app.config.ts', '--logLevel', 'warn']]) {
    const build = spawnSync('npx', args, { stdio: 'inherit' });
    if (build.status !== 0) throw new Error(`${args.join(' ')} failed`);
  }
}
