import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from '@playwright/test';
import portalEn from '../../locales/portal/en.json' with { type: 'json' };
import { locales } from '../../locales/index.js';
import { expect, stack, test } from './fixtures.js';
import { OTHER_SHOP, PORTAL_PASSWORD, PORTAL_SHOP, portalAccounts } from './portal-users.js';

/**
 * The merchant portal in real Chromium against the real demo stack (served by the reference API
 * at /portal/), with the Gorgias and Dixa stand-ins behind it. Accounts: test/e2e/portal-users.ts.
 */
const t = portalEn;
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const portal = (path = '/') => `${stack.api}/portal${path}`;
const gorgiasOrigin = () => process.env.E2E_GORGIAS_ORIGIN ?? '';

async function noAxeViolations(page: Page, name: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  expect(
    results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    `axe on ${name}`,
  ).toEqual([]);
}

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(portal('/'));
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PORTAL_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: t.nav.sign_out })).toBeVisible({ timeout: 15_000 });
}

async function newSignedInPage(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

test.describe('the merchant portal', () => {
  test.use({ locale: 'en-US' });

  test('a merchant connects Gorgias and Dixa, and gets an allowed URL approved by an operator', async ({
    page,
    browser,
  }) => {
    test.setTimeout(180_000);
    await page.goto(portal('/'));
    await expect(page.getByRole('heading', { name: t.sign_in.title })).toBeVisible();
    await noAxeViolations(page, 'sign-in');
    await signIn(page, portalAccounts.admin);
    await expect(page).toHaveURL(portal(`/shops/${PORTAL_SHOP}/profile`));
    await expect(page.getByRole('heading', { name: t.profile.title })).toBeVisible();
    await expect(page.getByLabel(t.profile.help_center_snippet)).toHaveValue(
      new RegExp(`data-shop-slug="${PORTAL_SHOP}"`),
    );
    await noAxeViolations(page, 'profile');

    // Gorgias: a wrong key is named on its field; the right one leaves only the masked preview.
    await page.getByRole('link', { name: t.nav.integrations }).click();
    await page.getByRole('link', { name: /Gorgias/ }).click();
    await page.getByLabel(t.gorgias.endpoint).fill(gorgiasOrigin());
    await page.getByLabel(t.gorgias.email).fill('agent@acme.test');
    await page.getByLabel(t.gorgias.api_key).fill('not-the-key-0000');
    await page.getByRole('button', { name: t.gorgias.connect }).click();
    const key = page.getByLabel(t.gorgias.api_key);
    await expect(key).toHaveAttribute('aria-invalid', 'true', { timeout: 15_000 });
    await expect(page.locator('#gorgias-credentials-api_key-error')).toContainText(/Gorgias/);
    await expect(key).toHaveValue('not-the-key-0000');
    await noAxeViolations(page, 'gorgias-refused');
    await key.fill('gorgias-test-key-0123456789');
    await page.getByRole('button', { name: t.gorgias.connect }).click();
    await expect(page.getByTestId('gorgias-key-preview')).toHaveText('••••6789', { timeout: 15_000 });
    await expect(key).toHaveValue('');
    await expect(page.getByText('gorgias-test-key-0123456789')).toHaveCount(0);
    await expect(page.getByLabel('Order number (text)')).toBeVisible({ timeout: 15_000 });
    await noAxeViolations(page, 'gorgias-connected');

    // Dixa: token first, then the Integration Settings; the toggle waits for the email integration.
    await page.getByRole('link', { name: t.integrations.back }).click();
    await page.getByRole('link', { name: /Dixa/ }).click();
    await expect(page.getByText(t.dixa.locked)).toBeVisible();
    await page.getByLabel(t.dixa.api_token).fill('dixa-test-token-0123456789');
    await page.getByRole('button', { name: t.dixa.save_token }).click();
    const toggle = page.getByLabel(t.dixa.enabled);
    await expect(toggle).toBeDisabled({ timeout: 15_000 });
    await expect(page.getByText(t.dixa.enabled_locked)).toBeVisible();
    await noAxeViolations(page, 'dixa-locked');
    const endpoint = page.getByLabel(t.dixa.email_integration);
    await expect(endpoint.locator('option[value="support@acme.email.dixa.io"]')).toHaveCount(1, { timeout: 15_000 });
    await endpoint.selectOption('support@acme.email.dixa.io');
    await page.locator('form', { has: endpoint }).getByRole('button', { name: t.form.save }).click();
    await expect(toggle).toBeEnabled({ timeout: 15_000 });
    await toggle.check();
    await page.locator('form', { has: toggle }).getByRole('button', { name: t.form.save }).click();
    await expect(page.locator('form', { has: toggle }).getByText(t.form.saved)).toBeVisible({ timeout: 15_000 });

    // The allow-list: a new URL is pending until an operator approves it.
    const helpCenter = `http://help.${PORTAL_SHOP}.localhost:4300`;
    const entry = `${helpCenter}/en-US/articles/*`;
    await page.getByRole('link', { name: t.nav.embed }).click();
    await page.getByLabel(t.embed.new_url).fill(entry);
    await page.getByRole('button', { name: t.embed.add_url }).click();
    await page.getByRole('button', { name: t.form.save }).click();
    const row = page.getByRole('listitem').filter({ hasText: entry });
    await expect(row).toContainText(t.embed.url_state.pending, { timeout: 15_000 });
    const tester = page.getByLabel(t.embed.tester_url);
    await tester.fill(`${helpCenter}/de-DE/articles/returns-12`);
    await expect(page.getByTestId('tester-result')).toContainText(t.embed.tester_hidden);
    await expect(page.getByTestId('tester-result')).toContainText(t.embed.tester_once_approved);
    await noAxeViolations(page, 'embed-pending');

    const operator = await newSignedInPage(browser, portalAccounts.operator);
    await operator.getByRole('link', { name: t.nav.operator_pending }).click();
    await noAxeViolations(operator, 'operator-pending');
    await operator.getByRole('button', { name: `Approve ${entry}` }).click();
    await expect(operator.getByRole('status').filter({ hasText: `${entry} is live.` })).toBeVisible({
      timeout: 15_000,
    });
    await operator.context().close();

    await page.reload();
    await expect(page.getByRole('listitem').filter({ hasText: entry })).toContainText(t.embed.url_state.live, {
      timeout: 15_000,
    });
    await page.getByLabel(t.embed.tester_url).fill(`${helpCenter}/de-DE/articles/returns-12`);
    await expect(page.getByTestId('tester-result')).toContainText(t.embed.tester_shows);
    await page.getByLabel(t.embed.tester_url).fill(`${helpCenter}/de-DE/returns-12`);
    await expect(page.getByTestId('tester-result')).toContainText('“returns-12” where the entry has “articles”');

    // The preview is the real tile, in the language chosen.
    const tile = page.getByTestId('tile-preview').locator('karla-resolve-tile a');
    await expect(tile).toContainText(locales.en.tile.title);
    await page.getByLabel(t.embed.preview_language).selectOption('de');
    await expect(tile).toContainText(locales.de.tile.title);
    await page.getByLabel(t.embed.preview_language).selectOption('pl');
    await expect(tile).toContainText(locales.pl.tile.title);
    await noAxeViolations(page, 'embed-live');
  });

  test('a member sees the settings but cannot change anything, not even through the API', async ({ page }) => {
    test.setTimeout(90_000);
    await signIn(page, portalAccounts.member);
    await page.goto(portal(`/shops/${stack.shopSlug}/integrations/gorgias`));
    await expect(page.getByText(t.roles.read_only)).toBeVisible();
    await expect(page.getByLabel(t.gorgias.endpoint)).toBeDisabled({ timeout: 15_000 });
    await expect(page.getByLabel(t.gorgias.api_key)).toBeDisabled();
    await noAxeViolations(page, 'member-gorgias');
    await page.goto(portal(`/shops/${stack.shopSlug}/embed`));
    await expect(page.getByLabel(t.embed.new_url)).toBeDisabled({ timeout: 15_000 });
    await page.goto(portal(`/shops/${stack.shopSlug}/webhooks`));
    await expect(page.getByRole('heading', { name: t.webhooks.title, exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: t.webhooks.create })).toHaveCount(0);
    // The demo shop's webhook is listed, every action on it disabled.
    await expect(page.getByRole('button', { name: t.webhooks.send_test }).first()).toBeDisabled({ timeout: 15_000 });
    await expect(page.getByRole('button', { name: t.webhooks.delete }).first()).toBeDisabled();
    await expect(page.getByRole('button', { name: t.webhooks.pause }).first()).toBeDisabled();
    // With the session's own CSRF token, the server still refuses every change.
    const status = await page.evaluate(async (slug) => {
      const session = (await (await fetch('/v1/portal/session')).json()) as { csrf_token: string };
      const response = await fetch(`/v1/shops/${slug}/resolve/settings`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrf_token },
        body: JSON.stringify({
          enabled_flows: ['support'],
          min_photos_per_item: 0,
          package_photo: 'off',
          description_required: false,
          description_min_length: 0,
          description_max_length: 100,
          allowed_resolution_preferences: ['refund'],
        }),
      });
      return response.status;
    }, stack.shopSlug);
    expect(status).toBe(403);

    // A user of two shops switches between them: the same page opens for the other shop, with their role there.
    await page.goto(portal(`/shops/${stack.shopSlug}/embed`));
    await page.getByLabel(t.app.shop, { exact: true }).selectOption(OTHER_SHOP);
    await expect(page).toHaveURL(portal(`/shops/${OTHER_SHOP}/embed`));
    await expect(page.getByLabel(t.embed.new_url)).toBeEnabled({ timeout: 15_000 });
    await expect(page.getByText(t.roles.read_only)).toHaveCount(0);
  });

  test('a user of one shop gets nothing of another shop', async ({ page }) => {
    await signIn(page, portalAccounts.otherAdmin);
    await expect(page).toHaveURL(portal(`/shops/${OTHER_SHOP}/profile`));
    await page.goto(portal(`/shops/${PORTAL_SHOP}/profile`));
    await expect(page.getByRole('heading', { name: t.not_found.title })).toBeVisible();
    await expect(page.getByText(PORTAL_SHOP, { exact: true })).toHaveCount(0);
    const answers = await page.evaluate(async (slug) => {
      const paths = [
        `/v1/shops/${slug}/profile`,
        `/v1/shops/${slug}/resolve/embed-config/settings`,
        `/v1/shops/${slug}/integrations`,
        `/v1/shops/${slug}/webhooks`,
      ];
      return Promise.all(paths.map(async (path) => (await fetch(path)).status));
    }, PORTAL_SHOP);
    expect(answers).toEqual([404, 404, 404, 404]);

    // Signing out ends the session on the server: the pages ask for sign-in again, the API refuses.
    await page.getByRole('button', { name: t.nav.sign_out }).click();
    await expect(page.getByRole('heading', { name: t.sign_in.title })).toBeVisible();
    await page.goto(portal(`/shops/${OTHER_SHOP}/profile`));
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    expect(await page.evaluate(async (slug) => (await fetch(`/v1/shops/${slug}/profile`)).status, OTHER_SHOP)).toBe(
      401,
    );
  });

  test('every page passes axe, on a desktop and on a phone, in English and German', async ({ browser }) => {
    test.setTimeout(180_000);
    const pages = [
      `/shops/${PORTAL_SHOP}/profile`,
      `/shops/${PORTAL_SHOP}/integrations`,
      `/shops/${PORTAL_SHOP}/integrations/gorgias`,
      `/shops/${PORTAL_SHOP}/integrations/dixa`,
      `/shops/${PORTAL_SHOP}/webhooks`,
      `/shops/${PORTAL_SHOP}/embed`,
      `/shops/${PORTAL_SHOP}/resolve-settings`,
      '/account',
      '/operator/shops',
      `/operator/shops/${PORTAL_SHOP}`,
      '/operator/pending-urls',
    ];
    for (const [name, options] of [
      ['desktop', { locale: 'en-US', viewport: { width: 1280, height: 900 } }],
      ['phone', { locale: 'de-DE', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }],
    ] as const) {
      const context = await browser.newContext(options);
      const page = await context.newPage();
      await page.goto(portal('/'));
      await page.getByLabel(name === 'phone' ? 'E-Mail' : 'Email').fill(portalAccounts.operator);
      await page.getByLabel(name === 'phone' ? 'Passwort' : 'Password').fill(PORTAL_PASSWORD);
      await page.getByRole('button', { name: name === 'phone' ? 'Anmelden' : 'Sign in' }).click();
      await expect(page.locator('nav.side')).toBeVisible({ timeout: 15_000 });
      for (const path of pages) {
        await page.goto(portal(path));
        await expect(page.locator('#page-title')).toBeVisible({ timeout: 15_000 });
        await expect(page.locator('[role="status"]', { hasText: /Loading|Wird geladen/ })).toHaveCount(0, {
          timeout: 15_000,
        });
        await noAxeViolations(page, `${name} ${path}`);
        // Usable on a phone: nothing wider than the screen.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${name} ${path} scrolls sideways`).toBeLessThanOrEqual(0);
      }
      await context.close();
    }
  });
});
