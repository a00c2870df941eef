import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { chromium, type Browser, type Page } from 'playwright-core';
import { embedSizes } from '../../scripts/bundle-size.mjs';
import { bundlesBuilt } from '../../demo/build-bundles.js';
import { chromiumLaunchOptions } from '../support/browser.js';
import { median, quantile } from './stats.js';

/** Samples per variant and condition (`BENCH_EMBED_RUNS`); 31 keeps the median steady on a busy 2-core machine. */
const RUNS = Number(process.env.BENCH_EMBED_RUNS ?? 31);
/**
 * `BENCH_CPU_THROTTLE=4`: Chromium's CPU throttling (DevTools' "4× slowdown", over CDP) for both
 * variants, which multiplies what the main thread does (compile, evaluate, style, layout) while the
 * loopback network stays as fast: what the tile costs beyond the floor stands out of the noise.
 */
const CPU_THROTTLE = Number(process.env.BENCH_CPU_THROTTLE ?? 1);
const LATENCIES_MS = [0, 100] as const;
const FLOOR_TILE = readFileSync(new URL('./floor-tile.js', import.meta.url));

type Variant = 'tile' | 'floor';
type Cache = 'cold' | 'warm';
type Condition = `${Cache}, ${(typeof LATENCIES_MS)[number]} ms`;

/**
 * The embed bundle against the floor (test/bench/floor-tile.js: read the attributes, fetch the
 * config, render one link in a shadow root), side by side in one run: the time from page start
 * (navigation) to the first painted frame with a tile, in four conditions — a cold browser (empty
 * HTTP cache and storage) or a warm one (the same page loaded before), with the config answering
 * at once or after 100 ms.
 *
 * Built to be read on a busy machine: one unrecorded warm-up round; then every run measures the
 * floor and the tile back to back, in alternating order, so both see the same machine load; per
 * condition it reports medians with their interquartile range, the ratio of the medians and the
 * median of the per-run ratios (tile / floor of the same run: slow phases of the machine cancel
 * out), and the 1-minute load average before and after.
 * Also the bundle's sizes and the longest main-thread task while the tile loads.
 */
export async function benchEmbed(): Promise<Record<string, number | string>> {
  if (!bundlesBuilt()) {
    const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
    if (build.status !== 0) throw new Error('npm run build failed');
  }
  const sizes = embedSizes();
  const server = createServer((req, res) => {
    const host = req.headers.host ?? '';
    const url = new URL(req.url ?? '/', `http://${host}`);
    const file = /^\/embed\/(bundle[\w.-]*\.js)$/.exec(url.pathname)?.[1];
    if (file && existsSync(`dist/${file}`)) {
      // Like the CDN: cacheable, and CORS for the lazily imported module.
      res.writeHead(200, {
        'Content-Type': 'text/javascript',
        'Cache-Control': 'public, max-age=300',
        'Access-Control-Allow-Origin': '*',
      });
      res.end(readFileSync(`dist/${file}`));
    } else if (url.pathname === '/floor-tile.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'public, max-age=300' });
      res.end(FLOOR_TILE);
    } else if (url.pathname.endsWith('/resolve/embed-config')) {
      // The API host name says how slow the config answers: `api-100.localhost` waits 100 ms.
      const latency = Number(/^api-(\d+)\./.exec(host)?.[1] ?? 0);
      setTimeout(() => {
        res.writeHead(200, {
          'Content-Type': 'application/json',
          'Access-Control-Allow-Origin': '*',
          'Cache-Control': 'no-store',
        });
        res.end(
          JSON.stringify({
            shop_slug: 'bench-shop',
            enabled: true,
            allowed_urls: [`http://bench.localhost:${port}/*`],
            default_language: 'en',
            branding: { primary_color: '#5b3df5' },
          }),
        );
      }, latency);
    } else {
      const variant = url.searchParams.get('variant') === 'floor' ? 'floor' : 'tile';
      const latency = Number(url.searchParams.get('latency') ?? 0);
      const src = variant === 'floor' ? '/floor-tile.js' : '/embed/bundle.min.js';
      const attributes = `data-shop-slug="bench-shop" data-api-origin="http://api-${latency}.localhost:${port}" data-app-origin="http://app.localhost:${port}"`;
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(
        `<!doctype html><html lang="en"><head><script async src="${src}" ${attributes}></script></head><body><main><h1>Bench page</h1><p>${'Some article text. '.repeat(50)}</p></main></body></html>`,
      );
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const browser = await chromium.launch(chromiumLaunchOptions());
  /** Per variant and condition, one sample per run (index = run). */
  const times = new Map<string, number[]>();
  const key = (variant: Variant, condition: Condition) => `${variant}|${condition}`;
  const record = (variant: Variant, condition: Condition, ms: number) =>
    times.set(key(variant, condition), [...(times.get(key(variant, condition)) ?? []), ms]);
  let longestTask = 0;
  const loadBefore = loadavg()[0]!;
  try {
    const pageUrl = (variant: Variant, latency: number) =>
      `http://bench.localhost:${port}/en-US/page?variant=${variant}&latency=${latency}`;
    // Warm-up, not recorded: the browser's first contexts and the server's first answers are slower.
    for (const variant of ['tile', 'floor'] as const) await coldThenWarm(browser, pageUrl(variant, 0));
    for (let run = 0; run < RUNS; run++) {
      for (const [index, latency] of LATENCIES_MS.entries()) {
        // Alternating who goes first: neither variant always follows the other's context teardown.
        const order = (run + index) % 2 ? (['floor', 'tile'] as const) : (['tile', 'floor'] as const);
        for (const variant of order) {
          const { cold, warm, longTask } = await coldThenWarm(browser, pageUrl(variant, latency));
          record(variant, `cold, ${latency} ms`, cold);
          record(variant, `warm, ${latency} ms`, warm);
          if (variant === 'tile') longestTask = Math.max(longestTask, longTask);
        }
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  const loadAfter = loadavg()[0]!;

  const ms = (value: number) => value.toFixed(0);
  const spread = (values: number[], digits: (value: number) => string) =>
    `${digits(median(values))} [${digits(quantile(values, 0.25))}–${digits(quantile(values, 0.75))}]`;
  const results: Record<string, number | string> = {
    method: `${RUNS} runs per variant and condition after a warm-up round, floor and tile back to back in alternating order, fresh browser context per run${CPU_THROTTLE > 1 ? `, CPU throttled ×${CPU_THROTTLE}` : ''}`,
    [`machine load (1-min load average, ${availableParallelism()} cores): before / after`]: `${loadBefore.toFixed(1)} / ${loadAfter.toFixed(1)}`,
    'first file (bundle.min.js) raw / gzip / brotli (bytes)': `${sizes.first.raw} / ${sizes.first.gzip} / ${sizes.first.brotli}`,
  };
  if (sizes.lazy)
    results['lazy file (overlay, Preact, zod) raw / gzip / brotli (bytes)'] =
      `${sizes.lazy.raw} / ${sizes.lazy.gzip} / ${sizes.lazy.brotli}`;
  for (const cache of ['cold', 'warm'] as const) {
    for (const latency of LATENCIES_MS) {
      const condition: Condition = `${cache}, ${latency} ms`;
      const tile = times.get(key('tile', condition)) ?? [];
      const floor = times.get(key('floor', condition)) ?? [];
      const paired = tile.map((value, run) => value / floor[run]!);
      results[`${condition} config latency: tile / floor, ms, median [IQR]`] =
        `${spread(tile, ms)} / ${spread(floor, ms)}`;
      results[`${condition} config latency: ratio of medians; per-run ratio, median [IQR]`] =
        `${(median(tile) / median(floor)).toFixed(2)}; ${spread(paired, (value) => value.toFixed(2))}`;
    }
  }
  results['longest main-thread task during load (ms, 0 = none over 50 ms)'] = longestTask;
  return results;
}

/** One fresh browser context: the page cold, then the same page again (HTTP cache, storage warm). */
async function coldThenWarm(browser: Browser, url: string): Promise<{ cold: number; warm: number; longTask: number }> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    if (CPU_THROTTLE > 1) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_THROTTLE });
    }
    await page.addInitScript(() => {
      const tasks: number[] = [];
      (window as unknown as { __longTasks: number[] }).__longTasks = tasks;
      new PerformanceObserver((list) => list.getEntries().forEach((entry) => tasks.push(entry.duration))).observe({
        type: 'longtask',
        buffered: true,
      });
    });
    const cold = await timeToTile(page, url);
    const coldTask = await longestTaskOn(page);
    const warm = await timeToTile(page, url);
    return { cold, warm, longTask: Math.max(coldTask, await longestTaskOn(page)) };
  } finally {
    await context.close();
  }
}

/** Navigation start (the page's time origin) → the `karla-resolve:tile-painted` mark. */
async function timeToTile(page: Page, url: string): Promise<number> {
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('karla-resolve:tile-painted').length > 0, undefined, {
    timeout: 10_000,
  });
  return page.evaluate(() => performance.getEntriesByName('karla-resolve:tile-painted')[0]!.startTime);
}

function longestTaskOn(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(0, ...(window as unknown as { __longTasks: number[] }).__longTasks));
}
