import { expect, stack, test, tileLinks, tileTitle } from './fixtures.js';

declare global {
  interface Window {
    __events: unknown[][];
  }
}

const finder = () => `${stack.app}/resolve/${stack.shopSlug}/finder`;

test.describe('storefront embeds and the public JavaScript API', () => {
  test('shows the inline tile on the returns page, in the storefront path language', async ({ page }) => {
    await page.goto(`${stack.storefront}/pages/returns`);
    await expect(page.locator('[data-karla-resolve] karla-resolve-tile a')).toHaveAttribute(
      'href',
      `${finder()}?lang=en`,
    );
    await page.goto(`${stack.storefront}/de/pages/returns`);
    await expect(page.getByRole('link', { name: tileTitle('de') })).toHaveAttribute('href', `${finder()}?lang=de`);
    await page.goto(`${stack.storefront}/products/stoneware-mug`);
    await page.waitForLoadState('networkidle');
    await expect(tileLinks(page)).toHaveCount(0);
  });

  test('placeholder options deep-link a compact button into the flow', async ({ page }) => {
    await page.goto(`${stack.storefront}/account/orders/1001`);
    const button = page.locator('[data-variant="button"] karla-resolve-tile a');
    await expect(button).toHaveClass('button');
    await expect(button).toHaveAccessibleName(/Report a problem/);
    const url = new URL((await button.getAttribute('href')) ?? '');
    expect(`${url.origin}${url.pathname}`).toBe(finder());
    expect(Object.fromEntries(url.searchParams)).toEqual({
      lang: 'en',
      orderNumber: '1001',
      zipCode: '10119',
      flowType: 'notReceived',
    });
  });

  test('the German order page has the deep-linked button too, and German labels on its buttons', async ({ page }) => {
    await page.goto(`${stack.storefront}/de/account/orders/1001`);
    const button = page.locator('[data-variant="button"] karla-resolve-tile a');
    await expect(button).toHaveAccessibleName(/Problem melden/);
    const url = new URL((await button.getAttribute('href')) ?? '');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      lang: 'de',
      orderNumber: '1001',
      zipCode: '10119',
      flowType: 'notReceived',
    });
    await expect(page.getByRole('button', { name: 'Problem melden (in neuem Tab)' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Problem melden (im selben Tab)' })).toBeVisible();
    await expect(page.getByText(/new tab|same tab/)).toHaveCount(0);
  });

  test('replays calls queued on the stub: listeners see tile:shown and tile:clicked', async ({ page }) => {
    await page.goto(`${stack.storefront}/pages/returns?queue=events`);
    await expect(tileLinks(page)).toBeVisible();
    await expect.poll(() => page.evaluate(() => window.__events)).toContainEqual(['tile:shown', 'inline', 'en']);
    // Record the click before the navigation it causes wipes the page.
    await page.evaluate(() => {
      document.addEventListener('click', (event) => event.preventDefault(), true);
    });
    await tileLinks(page).click();
    await expect.poll(() => page.evaluate(() => window.__events)).toContainEqual(['tile:clicked', 'inline']);
  });

  test('a queued open() runs once the bundle is there (new tab, deep-linked)', async ({ page, context }) => {
    const popup = context.waitForEvent('page');
    await page.goto(`${stack.storefront}/pages/returns?queue=open`);
    const opened = await popup;
    await opened.waitForLoadState();
    const url = new URL(opened.url());
    expect(`${url.origin}${url.pathname}`).toBe(finder());
    expect(Object.fromEntries(url.searchParams)).toEqual({
      lang: 'en',
      orderNumber: '1002',
      zipCode: 'SW1A 1AA',
      flowType: 'defective',
    });
    // noopener: the flow cannot reach back into the shop's window.
    expect(await opened.evaluate(() => window.opener)).toBeNull();
  });

  test('open() in the same tab', async ({ page }) => {
    await page.goto(`${stack.storefront}/account/orders/1001`);
    await page.getByRole('button', { name: 'Report a problem (same tab)' }).click();
    await expect(page).toHaveURL(`${finder()}?lang=en&orderNumber=1001&zipCode=10119`);
  });

  test('open() in an overlay: a modal dialog, keyboard only, scroll locked, focus restored', async ({ page }) => {
    await page.goto(`${stack.storefront}/account/orders/1001`);
    await expect(tileLinks(page)).toBeVisible(); // the bundle is running
    const trigger = page.getByRole('button', { name: 'Report a problem', exact: true });
    await trigger.focus();
    await page.keyboard.press('Enter');

    const dialog = page.getByRole('dialog', { name: 'Report a problem with your order' });
    await expect(dialog).toBeVisible();
    const close = dialog.getByRole('button', { name: 'Close' });
    await expect(close).toBeFocused();
    const frame = page.frameLocator('karla-resolve-overlay iframe');
    // The deep link found the order: the flow opens at its second step.
    await expect(frame.getByRole('heading', { level: 1, name: 'What happened?' })).toBeVisible();
    const src = new URL((await page.locator('karla-resolve-overlay iframe').getAttribute('src')) ?? '');
    expect(Object.fromEntries(src.searchParams)).toMatchObject({
      orderNumber: '1001',
      zipCode: '10119',
      embed: 'overlay',
      parentOrigin: stack.storefront,
    });
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).overflow)).toBe('hidden');

    // Tab stays inside the dialog: from the close button into the flow, through the flow's controls
    // and back to the close button, never to the page behind; Shift+Tab from the close button goes
    // back into the flow (Esc below works wherever focus is).
    await page.keyboard.press('Tab');
    await expect(page.locator('karla-resolve-overlay iframe')).toBeFocused();
    const closeFocused = () =>
      close.evaluate((button) => (button.getRootNode() as ShadowRoot).activeElement === button);
    for (let presses = 0; presses < 25 && !(await closeFocused()); presses++) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('KARLA-RESOLVE-OVERLAY');
    }
    await expect(close).toBeFocused();
    await page.keyboard.press('Shift+Tab');
    await expect(page.locator('karla-resolve-overlay iframe')).toBeFocused();

    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(trigger).toBeFocused();
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).overflow)).not.toBe('hidden');
  });

  test('claim:submitted comes only from the flow in its own overlay, on the app origin', async ({ page }) => {
    await page.goto(`${stack.storefront}/account/orders/1001?queue=events`);
    await expect(tileLinks(page)).toBeVisible();
    await page.getByRole('button', { name: 'Report a problem', exact: true }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    const message = {
      source: 'karla-resolve',
      type: 'claim:submitted',
      claim: { uuid: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a', order_number: '#1001', status: 'pending' },
    };

    // Forged by the page itself (wrong origin, wrong window): ignored.
    await page.evaluate((m) => window.postMessage(m, '*'), message);
    // From the overlay's iframe on the app origin, to the parent origin it was given: accepted.
    const flow = page.frames().find((frame) => frame.url().startsWith(stack.app));
    expect(flow).toBeTruthy();
    await flow!.evaluate(({ m, parentOrigin }) => window.parent.postMessage(m, parentOrigin), {
      m: message,
      parentOrigin: stack.storefront,
    });
    // A malformed message from the right window: ignored.
    await flow!.evaluate(
      ({ parentOrigin }) =>
        window.parent.postMessage(
          { source: 'karla-resolve', type: 'claim:submitted', claim: { uuid: 'x' } },
          parentOrigin,
        ),
      { parentOrigin: stack.storefront },
    );
    await expect
      .poll(() => page.evaluate(() => window.__events.filter((e) => e[0] === 'claim:submitted')))
      .toEqual([['claim:submitted', message.claim.uuid]]);

    // The flow asks to close: the overlay closes.
    await flow!.evaluate(
      ({ parentOrigin }) => window.parent.postMessage({ source: 'karla-resolve', type: 'close' }, parentOrigin),
      { parentOrigin: stack.storefront },
    );
    await expect(page.getByRole('dialog')).toHaveCount(0);
  });
});
