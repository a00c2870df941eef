import { locales } from '../../locales/index.js';
import { MAX_TILE_SUBTITLE, MAX_TILE_TITLE } from '../../src/core/embed-config.js';
import { SUPPORTED_LANGUAGES } from '../../src/core/languages.js';
import { HELP_CENTER_LOCALE } from '../support/help-center-locales.js';
import { expect, fetchFromNode, stack, test, tileLinks } from './fixtures.js';

/**
 * The longest text a merchant may set (the schema's maximum), built from the shipped words plus one
 * unbroken 40-character word, the way German compounds or a pasted order URL would look.
 */
function longest(base: string, max: number): string {
  const unbroken = 'Reklamationsbearbeitungsformularseiten'.padEnd(40, 'x');
  let text = `${unbroken} ${base}`;
  while (text.length < max) text += ` ${base}`;
  return text.slice(0, max).trim();
}

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}
interface Part {
  name: string;
  shown: boolean;
  box: Box;
  overflowing: boolean;
}

test.describe('the floating tile on a 320 px phone', () => {
  test.use({ viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true });

  for (const language of SUPPORTED_LANGUAGES) {
    test(`fits in ${language} with the longest title and subtitle a merchant may set`, async ({ page }) => {
      const strings = locales[language].tile;
      const title = longest(strings.title, MAX_TILE_TITLE);
      const subtitle = longest(strings.subtitle, MAX_TILE_SUBTITLE);
      // The demo shop's real config (fetched from the test process: Node does not resolve
      // *.localhost), with the merchant's longest overrides on top.
      await page.route('**/resolve/embed-config', async (route) => {
        const config = (await (await fetchFromNode(route.request().url())).json()) as Record<string, unknown>;
        await route.fulfill({
          headers: { 'Access-Control-Allow-Origin': '*' },
          json: {
            ...config,
            tile: {
              ...(config.tile as object),
              placement: 'floating',
              title: { [language]: title },
              subtitle: { [language]: subtitle },
            },
          },
        });
      });
      await page.goto(`${stack.helpCenter}/${HELP_CENTER_LOCALE[language]}/articles/orders-and-returns-4`);
      const card = tileLinks(page);
      await expect(card).toBeVisible();
      await expect(card).toContainText(strings.cta);
      await expect(card).toContainText(title);

      const layout = await card.evaluate((a) => {
        const box = (element: Element) => {
          const r = element.getBoundingClientRect();
          return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
        };
        const parts: Part[] = ['.title', '.subtitle', '.cta'].map((selector) => {
          const element = a.querySelector(selector)!;
          return {
            name: selector,
            shown: element.getClientRects().length > 0,
            box: box(element),
            // Text wider than its box is cut off or spills out.
            overflowing:
              element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1,
          };
        });
        return { card: box(a), parts, viewport: { width: innerWidth, height: innerHeight } };
      });

      const { card: outer, parts, viewport } = layout;
      expect(outer.left).toBeGreaterThanOrEqual(0);
      expect(outer.right).toBeLessThanOrEqual(viewport.width);
      expect(outer.top).toBeGreaterThanOrEqual(0);
      expect(outer.bottom).toBeLessThanOrEqual(viewport.height);
      const shown = parts.filter((part) => part.shown);
      // The title and the call to action are always there; the subtitle may be left out on phones.
      expect(shown.map((part) => part.name)).toEqual(expect.arrayContaining(['.title', '.cta']));
      for (const part of shown) {
        const where = `${part.name} ${JSON.stringify(part.box)} in card ${JSON.stringify(outer)}`;
        expect(part.box.left, where).toBeGreaterThanOrEqual(outer.left - 0.5);
        expect(part.box.right, where).toBeLessThanOrEqual(outer.right + 0.5);
        expect(part.box.top, where).toBeGreaterThanOrEqual(outer.top - 0.5);
        expect(part.box.bottom, where).toBeLessThanOrEqual(outer.bottom + 0.5);
        expect(part.overflowing, `${part.name} text overflows its box`).toBe(false);
      }
    });
  }
});
