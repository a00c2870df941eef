import { configSettled, expect, stack, test, tileLinks, tileTitle, watchForProblems } from './fixtures.js';

/**
 * The script-tag bundle is two files: bundle.min.js paints the tile; bundle.lazy.min.js, next to
 * it, carries the overlay (Preact, zod) and is imported only when a visitor opens the overlay.
 */
const LAZY_FILE = /\/embed\/bundle\.lazy\.min\.js\?v=/;

test.describe('the bundle’s second file', () => {
  test('is not loaded for the tile, and loaded once, from next to the first, for the overlay under a strict CSP', async ({
    page,
  }) => {
    const problems = await watchForProblems(page);
    const lazyRequests: string[] = [];
    page.on('request', (request) => {
      if (LAZY_FILE.test(request.url())) lazyRequests.push(request.url());
    });
    await page.goto(`${stack.helpCenter}/en-US?csp=strict`);
    await expect(page.getByRole('link', { name: tileTitle('en') })).toBeVisible();
    await configSettled(page);
    expect(lazyRequests).toEqual([]);

    // Two quick calls (a double click) while the code is still loading: one overlay.
    await page.evaluate(() => {
      const api = (window as unknown as { KarlaResolve: { open(options: unknown): void } }).KarlaResolve;
      api.open({ target: 'overlay', orderNumber: '1001', zipCode: '10119' });
      api.open({ target: 'overlay' });
    });
    const dialog = page.getByRole('dialog', { name: 'Report a problem with your order' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused();
    await expect(page.locator('karla-resolve-overlay')).toHaveCount(1);
    expect(lazyRequests).toHaveLength(1);
    expect(new URL(lazyRequests[0]!).origin).toBe(stack.app);

    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    expect(problems.cspViolations).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
  });

  test('when it cannot be loaded, open() still takes the customer to the flow, in the same tab', async ({ page }) => {
    const problems = await watchForProblems(page);
    await page.route(LAZY_FILE, (route) => route.abort('connectionrefused'));
    await page.goto(`${stack.helpCenter}/en-US`);
    await expect(tileLinks(page)).toBeVisible();
    await page.evaluate(() => {
      (window as unknown as { KarlaResolve: { open(options: unknown): void } }).KarlaResolve.open({
        target: 'overlay',
        orderNumber: '1001',
      });
    });
    await expect(page).toHaveURL(`${stack.app}/resolve/${stack.shopSlug}/finder?lang=en&orderNumber=1001`);
    expect(problems.pageErrors).toEqual([]);
  });
});
