#!/usr/bin/env node
// Makes sure a Chromium exists for the E2E tests and benchmarks, in the same order
// test/support/browser.ts looks: CHROMIUM_PATH / PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH, Playwright's
// own download, the distribution's Chromium. When none is found and we are root on Debian/Ubuntu,
// installs Debian's `chromium` with apt (Playwright's own download needs internet access).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

async function playwrightBrowser() {
  try {
    const { chromium } = await import('playwright-core');
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

const SYSTEM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export async function findBrowser() {
  const candidates = [
    process.env.CHROMIUM_PATH,
    process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH,
    await playwrightBrowser(),
    ...SYSTEM,
  ];
  return candidates.find((path) => path && existsSync(path));
}

export async function ensureBrowser() {
  const found = await findBrowser();
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log("No Chromium found: installing Debian's chromium with apt-get…");
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    for (const args of [
      ['update', '-qq'],
      ['install', '-y', '-qq', 'chromium'],
    ]) {
      const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
      if (result.status !== 0) break;
    }
    const installed = await findBrowser();
    if (installed) return installed;
  }
  throw new Error(
    'No Chromium found. Set CHROMIUM_PATH to a Chromium/Chrome binary, run `npx playwright install chromium`, ' +
      "or install your distribution's chromium package.",
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  ensureBrowser()
    .then((path) => console.log(`Chromium: ${path}`))
    .catch((error) => {
      console.error(error.message);
      process.exit(1);
    });
}
