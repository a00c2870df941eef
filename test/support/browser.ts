import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

/**
 * Finds a Chromium to drive, on any machine: an explicit env var, then Playwright's own browser
 * when `npx playwright install` worked, then the distribution's Chromium. `scripts/ensure-browser.mjs`
 * installs Debian's when none is found and we are root.
 */
export function findChromium(): string {
  const candidates = [
    process.env.CHROMIUM_PATH,
    process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH,
    safePlaywrightPath(),
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ];
  const found = candidates.find((path): path is string => Boolean(path) && existsSync(path as string));
  if (!found) {
    throw new Error(
      'No Chromium found. Set CHROMIUM_PATH, run `npx playwright install chromium`, or install ' +
        "Debian's `chromium` (scripts/ensure-browser.mjs does this when run as root).",
    );
  }
  return found;
}

function safePlaywrightPath(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

/** Flags for a quiet, sandbox-free headless Chromium on a machine with a closed network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumLaunchOptions() {
  return { executablePath: findChromium(), args: CHROMIUM_ARGS };
}
