import { locales } from '../../locales/index.js';
import { SUPPORTED_LANGUAGES, type Language } from '../../src/core/languages.js';
import { HELP_CENTER_LOCALE } from '../support/help-center-locales.js';
import { configSettled, expect, stack, test, TILE_HOST, tileLinks, tileTitle, watchForProblems } from './fixtures.js';

const finderUrl = (language: Language) => `${stack.app}/resolve/${stack.shopSlug}/finder?lang=${language}`;

test.describe('Resolve tile on the Help Center', () => {
  for (const language of SUPPORTED_LANGUAGES) {
    test(`shows the ${language} tile with the ${language} finder link on an allow-listed page`, async ({ page }) => {
      const problems = await watchForProblems(page);
      await page.goto(`${stack.helpCenter}/${HELP_CENTER_LOCALE[language]}/articles/orders-and-returns-4`);
      const link = page.getByRole('link', { name: tileTitle(language) });
      await expect(link).toBeVisible();
      await expect(link).toHaveAttribute('href', finderUrl(language));
      await expect(tileLinks(page)).toHaveCount(1);
      expect(problems.pageErrors).toEqual([]);
    });
  }

  test('falls back to the shop default on a locale Resolve does not ship (sv-SE)', async ({ page }) => {
    await page.goto(`${stack.helpCenter}/sv-SE`);
    await expect(page.getByRole('link', { name: tileTitle('en') })).toHaveAttribute('href', finderUrl('en'));
  });

  test('shows nothing on a page that is not allow-listed', async ({ page }) => {
    await page.goto(`${stack.helpCenter}/en-US/shipping-times-13`);
    await configSettled(page);
    await expect(page.locator(TILE_HOST)).toHaveCount(0);
    await expect(tileLinks(page)).toHaveCount(0);
  });

  test('puts the tile into the article placeholder instead of floating it', async ({ page }) => {
    await page.goto(`${stack.helpCenter}/de-DE/returns-and-claims-12`);
    const inline = page.locator(`[data-karla-resolve] ${TILE_HOST} a`);
    await expect(inline).toBeVisible();
    await expect(inline).toHaveAccessibleName(new RegExp(tileTitle('de').replace('?', '\\?')));
    await expect(tileLinks(page)).toHaveCount(1);
    // Inline means in the article's flow, not fixed over it.
    const position = await inline.evaluate(
      (a) =>
        getComputedStyle(a.getRootNode() instanceof ShadowRoot ? (a.getRootNode() as ShadowRoot).host : a).position,
    );
    expect(position).not.toBe('fixed');
  });

  test('follows client-side navigation: hides, shows and re-localizes the tile', async ({ page }) => {
    await page.goto(`${stack.helpCenter}/en-US`);
    await expect(page.getByRole('link', { name: tileTitle('en') })).toBeVisible();

    // pushState to a page that is not allow-listed: the tile goes away.
    await page.getByRole('link', { name: 'Shipping times' }).click();
    await expect(page).toHaveURL(/shipping-times-13$/);
    await expect(tileLinks(page)).toHaveCount(0);

    // Back (popstate): it returns.
    await page.goBack();
    await expect(page).toHaveURL(/\/en-US$/);
    await expect(page.getByRole('link', { name: tileTitle('en') })).toBeVisible();

    // Into the returns article: the new placeholder receives the tile inline.
    await page.getByRole('link', { name: 'Returns and claims' }).first().click();
    await expect(page.locator(`[data-karla-resolve] ${TILE_HOST} a`)).toBeVisible();
    await expect(tileLinks(page)).toHaveCount(1);

    // replaceState into another locale: re-localized.
    await page.evaluate(() => history.replaceState(null, '', '/da-DK/articles/orders-and-returns-4'));
    await expect(page.getByRole('link', { name: tileTitle('da') })).toHaveAttribute('href', finderUrl('da'));

    // hashchange (1-pager layout) keeps the tile.
    await page.evaluate(() => {
      location.hash = '#article-12';
    });
    await expect(page.getByRole('link', { name: tileTitle('da') })).toBeVisible();
  });

  test('re-attaches when the host page re-renders and drops the tile', async ({ page }) => {
    await page.goto(`${stack.helpCenter}/en-US`);
    await expect(tileLinks(page)).toHaveCount(1);
    await page.evaluate((host) => document.querySelectorAll(host).forEach((node) => node.remove()), TILE_HOST);
    await expect(tileLinks(page)).toHaveCount(1);
    await expect(page.getByRole('link', { name: tileTitle('en') })).toBeVisible();
  });

  test('included twice, it still shows one tile and creates one global', async ({ page }) => {
    await page.addInitScript(() => {
      (window as unknown as { __globalsBefore: string[] }).__globalsBefore = Object.keys(window);
    });
    const problems = await watchForProblems(page);
    await page.goto(`${stack.helpCenter}/en-US?twice=1`);
    await expect(page.getByRole('link', { name: tileTitle('en') })).toBeVisible();
    await configSettled(page);
    await expect(tileLinks(page)).toHaveCount(1);
    const added = await page.evaluate(() => {
      const before = new Set((window as unknown as { __globalsBefore: string[] }).__globalsBefore);
      return Object.keys(window).filter(
        (key) =>
          !before.has(key) &&
          key !== '__globalsBefore' &&
          key !== '__reportCspViolation' &&
          !key.startsWith('__playwright'),
      );
    });
    expect(added).toEqual(['KarlaResolve']);
    expect(problems.pageErrors).toEqual([]);
  });

  test("leaves a host page's own zod settings alone", async ({ page }) => {
    await page.addInitScript(() => {
      (window as unknown as { __zod_globalConfig: object }).__zod_globalConfig = { marker: 'host' };
    });
    await page.goto(`${stack.helpCenter}/en-US`);
    await expect(page.getByRole('link', { name: tileTitle('en') })).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { __zod_globalConfig: object }).__zod_globalConfig)).toEqual(
      { marker: 'host' },
    );
  });

  test('floats bottom-left, clear of the Gorgias Chat launcher, from phones to desktops', async ({ page }) => {
    for (const viewport of [
      { width: 320, height: 640 },
      { width: 390, height: 844 },
      { width: 1280, height: 800 },
    ]) {
      await page.setViewportSize(viewport);
      await page.goto(`${stack.helpCenter}/en-US`);
      const tile = tileLinks(page);
      await expect(tile).toBeVisible();
      const box = (await tile.boundingBox())!;
      const chat = (await page.locator('.gorgias-chat-launcher').boundingBox())!;
      const overlaps =
        box.x < chat.x + chat.width &&
        chat.x < box.x + box.width &&
        box.y < chat.y + chat.height &&
        chat.y < box.y + box.height;
      expect(overlaps, `tile ${JSON.stringify(box)} covers the chat launcher at ${viewport.width}px`).toBe(false);
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
      expect(box.x + box.width / 2).toBeLessThan(viewport.width / 2 + 1);
      expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
    }
  });

  test('is a keyboard-reachable link with a visible focus ring', async ({ page }) => {
    await page.goto(`${stack.helpCenter}/en-US/contact`);
    const link = page.getByRole('link', { name: tileTitle('en') });
    await expect(link).toBeVisible();
    await link.focus();
    const outline = await link.evaluate((a) => {
      const style = getComputedStyle(a);
      return { style: style.outlineStyle, width: parseFloat(style.outlineWidth), shadow: style.boxShadow };
    });
    expect((outline.style !== 'none' && outline.width > 0) || outline.shadow !== 'none').toBe(true);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(finderUrl('en'));
  });

  test('clicking the tile lands on the finder in the page language', async ({ page }) => {
    await page.goto(`${stack.helpCenter}/fr-FR/returns-and-claims-12`);
    await page.getByRole('link', { name: tileTitle('fr') }).click();
    await expect(page).toHaveURL(finderUrl('fr'));
    // The Resolve flow itself answers, in French.
    await expect(page.getByRole('heading', { level: 1, name: locales.fr.flow.finder.title })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  });
});

test.describe('a good guest on the host page', () => {
  test('works under a strict CSP with zero violations', async ({ page }) => {
    const problems = await watchForProblems(page);
    const response = await page.goto(`${stack.helpCenter}/en-US?csp=strict`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(response?.headers()['content-security-policy']).not.toContain('unsafe');
    await expect(page.getByRole('link', { name: tileTitle('en') })).toBeVisible();
    await configSettled(page);
    expect(problems.cspViolations).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
  });

  test('shows no tile and no error when the config endpoint is down', async ({ page }) => {
    const problems = await watchForProblems(page);
    await page.goto(`${stack.helpCenter}/en-US?api=down`);
    await page.waitForLoadState('networkidle');
    await expect(page.locator(TILE_HOST)).toHaveCount(0);
    expect(problems.pageErrors).toEqual([]);
    // The browser itself logs the refused connection; nothing else may reach the console.
    expect(problems.consoleErrors.filter((text) => !text.includes('net::ERR_'))).toEqual([]);
  });

  test('aggressive global CSS does not change the tile, and the tile does not change the page', async ({ page }) => {
    const tileStyle = async () =>
      tileLinks(page).evaluate((a) => {
        const s = getComputedStyle(a);
        const title = a.querySelector('*');
        const t = title ? getComputedStyle(title) : s;
        const box = a.getBoundingClientRect();
        return {
          font: t.fontFamily,
          color: t.color,
          size: t.fontSize,
          letterSpacing: t.letterSpacing,
          decoration: s.textDecorationLine,
          background: s.backgroundColor,
          display: s.display,
          width: Math.round(box.width),
          height: Math.round(box.height),
        };
      });
    const pageStyle = async () =>
      page.locator('main h1').evaluate((h) => {
        const s = getComputedStyle(h);
        return { font: s.fontFamily, color: s.color, size: s.fontSize, margin: s.margin };
      });

    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${stack.helpCenter}/en-US`);
    await expect(tileLinks(page)).toBeVisible();
    const plain = await tileStyle();
    const pageWithTile = await pageStyle();
    // The tile's styles live in its shadow root, never in the document.
    expect(await page.evaluate(() => document.adoptedStyleSheets.length)).toBe(0);

    await page.goto(`${stack.helpCenter}/en-US?aggressive=1`);
    await expect(tileLinks(page)).toBeVisible();
    expect(await tileStyle()).toEqual(plain);

    // Same page with the bundle loaded but no tile (API down): the page looks the same.
    await page.goto(`${stack.helpCenter}/en-US?api=down`);
    await page.waitForLoadState('networkidle');
    expect(await pageStyle()).toEqual(pageWithTile);
  });
});
