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
const bytesPerSecond = (kbps: number) => (kbps * 1000) / 8;

/**
 * Runs in the page before its own scripts (a string: the page gets it as written). Ready means: the
 * finder's order-number field is in the page, visible, enabled and editable, the frame showing it
 * was produced, and the main thread took the next task (so a tap or a key would be handled now).
 * Timed in the page from navigation start (`performance.now()`) and handed to the bench through a
 * binding (the page's CSP forbids the bench evaluating strings there), so the bench's own round
 * trips to the browser never count.
 */
const MARK_FINDER_READY = `(() => {
  const isReady = (field) =>
    field instanceof HTMLInputElement && !field.disabled && !field.readOnly && field.getClientRects().length > 0;
  const observer = new MutationObserver(() => {
    if (!isReady(document.getElementById('order-number'))) return;
    observer.disconnect();
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => window.__finderReady(performance.now());
      channel.port2.postMessage(null);
    });
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true });
})();`;

/**
 * The Resolve flow on a phone: what it downloads first (entry, stylesheet, one language) and how
 * long from navigation until the finder is ready for input, cold cache (a new context each run),
 * with Chromium emulating a slower CPU and network over CDP (set before navigating). Median and
 * best–worst of RUNS, phone and unthrottled runs interleaved so load on the machine hits both.
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
            downloadThroughput: bytesPerSecond(PHONE.downKbps),
            uploadThroughput: bytesPerSecond(PHONE.upKbps),
          });
        }
        let reportReady: (ms: number) => void = () => {};
        const ready = new Promise<number>((resolve, reject) => {
          reportReady = resolve;
          setTimeout(() => reject(new Error('the finder was not ready within 60 s')), 60_000).unref();
        });
        await page.exposeFunction('__finderReady', (ms: number) => reportReady(ms));
        await page.addInitScript(MARK_FINDER_READY);
        await page.goto(url, { waitUntil: 'commit' });
        into.push(await ready);
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await stack.close();
  }
  const spread = (values: number[]) => `${Math.round(Math.min(...values))}–${Math.round(Math.max(...values))}`;
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  return {
    'first load files': sizes.files.join(', '),
    'first load raw': kb(sizes.raw),
    'first load gzip': `${kb(sizes.gzip)} (budget ${kb(APP_BUDGET_GZIP_BYTES)})`,
    'first load brotli': kb(sizes.brotli),
    [`finder ready, this machine, median ms (of ${RUNS})`]: median(unthrottled),
    'finder ready, this machine, best–worst ms': spread(unthrottled),
    [`finder ready, phone (CPU ×${PHONE.cpuSlowdown}, ${PHONE.latencyMs} ms RTT, ${PHONE.downKbps} kbit/s), median ms (of ${RUNS})`]:
      median(throttled),
    'finder ready, phone, best–worst ms': spread(throttled),
  };
}
