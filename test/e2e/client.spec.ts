import type { Page } from '@playwright/test';
import * as z from 'zod/mini';
import { claimListSchema, type Claim, type ClaimDraft } from '../../src/core/claims.js';
import type * as ClientModule from '../../src/client/index.js';
import { expect, fetchFromNode, stack, test } from './fixtures.js';

/** What the harness page exposes (see harness/client-harness.ts). */
type Harness = typeof ClientModule & {
  makeTestPhoto(
    width: number,
    height: number,
    options?: { gps?: boolean; orientation?: number; name?: string },
  ): Promise<File>;
};
declare global {
  interface Window {
    ResolveClientHarness: Harness;
    resolveClient: ClientModule.ResolveClient;
    resolveSession: ClientModule.ResolveSession;
    submitted: Claim[];
  }
}

async function claimsFor(orderNumber: string): Promise<Claim[]> {
  const response = await fetchFromNode(
    `${stack.api}/v1/shops/${stack.shopSlug}/claims?order_number=${encodeURIComponent(orderNumber)}&per_page=100`,
    {
      headers: { Authorization: stack.merchantAuth },
    },
  );
  return z.parse(claimListSchema, await response.json()).data;
}

/** Opens the harness, creates a client and a session for the order, uploads one photo. */
async function openSession(page: Page, orderNumber: string, zipCode: string): Promise<string> {
  await page.goto(stack.harness);
  return page.evaluate(
    async ({ api, slug, orderNumber, zipCode }) => {
      const harness = window.ResolveClientHarness;
      window.submitted = [];
      window.resolveClient = harness.createResolveClient({
        shopSlug: slug,
        apiOrigin: api,
        language: 'en',
        retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 400 },
      });
      window.resolveClient.on('submitted', (claim) => window.submitted.push(claim));
      window.resolveSession = await window.resolveClient.lookup({ orderNumber, zipCode });
      const photo = await harness.makeTestPhoto(800, 600);
      return (await window.resolveSession.upload(photo)).id;
    },
    { api: stack.api, slug: stack.shopSlug, orderNumber, zipCode },
  );
}

const draftFor = (sku: string, uploadId: string, description: string): ClaimDraft => ({
  flow_type: 'defective',
  resolution_preference: 'refund',
  language: 'en',
  description,
  selected_items: [{ sku, quantity: 1, upload_ids: [uploadId] }],
});

test.describe('claim-submission client in Chromium against the real API', () => {
  test('offline during submit, then online → exactly one claim', async ({ page, context }) => {
    const before = (await claimsFor('1008')).length;
    const uploadId = await openSession(page, '1008', '00184');
    await context.setOffline(true);
    const failure = await page.evaluate(
      async (draft) => {
        try {
          await window.resolveSession.submitClaim(draft);
          return 'submitted while offline?';
        } catch (error) {
          return (error as { kind: string }).kind;
        }
      },
      draftFor('VASE-TALL-BLU', uploadId, 'Arrived cracked (offline test).'),
    );
    expect(failure).toBe('network');
    expect(await page.evaluate(async () => (await window.resolveClient.pending()).length)).toBe(1);
    expect(await claimsFor('1008')).toHaveLength(before);

    await context.setOffline(false); // fires `online` in the page: the outbox resends.
    await expect.poll(() => page.evaluate(() => window.submitted.length)).toBe(1);
    expect(await page.evaluate(async () => (await window.resolveClient.pending()).length)).toBe(0);
    expect(await claimsFor('1008')).toHaveLength(before + 1);
  });

  test('API answering 503 twice, then OK → exactly one claim, one Idempotency-Key', async ({ page }) => {
    const before = (await claimsFor('1009')).length;
    const uploadId = await openSession(page, '1009', '80331');
    const keys: string[] = [];
    let failures = 0;
    await page.route('**/resolve/claims', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (failures++ < 2) {
        await route.fulfill({
          status: 503,
          contentType: 'application/json',
          body: JSON.stringify({ errors: [], key: 'internal_error', message: 'down', type: 'api_error' }),
        });
      } else {
        await route.continue();
      }
    });
    const claim = await page.evaluate(
      (draft) => window.resolveSession.submitClaim(draft),
      draftFor('LAMP-DESK-OAK', uploadId, 'Switch broken (503 test).'),
    );
    expect(claim.order_number).toBe('#1009');
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    const after = await claimsFor('1009');
    expect(after).toHaveLength(before + 1);
    expect(after.filter((c) => c.uuid === claim.uuid)).toHaveLength(1);
  });

  test('page reloaded mid-submit → the claim arrives exactly once', async ({ page }) => {
    const before = (await claimsFor('1005')).length;
    const uploadId = await openSession(page, '1005', '00-950');
    // The request reaches the API (which stores the claim) but its answer never reaches the page.
    let reachedServer!: () => void;
    const reached = new Promise<void>((resolve) => (reachedServer = resolve));
    await page.route('**/resolve/claims', async (route) => {
      // Sent from the test process, which resolves no `*.localhost` names: same request, loopback address.
      const target = new URL(route.request().url());
      target.hostname = '127.0.0.1';
      await route.fetch({ url: target.toString() });
      reachedServer();
      await new Promise(() => {}); // hold the answer until the reload abandons it
    });
    // This evaluation dies with the reload; that is the point.
    const abandoned = page
      .evaluate(
        (draft) => window.resolveSession.submitClaim(draft),
        draftFor('MUG-STONE-01', uploadId, 'Chipped rim (reload test).'),
      )
      .catch(() => 'abandoned');
    await reached;
    expect(await claimsFor('1005')).toHaveLength(before + 1);

    await page.reload();
    expect(await abandoned).toBe('abandoned');
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    const resumed = await page.evaluate(
      async ({ api, slug }) => {
        const client = window.ResolveClientHarness.createResolveClient({
          shopSlug: slug,
          apiOrigin: api,
          language: 'en',
        });
        const claims = await client.resumePending();
        return { claims: claims.map((c) => c.uuid), pending: (await client.pending()).length };
      },
      { api: stack.api, slug: stack.shopSlug },
    );
    expect(resumed.claims).toHaveLength(1);
    expect(resumed.pending).toBe(0);
    const after = await claimsFor('1005');
    expect(after).toHaveLength(before + 1);
    expect(after.map((c) => c.uuid)).toContain(resumed.claims[0]);
  });

  test('five 12-megapixel photos arrive as ≤ 2048 px images without GPS metadata, progress reaching 100 %', async ({
    page,
  }) => {
    test.setTimeout(90_000);
    await openSession(page, '1001', '10119');
    const result = await page.evaluate(async () => {
      const harness = window.ResolveClientHarness;
      const progress: number[][] = [[], [], [], [], []];
      const photos = await Promise.all(
        [0, 1, 2, 3, 4].map((i) => harness.makeTestPhoto(4000, 3000, { gps: true, name: `IMG_${i}.jpg` })),
      );
      const originals = await Promise.all(
        photos.map(async (photo) => ({
          size: photo.size,
          hasExif: new TextDecoder('latin1')
            .decode(new Uint8Array(await photo.slice(0, 4096).arrayBuffer()))
            .includes('Exif'),
        })),
      );
      const uploads = await Promise.all(
        photos.map((photo, i) =>
          window.resolveSession.upload(photo, { onProgress: (p) => progress[i]!.push(p.percent) }),
        ),
      );
      const claim = await window.resolveSession.submitClaim({
        flow_type: 'defective',
        resolution_preference: 'reorder',
        language: 'en',
        description: 'Five photos (12 MP test).',
        selected_items: [
          { sku: 'MUG-STONE-01', quantity: 2, upload_ids: uploads.slice(0, 3).map((u) => u.id) },
          { sku: 'PLATE-26-GRY', quantity: 1, upload_ids: uploads.slice(3).map((u) => u.id) },
        ],
      });
      return { originals, progress, claim };
    });
    expect(result.originals.every((o) => o.hasExif && o.size > 1_000_000)).toBe(true);
    for (const series of result.progress) {
      expect(series.at(-1)).toBe(100);
      expect([...series].sort((a, b) => a - b)).toEqual(series); // never goes backwards
    }
    const urls = result.claim.selected_items.flatMap((item) => item.image_urls);
    expect(urls).toHaveLength(5);
    for (const url of urls) {
      const bytes = new Uint8Array(await (await fetchFromNode(url)).arrayBuffer());
      const { width, height } = jpegSize(bytes);
      expect(Math.max(width, height)).toBeLessThanOrEqual(2048);
      expect(Math.max(width, height)).toBeGreaterThan(1000);
      expect(Buffer.from(bytes).includes(Buffer.from('Exif'))).toBe(false);
      expect(bytes.length).toBeLessThan(result.originals[0]!.size);
    }
  });

  test('a portrait photo stored sideways with EXIF Orientation 6 arrives upright, without metadata', async ({
    page,
  }) => {
    await openSession(page, '1001', '10119');
    const upload = await page.evaluate(async () => {
      const photo = await window.ResolveClientHarness.makeTestPhoto(4000, 3000, {
        orientation: 6,
        gps: true,
        name: 'IMG_sideways.jpg',
      });
      return window.resolveSession.upload(photo);
    });
    expect(upload.content_type).toBe('image/jpeg');
    const bytes = new Uint8Array(await (await fetchFromNode(upload.url!)).arrayBuffer());
    // Stored 4000×3000, to be viewed rotated: upright it is 3000×4000, scaled to 1536×2048.
    expect(jpegSize(bytes)).toEqual({ width: 1536, height: 2048 });
    expect(Buffer.from(bytes).includes(Buffer.from('Exif'))).toBe(false);
  });

  test('session expired before the claim went out → look up again, resubmit with the same key → exactly one claim', async ({
    page,
  }) => {
    const before = (await claimsFor('1007')).length;
    const firstUpload = await openSession(page, '1007', '28013');
    const requests: { key: string; auth: string }[] = [];
    let refused = false;
    await page.route('**/resolve/claims', async (route) => {
      const headers = route.request().headers();
      requests.push({ key: headers['idempotency-key'] ?? '', auth: headers.authorization ?? '' });
      if (!refused) {
        refused = true;
        await route.fulfill({
          status: 401,
          contentType: 'application/json',
          body: JSON.stringify({
            errors: [],
            key: 'session_invalid',
            message: 'expired',
            type: 'invalid_request_error',
          }),
        });
      } else {
        await route.continue();
      }
    });
    const outcome = await page.evaluate(
      async (draft) => {
        const error = await window.resolveSession.submitClaim(draft).then(
          () => undefined,
          (e: { kind: string; pendingId?: string }) => e,
        );
        const pending = await window.resolveClient.pending();
        return { kind: error?.kind, pendingId: error?.pendingId, states: pending.map((p) => p.state) };
      },
      draftFor('THROW-WOOL-GRN', firstUpload, 'Moth holes (session expiry test).'),
    );
    expect(outcome).toMatchObject({ kind: 'session_expired', states: ['needs_session'] });
    // Nothing resends it on its own: it cannot succeed without a new session.
    expect(await page.evaluate(async () => (await window.resolveClient.resumePending()).length)).toBe(0);

    const claim = await page.evaluate(
      async ({ pendingId, orderNumber, zipCode }) => {
        const harness = window.ResolveClientHarness;
        const fresh = await window.resolveClient.lookup({ orderNumber, zipCode });
        // Uploads belong to the session they were made in: the photo goes up again.
        const photo = await fresh.upload(await harness.makeTestPhoto(800, 600));
        const [pending] = await window.resolveClient.pending();
        const draft = {
          ...pending!.draft,
          selected_items: pending!.draft.selected_items.map((item) => ({ ...item, upload_ids: [photo.id] })),
        };
        return fresh.resubmit(pendingId!, draft);
      },
      { pendingId: outcome.pendingId, orderNumber: '1007', zipCode: '28013' },
    );
    expect(claim.order_number).toBe('#1007');
    expect(requests).toHaveLength(2);
    expect(requests[1]!.key).toBe(requests[0]!.key);
    expect(requests[1]!.auth).not.toBe(requests[0]!.auth);
    const after = await claimsFor('1007');
    expect(after).toHaveLength(before + 1);
    expect(await page.evaluate(async () => (await window.resolveClient.pending()).length)).toBe(0);
  });
});

/** Width and height from a JPEG's SOF marker. */
function jpegSize(bytes: Uint8Array): { width: number; height: number } {
  let offset = 2;
  while (offset < bytes.length) {
    if (bytes[offset] !== 0xff) throw new Error(`not a JPEG marker at ${offset}`);
    const marker = bytes[offset + 1] as number;
    const length = ((bytes[offset + 2] as number) << 8) + (bytes[offset + 3] as number);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return {
        height: ((bytes[offset + 5] as number) << 8) + (bytes[offset + 6] as number),
        width: ((bytes[offset + 7] as number) << 8) + (bytes[offset + 8] as number),
      };
    }
    offset += 2 + length;
  }
  throw new Error('no SOF marker');
}
