import { chromium } from 'playwright-core';
import type * as ClientModule from '../../src/client/index.js';
import { startDemoStack } from '../../demo/stack.js';
import { startClientHarness } from '../e2e/harness/server.js';
import { chromiumLaunchOptions } from '../support/browser.js';

const PHOTOS = 5;
/** A weak mobile uplink, where downscaling matters most; `BENCH_UPLINK_MBIT=8` for a faster run. */
const UPLINK_MBIT = Number(process.env.BENCH_UPLINK_MBIT ?? 1.5);
const LATENCY_MS = 40;

/**
 * Five phone-size photos (4032×3024 JPEG with EXIF) uploaded through the claim-submission client
 * over an emulated mobile uplink, once as they are and once downscaled in the browser: bytes sent,
 * time taken, and the ratios.
 */
export async function benchClient(): Promise<Record<string, number | string>> {
  const stack = await startDemoStack({ log: () => {} });
  const harness = await startClientHarness();
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage();
    await page.goto(harness.origin);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: LATENCY_MS,
      downloadThroughput: 20e6 / 8,
      uploadThroughput: (UPLINK_MBIT * 1e6) / 8,
    });
    const run = (original: boolean) =>
      page.evaluate(
        async ({ api, slug, original, count }) => {
          type Harness = typeof ClientModule & {
            makeTestPhoto(w: number, h: number, o?: { gps?: boolean }): Promise<File>;
          };
          const harness = (window as unknown as { ResolveClientHarness: Harness }).ResolveClientHarness;
          const client = harness.createResolveClient({ shopSlug: slug, apiOrigin: api, language: 'en' });
          const session = await client.lookup({ orderNumber: '1001', zipCode: '10119' });
          const photos = await Promise.all(
            Array.from({ length: count }, () => harness.makeTestPhoto(4032, 3024, { gps: true })),
          );
          // Encoding alone, for the record (the timed run below encodes again, inside the upload queue).
          const encodeStarted = performance.now();
          if (!original) await Promise.all(photos.map((photo) => harness.prepareImage(photo)));
          const encodeMs = performance.now() - encodeStarted;
          const started = performance.now();
          const uploads = await Promise.all(photos.map((photo) => session.upload(photo, { original })));
          return {
            ms: performance.now() - started,
            encodeMs,
            bytes: uploads.reduce((sum, u) => sum + u.size, 0),
            originalBytes: photos.reduce((s, p) => s + p.size, 0),
          };
        },
        { api: stack.api.origin, slug: stack.shopSlug, original, count: PHOTOS },
      );
    // Five ~5.6 MB originals over 1.5 Mbit/s take about 2.5 minutes: the price of showing the gap.
    const asIs = await run(true);
    const downscaled = await run(false);
    return {
      [`photos (4032×3024 JPEG), uplink ${UPLINK_MBIT} Mbit/s, ${LATENCY_MS} ms latency`]: PHOTOS,
      'without downscaling: bytes uploaded': asIs.bytes,
      'without downscaling: time (ms)': asIs.ms,
      'with downscaling: bytes uploaded': downscaled.bytes,
      'with downscaling: time (ms, including encoding)': downscaled.ms,
      'downscaling alone, 5 photos (ms)': downscaled.encodeMs,
      'bytes ratio (without / with)': asIs.bytes / downscaled.bytes,
      'time ratio (without / with)': asIs.ms / downscaled.ms,
    };
  } finally {
    await browser.close();
    await harness.close();
    await stack.close();
  }
}
