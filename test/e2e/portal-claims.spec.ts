import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import AxeBuilder from '@axe-core/playwright';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from '@playwright/test';
import * as z from 'zod/mini';
import portalDe from '../../locales/portal/de.json' with { type: 'json' };
import portalEn from '../../locales/portal/en.json' with { type: 'json' };
import { locales } from '../../locales/index.js';
import { claimReference } from '../../src/core/claim-reference.js';
import { deliveryListSchema } from '../../src/core/integrations.js';
import { webhookSchema } from '../../src/core/webhooks.js';
import { CLAIMS_SHOP, claimsAccounts } from './claims-shop.js';
import { expect, fetchFromNode, stack, test } from './fixtures.js';
import { pngPhoto } from './photos.js';
import { PORTAL_PASSWORD } from './portal-users.js';

/**
 * The portal's Claims view in Chromium against the demo stack: claims submitted through the
 * Resolve flow are found by reference, their photos opened, their status changed (the webhook
 * receiver gets `claims/updated`), a parked delivery retried once its receiver works again, the
 * filtered CSV exported and read back, and axe on the list and a claim, on a desktop and a phone.
 * The shop is test/e2e/claims-shop.ts's own; the failing receiver is this file's.
 */
const t = portalEn.claims;
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const SCREENSHOTS = 'test-results/screenshots';
const portal = (path: string) => `${stack.api}/portal${path}`;
const shopApi = (path: string) => `${stack.api}/v1/shops/${CLAIMS_SHOP}${path}`;
const auth = () => process.env.E2E_CLAIMS_SHOP_AUTH ?? '';
// A formula a spreadsheet would run, and letters a wrong encoding would mangle.
const DESCRIPTION = '=SUMME(1;2) Grüße aus München: der Henkel der Tasse ist abgebrochen, Größe L.';

async function noAxeViolations(page: Page, name: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  expect(
    results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    `axe on ${name}`,
  ).toEqual([]);
}

/** A screenshot of the step (a record for people, not a check): skipped when a busy machine cannot take it in time. */
async function record(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  try {
    await page.screenshot({
      path: `${SCREENSHOTS}/${name}.png`,
      fullPage: true,
      animations: 'disabled',
      caret: 'hide',
      timeout: 20_000,
    });
  } catch (error) {
    if (!(error instanceof Error && error.name === 'TimeoutError')) throw error;
    test.info().annotations.push({ type: 'screenshot skipped', description: name });
  }
}

async function merchant(method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetchFromNode(shopApi(path), {
    method,
    headers: { Authorization: auth(), 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.ok, `${method} ${path}: ${response.status}`).toBe(true);
  return response.status === 204 ? undefined : response.json();
}

/** A receiver this test controls: it fails (503) until it is fixed. */
async function startStandInReceiver(): Promise<{
  origin: string;
  fix(): void;
  events: string[];
  close(): Promise<void>;
}> {
  let fixed = false;
  const events: string[] = [];
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (fixed) events.push(String(req.headers['karla-event'] ?? ''));
      res.writeHead(fixed ? 200 : 503, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://claims-stand-in.localhost:${port}`,
    fix: () => {
      fixed = true;
    },
    events,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A defective mug with two photos and a package photo, through the Resolve flow; returns the claim's uuid. */
async function submitClaim(page: Page): Promise<string> {
  const f = locales.en.flow;
  await page.goto(
    `${stack.app}/resolve/${CLAIMS_SHOP}/finder?lang=en&orderNumber=1009&zipCode=80331&flowType=defective`,
  );
  await expect(page.getByRole('heading', { level: 1, name: f.items.title })).toBeVisible({ timeout: 15_000 });
  await page.getByRole('checkbox', { name: /Stoneware mug/ }).check();
  await page.getByRole('button', { name: f.continue }).click();
  await expect(page.getByRole('heading', { level: 1, name: f.evidence.title })).toBeVisible();
  await page
    .locator('[id="photos-MUG-STONE-01"]')
    .setInputFiles([pngPhoto('mug-a.png', 640, 480, 11), pngPhoto('mug-b.png', 480, 640, 12)]);
  await page.locator('#photos-package').setInputFiles([pngPhoto('box.png', 800, 600, 13)]);
  await expect(page.getByText(f.evidence.uploaded, { exact: true })).toHaveCount(3, { timeout: 20_000 });
  await page.getByRole('button', { name: f.continue }).click();
  await page.getByLabel(f.description.label).fill(DESCRIPTION);
  await page.getByRole('button', { name: f.continue }).click();
  await page.getByRole('radio', { name: f.preference.refund.title }).check();
  await page.getByRole('button', { name: f.continue }).click();
  await page.getByRole('button', { name: f.review.submit }).click();
  await expect(page.getByRole('heading', { level: 1, name: f.done.title })).toBeVisible({ timeout: 20_000 });
  return (await page.locator('[data-claim-uuid]').getAttribute('data-claim-uuid')) ?? '';
}

async function signIn(browser: Browser, options: { phone?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext(
    options.phone
      ? { locale: 'de-DE', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }
      : { locale: 'en-US', viewport: { width: 1280, height: 900 } },
  );
  const page = await context.newPage();
  await page.goto(portal('/'));
  await page.getByLabel(options.phone ? 'E-Mail' : 'Email').fill(claimsAccounts.admin);
  await page.getByLabel(options.phone ? 'Passwort' : 'Password').fill(PORTAL_PASSWORD);
  await page.getByRole('button', { name: options.phone ? 'Anmelden' : 'Sign in' }).click();
  await expect(page.locator('nav.side')).toBeVisible({ timeout: 15_000 });
  return page;
}

async function download(page: Page, name: string): Promise<{ text: string; rows: Record<string, string>[] }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
  const text = readFileSync((await file.path()) ?? '', 'utf8');
  // The CSV parser of the export's server tests; the byte order mark is Excel's cue for UTF-8.
  expect(text.startsWith('\uFEFF')).toBe(true);
  const rows = parse(text, { bom: true, columns: true }) as Record<string, string>[];
  return { text, rows };
}

test.describe('the Claims view', () => {
  // The member's test reads the claim the first one submitted.
  test.describe.configure({ mode: 'serial' });
  test('find a submitted claim, open its photos, change it, retry its parked delivery, export it; axe on desktop and phone', async ({
    page,
    browser,
  }) => {
    test.setTimeout(240_000);
    const receiver = await startStandInReceiver();
    try {
      const hook = z.parse(
        webhookSchema,
        await merchant('POST', '/webhooks', { url: `${receiver.origin}/hook`, description: 'Failing stand-in' }),
      );
      const uuid = await submitClaim(page);
      const reference = claimReference(uuid);

      // The stand-in fails: the delivery waits for another attempt. Pausing the webhook parks it
      // at that attempt, as a merchant's broken receiver ends up parked.
      const standInJobs = async () =>
        z
          .parse(deliveryListSchema, await merchant('GET', `/claims/${uuid}/deliveries`))
          .data.filter((job) => job.webhook_id === hook.uuid);
      await expect
        .poll(async () => (await standInJobs()).some((job) => job.attempts >= 1), { timeout: 30_000 })
        .toBe(true);
      await merchant('PATCH', `/webhooks/${hook.uuid}`, { status: 'inactive' });
      await expect
        .poll(async () => (await standInJobs()).map((job) => job.state), { timeout: 60_000 })
        .toEqual(['parked']);

      // The list: the parked count leads to the claim; the search finds it by its reference.
      const admin = await signIn(browser);
      await admin.getByRole('link', { name: portalEn.nav.claims }).click();
      await expect(admin.getByRole('heading', { level: 1, name: t.title })).toBeVisible();
      await admin.getByRole('link', { name: /with a parked delivery/ }).click();
      await expect(admin).toHaveURL(/delivery=parked/);
      await admin.getByLabel(t.filter.q).fill(reference.toLowerCase());
      await admin.getByRole('button', { name: t.filter.search }).click();
      await expect(admin).toHaveURL(new RegExp(`q=${reference.toLowerCase()}`));
      const table = admin.getByRole('table', { name: t.list_label });
      const row = table.getByRole('row').filter({ hasText: reference });
      await expect(row).toHaveCount(1, { timeout: 15_000 });
      await expect(row).toContainText('#1009');
      await expect(row).toContainText('Jonas Weber');
      await expect(row).toContainText(t.delivery_badge.parked);
      await expect(admin.locator('[role="status"]', { hasText: 'Loading' })).toHaveCount(0);
      await noAxeViolations(admin, 'claims list');
      await record(admin, 'claims-1-list');
      // Back restores the previous filter; Forward the search.
      await admin.goBack();
      await expect(admin.getByLabel(t.filter.q)).toHaveValue('');
      await expect(admin.getByLabel(t.filter.delivery)).toHaveValue('parked');
      await admin.goForward();
      await expect(admin.getByLabel(t.filter.q)).toHaveValue(reference.toLowerCase());

      // The export of exactly this filter: one claim, its description neutralised, umlauts intact.
      const claims = await download(admin, t.export.claims);
      expect(claims.rows).toHaveLength(1);
      expect(claims.rows[0]).toMatchObject({ reference, order_number: '#1009', flow_type: 'defective' });
      expect(claims.rows[0]?.description).toBe(`'${DESCRIPTION}`);
      const items = await download(admin, t.export.items);
      expect(items.rows.map((item) => [item.reference, item.sku, item.quantity])).toEqual([
        [reference, 'MUG-STONE-01', '1'],
      ]);

      // The claim: photos full size with the keyboard.
      await row.getByRole('link', { name: reference }).click();
      await expect(admin.getByRole('heading', { level: 1, name: `Claim ${reference}` })).toBeVisible();
      await expect(admin.getByText(DESCRIPTION)).toBeVisible();
      const first = admin.getByRole('button', { name: 'Photo 1 of Stoneware mug, sand' });
      await first.click();
      const dialog = admin.getByRole('dialog');
      await expect(dialog.getByRole('img', { name: 'Photo 1 of Stoneware mug, sand' })).toBeVisible();
      await expect
        .poll(() => dialog.getByRole('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
        .toBeGreaterThan(0);
      await admin.keyboard.press('ArrowRight');
      await expect(dialog.getByRole('img', { name: 'Photo 2 of Stoneware mug, sand' })).toBeVisible();
      await noAxeViolations(admin, 'photo viewer');
      await record(admin, 'claims-2-photo-viewer');
      await admin.keyboard.press('Escape');
      await expect(dialog).toHaveCount(0);
      await expect(first).toBeFocused();
      await noAxeViolations(admin, 'claim detail');
      await record(admin, 'claims-3-detail');

      // A status change: in the activity with who did it, and as claims/updated at the receiver.
      await admin.getByLabel(t.col.status, { exact: true }).selectOption('accepted');
      await admin.getByRole('button', { name: t.change.save }).click();
      await expect(admin.getByText(t.change.saved)).toBeVisible({ timeout: 15_000 });
      await expect(admin.getByText('Status changed from Open to Accepted')).toBeVisible({ timeout: 15_000 });
      await expect(admin.getByText(`by ${claimsAccounts.admin}`)).toBeVisible();
      const receiverPage = process.env.E2E_WEBHOOK_RECEIVER_ORIGIN ?? '';
      await expect
        .poll(
          async () => {
            const html = await (await fetchFromNode(`${receiverPage}/`)).text();
            return html
              .split('<li>')
              .some((entry) => entry.includes('claims/updated') && entry.includes(uuid) && entry.includes('valid'));
          },
          { timeout: 30_000 },
        )
        .toBe(true);

      // The stand-in works again and the webhook is back on: "Retry" delivers what was parked.
      receiver.fix();
      await merchant('PATCH', `/webhooks/${hook.uuid}`, { status: 'active' });
      await admin.reload();
      const parked = admin
        .getByRole('article')
        .filter({ hasText: 'Failing stand-in' })
        .filter({
          has: admin.getByRole('button', { name: /Retry/ }),
        });
      await expect(parked.first()).toBeVisible({ timeout: 15_000 });
      await expect(parked.first()).toContainText(portalEn.claims.delivery_error.webhook_inactive);
      for (let left = await parked.count(); left > 0; left--) {
        await parked.first().getByRole('button', { name: /Retry/ }).click();
        await expect(parked).toHaveCount(left - 1, { timeout: 15_000 });
      }
      await expect(admin.getByRole('alert')).toHaveCount(0);
      await expect
        .poll(async () => (await standInJobs()).map((job) => job.state).sort(), { timeout: 30_000 })
        .toEqual(['delivered']);
      // Only the parked claims/created: the webhook was paused when the status changed, so it had no claims/updated job.
      expect(receiver.events).toEqual(['claims/created']);
      await expect(admin.getByRole('article').filter({ hasText: 'Failing stand-in' }).first()).toContainText(
        t.delivery_state.delivered,
        { timeout: 15_000 },
      );
      await admin.context().close();

      // On a phone, in German: the list as cards, nothing scrolls sideways, axe on both pages.
      const phone = await signIn(browser, { phone: true });
      await phone.goto(portal(`/shops/${CLAIMS_SHOP}/claims?q=${reference}`));
      const cards = phone.getByRole('list', { name: portalDe.claims.list_label });
      await expect(cards.getByRole('link', { name: reference })).toBeVisible({ timeout: 15_000 });
      await expect(phone.locator('[role="status"]', { hasText: 'Wird geladen' })).toHaveCount(0);
      await noAxeViolations(phone, 'claims list on a phone');
      await record(phone, 'claims-4-list-phone');
      expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(
        0,
      );
      await cards.getByRole('link', { name: reference }).click();
      await expect(phone.getByRole('heading', { level: 1, name: `Reklamation ${reference}` })).toBeVisible();
      await expect(phone.locator('[role="status"]', { hasText: 'Wird geladen' })).toHaveCount(0, { timeout: 15_000 });
      await noAxeViolations(phone, 'claim detail on a phone');
      await record(phone, 'claims-5-detail-phone');
      expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(
        0,
      );
      await phone.context().close();
    } finally {
      await receiver.close();
    }
  });

  test('a member reads and exports claims but has no control to change one', async ({ browser }) => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(portal('/'));
    await page.getByLabel('Email').fill(claimsAccounts.member);
    await page.getByLabel('Password').fill(PORTAL_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: portalEn.nav.claims }).click();
    await expect(page.getByRole('heading', { level: 1, name: t.title })).toBeVisible({ timeout: 15_000 });
    await expect(page.getByRole('link', { name: t.export.claims })).toBeVisible();
    const reference = page.getByRole('table', { name: t.list_label }).getByRole('link').first();
    await expect(reference).toBeVisible({ timeout: 15_000 });
    await reference.click();
    await expect(page.getByText(t.read_only)).toBeVisible({ timeout: 15_000 });
    await expect(page.getByLabel(t.col.status, { exact: true })).toHaveCount(0);
    await expect(page.getByRole('button', { name: t.change.save })).toHaveCount(0);
    await expect(page.getByRole('heading', { name: t.deliveries.title })).toBeVisible();
    // With the session's own CSRF token, the server refuses the change too.
    const answer = await page.evaluate(
      async (path) => {
        const session = (await (await fetch('/v1/portal/session')).json()) as { csrf_token: string };
        const response = await fetch(path, {
          method: 'PUT',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrf_token },
          body: JSON.stringify({ status: 'closed' }),
        });
        return response.status;
      },
      new URL(page.url()).pathname.replace('/portal/shops/', '/v1/shops/'),
    );
    expect(answer).toBe(403);
    await context.close();
  });
});
