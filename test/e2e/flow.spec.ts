import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page, TestInfo } from '@playwright/test';
import * as z from 'zod/mini';
import { locales } from '../../locales/index.js';
import { claimSchema } from '../../src/core/claims.js';
import { deliveryListSchema } from '../../src/core/integrations.js';
import { SUPPORTED_LANGUAGES } from '../../src/core/languages.js';
import { resolveLinkResponseSchema } from '../../src/core/session.js';
import { expect, fetchFromNode, stack, test, tileLinks } from './fixtures.js';
import { pngPhoto } from './photos.js';

/**
 * The Resolve flow in real Chromium against the demo stack: whole journeys (photos included) that
 * end in a stored claim read back through the merchant API, deep and token links, reloads, every
 * language's finder, and axe (WCAG 2.1 A/AA) on every step. Each journey saves a screenshot per
 * step to test-results/screenshots/.
 */
const SCREENSHOTS = 'test-results/screenshots';
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const finder = (lang: string, query = '') => `${stack.app}/resolve/${stack.shopSlug}/finder?lang=${lang}${query}`;

/**
 * How long one step's screenshot may take. Without its own timeout a screenshot takes whatever is
 * left of the test's, and on a busy machine a slow full-page capture used it all up.
 */
const SCREENSHOT_TIMEOUT_MS = 20_000;

/**
 * Axe finds no WCAG 2.1 A/AA violation (the check); the step is saved as a screenshot (a record).
 * The screenshot freezes CSS transitions and the caret, so Chromium need not wait for frames to
 * settle, and has a bounded time of its own: when a starved machine still cannot take it in time,
 * the journey goes on and the report notes the missing picture instead of failing a check that
 * passed.
 */
async function checkStep(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  expect(
    results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    `axe on ${name}`,
  ).toEqual([]);
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = `${SCREENSHOTS}/${name}.png`;
  try {
    await page.screenshot({
      path,
      fullPage: true,
      animations: 'disabled',
      caret: 'hide',
      timeout: SCREENSHOT_TIMEOUT_MS,
    });
  } catch (error) {
    if (!(error instanceof Error && error.name === 'TimeoutError')) throw error;
    testInfo.annotations.push({
      type: 'screenshot skipped',
      description: `${name}: not taken within ${SCREENSHOT_TIMEOUT_MS} ms`,
    });
    return;
  }
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name });

async function merchantClaim(uuid: string) {
  const response = await fetchFromNode(`${stack.api}/v1/shops/${stack.shopSlug}/claims/${uuid}`, {
    headers: { Authorization: stack.merchantAuth },
  });
  expect(response.status).toBe(200);
  return z.parse(claimSchema, await response.json());
}

async function lookUp(page: Page, orderNumber: string, zipCode: string, t = locales.en.flow.finder) {
  await page.getByLabel(t.order_number).fill(orderNumber);
  await page.getByLabel(t.zip_code).fill(zipCode);
  await page.getByRole('button', { name: t.submit }).click();
}

test.describe('the whole journey', () => {
  // Many steps, each with an axe run and a full-page screenshot: on a loaded 2-core machine the
  // default 30 s is not enough for the journey itself.
  test.describe.configure({ timeout: 120_000 });
  test('English, from the Help Center tile, defective items with photos: every step accessible, the claim stored as answered and delivered', async ({
    page,
  }, testInfo) => {
    // A whole journey: many steps, each with its accessibility check; on a busy machine a minute is normal.
    test.setTimeout(150_000);
    const t = locales.en.flow;
    await page.goto(`${stack.helpCenter}/en-US/returns-and-claims-12`);
    await page
      .getByRole('link', { name: new RegExp(locales.en.tile.title) })
      .first()
      .click();
    await expect(page).toHaveURL(finder('en'));
    await expect(heading(page, t.finder.title)).toBeVisible();
    await checkStep(page, testInfo, 'en-1-finder');

    // A wrong ZIP says which field is wrong.
    await lookUp(page, '1009', '99999');
    await expect(page.getByRole('alert')).toHaveText(t.finder.zip_code_mismatch);
    await expect(page.getByLabel(t.finder.zip_code)).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel(t.finder.zip_code)).toBeFocused();
    await lookUp(page, '#1009', '80331');

    await expect(heading(page, t.issue.title)).toBeVisible();
    await expect(page.getByText('Ordered on November 14, 2026')).toBeVisible();
    await checkStep(page, testInfo, 'en-2-issue');
    await page.getByRole('button', { name: t.continue }).click();
    await expect(page.getByRole('alert')).toContainText(t.problems.choose_issue);
    await page.getByRole('radio', { name: t.flows.defective.title }).check();
    await page.getByRole('button', { name: t.continue }).click();

    await expect(heading(page, t.items.title)).toBeVisible();
    await expect(page.getByText('€14.90 each')).toBeVisible();
    await page.getByRole('checkbox', { name: /Stoneware mug/ }).check();
    await page.getByRole('checkbox', { name: /Dinner plate/ }).check();
    await page.getByLabel(t.items.affected_units).fill('2');
    await checkStep(page, testInfo, 'en-3-items');
    await page.getByRole('button', { name: t.continue }).click();

    await expect(heading(page, t.evidence.title)).toBeVisible();
    await page.getByRole('button', { name: t.continue }).click();
    await expect(page.getByRole('alert')).toContainText('Add at least 1 photo of Stoneware mug, sand.');
    await page
      .locator('[id="photos-MUG-STONE-01"]')
      .setInputFiles([pngPhoto('mug-1.png', 640, 480, 1), pngPhoto('mug-2.png', 640, 480, 2)]);
    await page.locator('[id="photos-PLATE-26-GRY"]').setInputFiles([pngPhoto('plate.png', 480, 640, 3)]);
    await page.locator('#photos-package').setInputFiles([pngPhoto('package.png', 800, 600, 4)]);
    await expect(page.getByText(t.evidence.uploaded, { exact: true })).toHaveCount(4);
    await expect(page.getByText('2 photos added.')).toBeVisible();
    // Remove one and add it back: the claim must carry exactly what is shown.
    await page.getByRole('button', { name: 'Remove Photo 2 of Stoneware mug, sand' }).click();
    await expect(page.getByText('1 photo added.').first()).toBeVisible();
    await page.locator('[id="photos-MUG-STONE-01"]').setInputFiles([pngPhoto('mug-3.png', 640, 480, 5)]);
    await expect(page.getByText(t.evidence.uploaded, { exact: true })).toHaveCount(4);
    await checkStep(page, testInfo, 'en-4-evidence');
    await page.getByRole('button', { name: t.continue }).click();

    await expect(heading(page, t.description.title)).toBeVisible();
    const description = 'The mug handle broke off and both plates arrived cracked.';
    await page.getByLabel(t.description.label).fill(description);
    await expect(page.getByText(`${description.length} of 2000 characters`)).toBeVisible();
    await checkStep(page, testInfo, 'en-5-description');
    await page.getByRole('button', { name: t.continue }).click();

    await expect(heading(page, t.preference.title)).toBeVisible();
    await page.getByRole('radio', { name: t.preference.reorder.title }).check();
    await checkStep(page, testInfo, 'en-6-preference');
    await page.getByRole('button', { name: t.continue }).click();

    await expect(heading(page, t.review.title)).toBeVisible();
    await expect(page.getByText('1 × Stoneware mug, sand')).toBeVisible();
    await expect(page.getByText('2 × Dinner plate 26 cm, grey')).toBeVisible();
    await expect(page.getByText('4 photos')).toBeVisible();
    await checkStep(page, testInfo, 'en-7-review');
    // "Change" goes to the step and back to the review.
    await page.getByRole('button', { name: `${t.review.change} ${t.review.description}` }).click();
    await expect(heading(page, t.description.title)).toBeVisible();
    const edited = `${description} The box was dented.`;
    await page.getByLabel(t.description.label).fill(edited);
    await page.getByRole('button', { name: t.back_to_review }).click();
    await expect(page.getByText(edited)).toBeVisible();
    await page.getByRole('button', { name: t.review.submit }).click();

    await expect(heading(page, t.done.title)).toBeVisible();
    await expect(page.getByText('j•••@example.de', { exact: false })).toBeVisible();
    await checkStep(page, testInfo, 'en-8-confirmation');
    const uuid = await page.locator('[data-claim-uuid]').getAttribute('data-claim-uuid');
    const claim = await merchantClaim(uuid ?? '');
    expect(claim).toMatchObject({
      order_number: '#1009',
      flow_type: 'defective',
      resolution_preference: 'reorder',
      description: edited,
      language: 'en',
      status: 'pending',
    });
    expect(claim.selected_items.map((item) => [item.sku, item.quantity, item.image_urls.length])).toEqual([
      ['MUG-STONE-01', 1, 2],
      ['PLATE-26-GRY', 2, 1],
    ]);
    expect(claim.image_urls).toHaveLength(3);
    expect(claim.optional_image_urls).toHaveLength(1);
    const photo = await fetchFromNode(claim.image_urls[0] ?? '');
    expect(photo.headers.get('content-type')).toMatch(/^image\//);

    // And on to the shop's helpdesks (the demo's Gorgias and Dixa stand-ins) and its webhook.
    const deliveries = async () => {
      const response = await fetchFromNode(`${stack.api}/v1/shops/${stack.shopSlug}/claims/${claim.uuid}/deliveries`, {
        headers: { Authorization: stack.merchantAuth },
      });
      return z.parse(deliveryListSchema, await response.json()).data;
    };
    await expect
      .poll(async () => (await deliveries()).map((d) => `${d.target}:${d.state}`).sort(), { timeout: 20_000 })
      .toEqual(['dixa:delivered', 'gorgias:delivered', 'webhook:delivered']);
    expect((await deliveries()).filter((d) => d.target !== 'webhook').every((d) => d.remote_id)).toBe(true);
  });

  test.describe('on a phone', () => {
    test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

    test('German, wrong item with photos and a refund: prices and dates in German, camera offered', async ({
      page,
    }, testInfo) => {
      // A whole journey: many steps, each with its accessibility check; on a busy machine a minute is normal.
      test.setTimeout(150_000);
      const t = locales.de.flow;
      await page.goto(finder('de'));
      await expect(heading(page, t.finder.title)).toBeVisible();
      await checkStep(page, testInfo, 'de-1-finder');
      await lookUp(page, '1001', '10119', t.finder);

      await expect(heading(page, t.issue.title)).toBeVisible();
      await expect(page.getByText('Bestellt am 14. November 2026')).toBeVisible();
      await checkStep(page, testInfo, 'de-2-issue');
      await page.getByRole('radio', { name: t.flows.wrongProduct.title }).check();
      await page.getByRole('button', { name: t.continue }).click();

      await expect(heading(page, t.items.title)).toBeVisible();
      await expect(page.getByText('je 12,50 €')).toBeVisible();
      await page.getByRole('checkbox', { name: /Dinner plate/ }).check();
      await page.getByLabel(t.items.affected_units).fill('3');
      await checkStep(page, testInfo, 'de-3-items');
      await page.getByRole('button', { name: t.continue }).click();

      await expect(heading(page, t.evidence.title)).toBeVisible();
      const camera = page
        .getByRole('group', { name: 'Dinner plate 26 cm, grey' })
        .locator('label', { hasText: t.evidence.take_photo })
        .locator('input[type=file]');
      await expect(camera).toHaveAttribute('capture', 'environment');
      await camera.setInputFiles([pngPhoto('teller.png', 400, 300, 6)]);
      await expect(page.getByText(t.evidence.uploaded, { exact: true })).toHaveCount(1);
      await expect(page.getByText('1 Foto hinzugefügt.').first()).toBeVisible();
      await checkStep(page, testInfo, 'de-4-evidence');
      await page.getByRole('button', { name: t.continue }).click();

      await expect(heading(page, t.description.title)).toBeVisible();
      await page.getByLabel(t.description.label).fill('Statt grauer Teller kamen weiße.');
      await checkStep(page, testInfo, 'de-5-description');
      await page.getByRole('button', { name: t.continue }).click();

      await expect(heading(page, t.preference.title)).toBeVisible();
      await page.getByRole('radio', { name: t.preference.refund.title }).check();
      await checkStep(page, testInfo, 'de-6-preference');
      await page.getByRole('button', { name: t.continue }).click();

      await expect(heading(page, t.review.title)).toBeVisible();
      await expect(page.getByText('3 × Dinner plate 26 cm, grey')).toBeVisible();
      await checkStep(page, testInfo, 'de-7-review');
      await page.getByRole('button', { name: t.review.submit }).click();

      await expect(heading(page, t.done.title)).toBeVisible();
      await checkStep(page, testInfo, 'de-8-confirmation');
      const claim = await merchantClaim(
        (await page.locator('[data-claim-uuid]').getAttribute('data-claim-uuid')) ?? '',
      );
      expect(claim).toMatchObject({
        order_number: '#1001',
        flow_type: 'wrongProduct',
        resolution_preference: 'refund',
        description: 'Statt grauer Teller kamen weiße.',
        language: 'de',
      });
      expect(claim.selected_items.map((item) => [item.sku, item.quantity, item.image_urls.length])).toEqual([
        ['PLATE-26-GRY', 3, 1],
      ]);
    });
  });

  test('not received: drop-off question and a drawn signature reach the claim', async ({ page }, testInfo) => {
    // A whole journey: many steps, each with its accessibility check; on a busy machine a minute is normal.
    test.setTimeout(150_000);
    const t = locales.en.flow;
    await page.goto(finder('en', '&orderNumber=1008&zipCode=00184&flowType=notReceived'));
    await expect(heading(page, t.items.title)).toBeVisible();
    await page.getByRole('checkbox', { name: /Tall glass vase/ }).check();
    await page.getByRole('button', { name: t.continue }).click();

    await expect(heading(page, t.evidence.title_not_received)).toBeVisible();
    await page.getByRole('button', { name: t.continue }).click();
    await expect(page.getByRole('alert')).toContainText(t.problems.dropoff_missing);
    await page.getByRole('radio', { name: t.evidence.dropoff_no }).check();
    const pad = page.getByRole('img', { name: t.evidence.signature_pad_label });
    const box = await pad.boundingBox();
    if (!box) throw new Error('no signature pad');
    await page.mouse.move(box.x + 30, box.y + 100);
    await page.mouse.down();
    for (const [x, y] of [
      [80, 60],
      [130, 120],
      [180, 70],
      [240, 110],
    ] as const)
      await page.mouse.move(box.x + x, box.y + y, { steps: 5 });
    await page.mouse.up();
    await expect(page.getByText(t.evidence.signature_saved)).toBeVisible();
    await checkStep(page, testInfo, 'not-received-evidence');
    await page.getByRole('button', { name: t.continue }).click();
    await page.getByRole('button', { name: t.continue }).click(); // description is optional
    await page.getByRole('radio', { name: t.preference.refund.title }).check();
    await page.getByRole('button', { name: t.continue }).click();
    await expect(page.getByText(t.review.dropoff_no)).toBeVisible();
    await expect(page.getByText(t.review.signed, { exact: true })).toBeVisible();
    await page.getByRole('button', { name: t.review.submit }).click();
    await expect(heading(page, t.done.title)).toBeVisible();

    const claim = await merchantClaim((await page.locator('[data-claim-uuid]').getAttribute('data-claim-uuid')) ?? '');
    expect(claim).toMatchObject({
      flow_type: 'notReceived',
      reason: 'investigation',
      dropoff_permission: false,
      description: null,
    });
    expect(claim.customer_signature_image_url).toBeTruthy();
    const signature = await fetchFromNode(claim.customer_signature_image_url ?? '');
    expect(signature.headers.get('content-type')).toBe('image/png');
  });
});

test.describe('links into the flow', () => {
  test('order number, ZIP and flow type in the link skip the finder and the issue step', async ({ page }) => {
    const t = locales.en.flow;
    await page.goto(finder('en', '&orderNumber=1002&zipCode=SW1A%201AA&flowType=defective'));
    await expect(heading(page, t.items.title)).toBeVisible();
    await expect(page.getByText('£89.00 each')).toBeVisible();
    // Back goes to the issue step the link skipped, with the linked flow chosen.
    await page.getByRole('button', { name: t.back }).click();
    await expect(heading(page, t.issue.title)).toBeVisible();
    await expect(page.getByRole('radio', { name: t.flows.defective.title })).toBeChecked();
    // An in-transit order cannot be "not received" yet: that link stops at the issue step.
    await page.goto(finder('en', '&orderNumber=1002&zipCode=SW1A%201AA&flowType=notReceived'));
    await expect(heading(page, t.issue.title)).toBeVisible();
    await expect(page.getByRole('radio', { name: t.flows.notReceived.title })).toHaveCount(0);
  });

  test('a merchant resolve link opens the order in its language without asking for anything, and leaves no token in the address bar', async ({
    page,
  }) => {
    const response = await fetchFromNode(`${stack.api}/v1/shops/${stack.shopSlug}/orders/1005/resolve-link`, {
      method: 'POST',
      headers: { Authorization: stack.merchantAuth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ language: 'pl' }),
    });
    expect(response.status).toBe(201);
    const link = z.parse(resolveLinkResponseSchema, await response.json());
    expect(link.url.startsWith(`${stack.app}/resolve/${stack.shopSlug}/finder`)).toBe(true);
    await page.goto(link.url);
    await expect(heading(page, locales.pl.flow.issue.title)).toBeVisible();
    await expect(page.getByText('Zamówienie #1005')).toBeVisible();
    expect(new URL(page.url()).searchParams.has('token')).toBe(false);
    // A tampered token gets a clear message and the finder.
    await page.goto(`${stack.app}/resolve/${stack.shopSlug}/finder?lang=pl&token=${'x'.repeat(40)}`);
    await expect(page.getByRole('alert')).toHaveText(locales.pl.flow.finder.link_invalid);
  });

  test('a reload mid-flow keeps every answer and uploaded photo', async ({ page }) => {
    // A whole journey: many steps, each with its accessibility check; on a busy machine a minute is normal.
    test.setTimeout(150_000);
    const t = locales.en.flow;
    await page.goto(finder('en'));
    await lookUp(page, '1007', '28013');
    await page.getByRole('radio', { name: t.flows.defective.title }).check();
    await page.getByRole('button', { name: t.continue }).click();
    await page.getByRole('checkbox', { name: /Wool throw/ }).check();
    await page.getByLabel(t.items.affected_units).fill('2');
    await page.getByRole('button', { name: t.continue }).click();
    await page.locator('[id="photos-THROW-WOOL-GRN"]').setInputFiles([pngPhoto('throw.png', 300, 300, 7)]);
    await expect(page.getByText(t.evidence.uploaded, { exact: true })).toHaveCount(1);
    await page.getByRole('button', { name: t.continue }).click();
    await page.getByLabel(t.description.label).fill('A moth hole in one of them.');
    await page.waitForTimeout(600); // the draft is saved 250 ms after the last change

    await page.reload();
    await expect(heading(page, t.description.title)).toBeVisible();
    await expect(page.getByLabel(t.description.label)).toHaveValue('A moth hole in one of them.');
    await page.getByRole('button', { name: t.back }).click();
    await expect(heading(page, t.evidence.title)).toBeVisible();
    await expect(page.getByText('1 photo added.')).toBeVisible();
    await expect(page.getByRole('img', { name: 'Photo 1 of Wool throw, moss green' })).toBeVisible();
    await page.getByRole('button', { name: t.continue }).click();
    await page.getByRole('button', { name: t.continue }).click();
    await page.getByRole('radio', { name: t.preference.refund.title }).check();
    await page.getByRole('button', { name: t.continue }).click();
    await page.getByRole('button', { name: t.review.submit }).click();
    await expect(heading(page, t.done.title)).toBeVisible();
    const claim = await merchantClaim((await page.locator('[data-claim-uuid]').getAttribute('data-claim-uuid')) ?? '');
    expect(claim.selected_items.map((item) => [item.sku, item.quantity, item.image_urls.length])).toEqual([
      ['THROW-WOOL-GRN', 2, 1],
    ]);
    expect(claim.description).toBe('A moth hole in one of them.');
    // Done means done: the draft is gone, a reload starts afresh.
    await page.reload();
    await expect(heading(page, t.finder.title)).toBeVisible();
  });
});

test.describe('when things go wrong, and without a mouse', () => {
  test('a submission the network lost is kept: shown as saved, sent by itself after a reload, stored once', async ({
    page,
  }) => {
    test.setTimeout(90_000);
    const t = locales.en.flow;
    await page.goto(finder('en', '&orderNumber=1004&zipCode=2100&flowType=support'));
    await expect(heading(page, t.description.title)).toBeVisible();
    const description = `Lost on the wire ${Date.now()}`;
    await page.getByLabel(t.description.label).fill(description);
    await page.getByRole('button', { name: t.continue }).click();
    await page.getByRole('radio', { name: t.preference.refund.title }).check();
    await page.getByRole('button', { name: t.continue }).click();

    // Every attempt to send the claim fails at the network level, as on a train going into a tunnel.
    await page.route('**/resolve/claims', (route) => route.abort('internetdisconnected'));
    await page.getByRole('button', { name: t.review.submit }).click();
    await expect(page.getByRole('button', { name: t.review.submitting })).toBeDisabled();
    await expect(page.getByRole('alert')).toHaveText(t.review.saved_offline, { timeout: 40_000 });
    await expect(page.getByRole('button', { name: t.review.retry })).toBeVisible();

    // Back online, the customer just comes back to the page: nothing to re-enter, nothing to press.
    await page.unroute('**/resolve/claims');
    await page.reload();
    await expect(heading(page, t.done.title)).toBeVisible({ timeout: 20_000 });
    const list = await fetchFromNode(`${stack.api}/v1/shops/${stack.shopSlug}/claims?order_number=1004`, {
      headers: { Authorization: stack.merchantAuth },
    });
    const claims = (await list.json()) as { data: { description: string | null }[] };
    expect(claims.data.filter((claim) => claim.description === description)).toHaveLength(1);
  });

  test('a whole claim with the keyboard alone', async ({ page }) => {
    // A whole journey: many steps, each with its accessibility check; on a busy machine a minute is normal.
    test.setTimeout(150_000);
    const t = locales.en.flow;
    await page.goto(finder('en'));
    await expect(heading(page, t.finder.title)).toBeVisible();
    const tabTo = async (name: string | RegExp, role: 'button' | 'radio' | 'checkbox' | 'textbox' = 'button') => {
      const target = page.getByRole(role, { name });
      for (let presses = 0; presses < 30; presses++) {
        if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) return;
        await page.keyboard.press('Tab');
      }
      throw new Error(`Tab never reached ${String(name)}`);
    };
    await tabTo(t.finder.order_number, 'textbox');
    await page.keyboard.type('1008');
    await page.keyboard.press('Tab');
    await expect(page.getByLabel(t.finder.zip_code)).toBeFocused();
    await page.keyboard.type('00184');
    await page.keyboard.press('Enter');

    await expect(heading(page, t.issue.title)).toBeFocused();
    await tabTo(new RegExp(t.flows.defective.title), 'radio');
    await page.keyboard.press('ArrowDown'); // radio group: arrows choose
    await expect(page.getByRole('radio', { name: new RegExp(t.flows.notReceived.title) })).toBeChecked();
    await tabTo(t.continue);
    await page.keyboard.press('Enter');

    await expect(heading(page, t.items.title)).toBeFocused();
    await tabTo(/Tall glass vase/, 'checkbox');
    await page.keyboard.press('Space');
    await tabTo(t.continue);
    await page.keyboard.press('Enter');

    await expect(heading(page, t.evidence.title_not_received)).toBeFocused();
    await tabTo(t.evidence.dropoff_yes, 'radio');
    await page.keyboard.press('Space');
    await tabTo(t.continue);
    await page.keyboard.press('Enter');

    await expect(heading(page, t.description.title)).toBeFocused();
    await tabTo(new RegExp(t.description.label), 'textbox');
    await page.keyboard.type('Tracking says delivered, nothing at the door.');
    await tabTo(t.continue);
    await page.keyboard.press('Enter');

    await expect(heading(page, t.preference.title)).toBeFocused();
    await tabTo(new RegExp(t.preference.refund.title), 'radio');
    await page.keyboard.press('Space');
    await tabTo(t.continue);
    await page.keyboard.press('Enter');

    await expect(heading(page, t.review.title)).toBeFocused();
    await tabTo(t.review.submit);
    await page.keyboard.press('Enter');
    await expect(heading(page, t.done.title)).toBeFocused();
    const claim = await merchantClaim((await page.locator('[data-claim-uuid]').getAttribute('data-claim-uuid')) ?? '');
    expect(claim).toMatchObject({
      flow_type: 'notReceived',
      dropoff_permission: true,
      resolution_preference: 'refund',
      description: 'Tracking says delivered, nothing at the door.',
    });
  });
});

test.describe('the finder', () => {
  for (const language of SUPPORTED_LANGUAGES) {
    test(`${language}: page, labels and an unknown order's message in the language`, async ({ page }) => {
      const t = locales[language].flow;
      const configRequests: string[] = [];
      page.on(
        'request',
        (request) => request.url().includes('/resolve/embed-config') && configRequests.push(request.url()),
      );
      await page.goto(finder(language));
      await expect(heading(page, t.finder.title)).toBeVisible();
      expect(configRequests).toHaveLength(0); // the shell carries the shop's config: nothing to wait for
      await expect(page.locator('html')).toHaveAttribute('lang', language);
      await page.getByRole('button', { name: t.finder.submit }).click();
      await expect(page.getByRole('alert')).toHaveText(t.finder.order_number_missing);
      await lookUp(page, `77${SUPPORTED_LANGUAGES.indexOf(language)}01`, '12345', t.finder);
      await expect(page.getByRole('alert')).toHaveText(t.finder.order_not_found);
      await expect(page.getByLabel(t.finder.order_number)).toHaveAttribute('aria-invalid', 'true');
    });
  }

  test('too many wrong ZIP codes: the customer is told to wait, with the wait in minutes', async ({ page }) => {
    const t = locales.en.flow.finder;
    await page.goto(finder('en'));
    for (const zip of ['1111 AA', '2222 BB', '3333 CC', '4444 DD', '5555 EE']) {
      await lookUp(page, '1010', zip);
      await expect(page.getByRole('alert')).toHaveText(t.zip_code_mismatch);
    }
    await lookUp(page, '1010', '3511 AX');
    await expect(page.getByRole('alert')).toHaveText('Too many attempts. Please try again in 15 minutes.');
  });

  test('an unknown shop gets a page that says so', async ({ page }) => {
    await page.goto(`${stack.app}/resolve/no-such-shop/finder?lang=de`);
    await expect(heading(page, locales.de.flow.unavailable.not_found_title)).toBeVisible();
  });
});

test.describe('in the storefront overlay', () => {
  test('a claim completed inside the overlay reaches the page as claim:submitted; Esc inside the flow closes it', async ({
    page,
  }) => {
    // A whole journey: many steps, each with its accessibility check; on a busy machine a minute is normal.
    test.setTimeout(150_000);
    const t = locales.en.flow;
    await page.goto(`${stack.storefront}/account/orders/1001?queue=events`);
    await expect(tileLinks(page)).toBeVisible();
    const open = page.getByRole('button', { name: 'Report a problem', exact: true });

    // Esc pressed inside the flow (focus in the iframe) closes the overlay too.
    await open.click();
    const frame = page.frameLocator('karla-resolve-overlay iframe');
    await expect(frame.getByRole('heading', { level: 1, name: t.issue.title })).toBeVisible();
    await frame.getByRole('radio', { name: t.flows.support.title }).focus();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);

    await open.click();
    await frame.getByRole('radio', { name: t.flows.support.title }).check();
    await frame.getByRole('button', { name: t.continue }).click();
    await frame.getByLabel(t.description.label).fill('Can I change the delivery address?');
    await frame.getByRole('button', { name: t.continue }).click();
    await frame.getByRole('radio', { name: t.preference.refund.title }).check();
    await frame.getByRole('button', { name: t.continue }).click();
    await frame.getByRole('button', { name: t.review.submit }).click();
    await expect(frame.getByRole('heading', { level: 1, name: t.done.title })).toBeVisible();
    const uuid = await frame.locator('[data-claim-uuid]').getAttribute('data-claim-uuid');
    await expect
      .poll(() => page.evaluate(() => window.__events.filter((e) => e[0] === 'claim:submitted')))
      .toEqual([['claim:submitted', uuid]]);
    expect((await merchantClaim(uuid ?? '')).flow_type).toBe('support');

    await frame.locator('[data-step="done"]').getByRole('button', { name: t.done.close }).click();
    await expect(page.getByRole('dialog')).toHaveCount(0);
  });
});
