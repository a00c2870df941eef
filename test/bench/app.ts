import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { APP_BUDGET_GZIP_BYTES, appSizes } from '../../scripts/bundle-size.mjs';
import { startDemoStack } from '../../demo/stack.js';
import { chromiumLaunchOptions } from '../support/browser.js';
import { median } from './stats.js';

const RUNS = 7;
/** A mid-range phone: 4× slower CPU than this machine, on a "fast 3G / slow 4G" link. */
const PHONE = { cpuSlowdown: 4, latencyMs: 150, downKbps: 1600, upKbps: 750 };

/**
 * The Resolve flow on a phone: what it downloads first (entry, stylesheet, one language) and how
 * long from navigation until the finder's first field takes input, cold cache, with Chromium
 * emulating a slower CPU and network. Median and worst of RUNS.
 */
export async function benchApp(): Promise<Record<string, number | string>> {
  if (!existsSync('dist/app/.vite/manifest.json')) {
    const build = spawnSync('npx', ['vite', 'build', '-c', 'vite.app.config.ts', '--logLevel', 'warn'], {
      stdio: 'inherit',
    });
    if (build.status !== 0) throw new Error('vite build -c vite.app.config.ts failed');
  }
  const sizes = appSizes();
  const stack = await startDemoStack({ log: () => {} });
  const browser = await chromium.launch(chromiumLaunchOptions());
  const throttled: number[] = [];
  const unthrottled: number[] = [];
  try {
    const url = `${stack.app.origin}/resolve/${stack.shopSlug}/finder?lang=en`;
    for (let run = 0; run < RUNS; run++) {
      for (const [throttle, into] of [
        [true, throttled],
        [false, unthrottled],
      ] as const) {
        const context = await browser.newContext({
          viewport: { width: 390, height: 844 },
          isMobile: true,
          hasTouch: true,
        });
        const page = await context.newPage();
        if (throttle) {
          const cdp = await context.newCDPSession(page);
          await cdp.send('Emulation.setCPUThrottlingRate', { rate: PHONE.cpuSlowdown });
          await cdp.send('Network.enable');
          await cdp.send('Network.emulateNetworkConditions', {
            offline: false,
            latency: PHONE.latencyMs,
            downloadThroughput: (PHONE.downKbps * 1024) / 8,
            uploadThroughput: (PHONE.upKbps * 1024) / 8,
          });
        }
        await page.goto(url, { waitUntil: 'commit' });
        await page.locator('#order-number').waitFor({ state: 'visible', timeout: 60_000 });
        into.push(await page.evaluate(() => performance.now()));
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await stack.close();
  }
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  return {
    'first load files': sizes.files.join(', '),
    'first load raw': kb(sizes.raw),
    'first load gzip': `${kb(sizes.gzip)} (budget ${kb(APP_BUDGET_GZIP_BYTES)})`,
    'first load brotli': kb(sizes.brotli),
    'finder interactive, this machine, median ms': median(unthrottled),
    'finder interactive, this machine, worst ms': Math.max(...unthrottled),
    [`finder interactive, phone (CPU ×${PHONE.cpuSlowdown}, ${PHONE.latencyMs} ms RTT, ${PHONE.downKbps} kbit/s), median ms`]:
      median(throttled),
    'finder interactive, phone, worst ms': Math.max(...throttled),
  };
}
