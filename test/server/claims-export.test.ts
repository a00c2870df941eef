import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { claimReference } from '../../src/core/claim-reference.js';
import { CLAIM_ITEMS_CSV_COLUMNS, CLAIMS_CSV_COLUMNS } from '../../src/core/claims-view.js';
import { EXPORT_BATCH_SIZE } from '../../src/server/claims-export.js';
import { findShop } from '../../src/server/shops.js';
import { FORMULA_DESCRIPTION, TRICKY_DESCRIPTION, useSeededClaimsApi, seedManyClaims } from './claims-view-support.js';
import { createPortalUser, signIn } from './portal-support.js';
import { backends } from './support.js';

type Row = Record<string, string>;

describe.each(backends)('claims CSV export on $name', (backend) => {
  const { t, claims } = useSeededClaimsApi(backend);

  const exportPath = (query = '', slug = t.slug) => `/v1/shops/${slug}/claims/export.csv${query ? `?${query}` : ''}`;
  const download = async (query = '') => {
    const response = await fetch(t.url(exportPath(query)), { headers: { Authorization: t.merchantAuth } });
    expect(response.status, response.status === 200 ? '' : await response.clone().text()).toBe(200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    return { response, bytes, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) };
  };
  const records = (text: string): Row[] => parse(text, { bom: true, columns: true }) as Row[];

  it('answers an attachment: UTF-8 with BOM, CRLF line ends, the documented columns', async () => {
    const { response, bytes, text } = await download();
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(
      new RegExp(`^attachment; filename="claims-${t.slug}-\\d{4}-\\d{2}-\\d{2}\\.csv"$`),
    );
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.slice(1).split('\r\n')[0]).toBe(CLAIMS_CSV_COLUMNS.join(','));
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = records(text);
    expect(rows.map((row) => row.id)).toEqual(claims.newestFirst.map((claim) => claim.uuid));
  });

  it('keeps umlauts, Polish letters, quotes and line breaks, and neutralises formulas', async () => {
    const rows = records((await download()).text);
    const umlaut = rows.find((row) => row.id === claims.umlaut.uuid) as Row;
    expect(umlaut.description).toBe(TRICKY_DESCRIPTION);
    expect(umlaut.customer_name).toBe('Jürgen Müller');
    const parked = rows.find((row) => row.id === claims.parked.uuid) as Row;
    expect(parked).toMatchObject({
      reference: claimReference(claims.parked.uuid),
      created_at: '2026-01-31T23:59:59.999Z',
      order_number: '2002',
      customer_name: 'Łucja Wąsowska',
      customer_email: 'lucja@przyklad.pl',
      flow_type: 'notReceived',
      reason: 'investigation',
      resolution_preference: 'refund',
      status: 'pending',
      language: 'pl',
      photos: '1',
      delivery: 'parked',
    });
    const formula = rows.find((row) => row.id === claims.none.uuid) as Row;
    expect(formula.description).toBe(`'${FORMULA_DESCRIPTION}`);
    expect(formula.delivery).toBe('');
  });

  it('applies the filters of the list', async () => {
    const rows = records((await download('language=pl,de&status=pending&q=a-30')).text);
    expect(rows.map((row) => row.id)).toEqual([claims.newest.uuid, claims.umlaut.uuid]);
    expect(records((await download('delivery=parked')).text).map((row) => row.id)).toEqual([claims.parked.uuid]);
    const empty = await download('status=closed');
    expect(empty.text).toBe(`\uFEFF${CLAIMS_CSV_COLUMNS.join(',')}\r\n`);
  });

  it('exports one row per affected item with rows=items', async () => {
    const { response, text } = await download(`rows=items&q=${claims.umlaut.uuid}`);
    expect(response.headers.get('content-disposition')).toContain(`filename="claim-items-${t.slug}-`);
    expect(text.slice(1).split('\r\n')[0]).toBe(CLAIM_ITEMS_CSV_COLUMNS.join(','));
    expect(records(text)).toEqual([
      expect.objectContaining({
        claim_id: claims.umlaut.uuid,
        sku: 'MUG',
        title: 'Stoneware mug',
        quantity: '1',
        net_price: '10',
      }),
      expect.objectContaining({
        claim_id: claims.umlaut.uuid,
        sku: 'PLATE',
        title: 'Plate',
        quantity: '3',
        net_price: '5.5',
      }),
    ]);
    const all = records((await download('rows=items')).text);
    // The support claim selected no item: it has no item row.
    expect(new Set(all.map((row) => row.claim_id))).toEqual(
      new Set(claims.newestFirst.filter((claim) => claim !== claims.tieA).map((claim) => claim.uuid)),
    );
    expect(all.find((row) => row.claim_id === claims.newest.uuid)?.photos).toBe('2');
  });

  it('refuses bad filters and unknown row kinds before sending anything', async () => {
    for (const query of ['rows=orders', 'status=lost', 'created_from=yesterday']) {
      const response = await fetch(t.url(exportPath(query)), { headers: { Authorization: t.merchantAuth } });
      expect(response.status, query).toBe(422);
      expect(response.headers.get('content-type')).toContain('application/json');
    }
  });

  it('asks for credentials, and a member of the shop may export with the portal session', async () => {
    const anonymous = await fetch(t.url(exportPath()));
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toContain('Basic');
    const wrongKey = await fetch(t.url(exportPath()), {
      headers: { Authorization: `Basic ${Buffer.from(`${t.slug}:krs_wrong`).toString('base64')}` },
    });
    expect(wrongKey.status).toBe(401);
    await createPortalUser(t.api, 'member@export.test', 'member password 123', { shop: t.slug, role: 'member' });
    const member = await signIn(t.api.origin, 'member@export.test', 'member password 123');
    const response = await member.call('GET', exportPath('status=accepted'));
    expect(response.status).toBe(200);
    expect(records(await response.text()).map((row) => row.id)).toEqual([claims.tieA.uuid]);
  });

  it('streams a large export: rows the database reads after the first bytes went out are in it', async () => {
    // Long descriptions make the file far larger than every buffer between the database and us.
    const shop = await findShop(t.api.db, t.slug);
    const count = 8 * EXPORT_BATCH_SIZE;
    await seedManyClaims(t.api.db, (shop as { id: string }).id, count, {
      description: 'Lang '.repeat(400),
      newest: new Date('2025-06-01T00:00:00Z'),
      spacingSeconds: 60,
    });
    const response = await fetch(t.url(exportPath('created_to=2025-12-31')), {
      headers: { Authorization: t.merchantAuth },
    });
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    // The oldest claim of all, written after the download began: only a stream still reading finds it.
    const [late] = await t.api.db.query<{ id: string }>(
      `INSERT INTO claims (id, shop_id, order_id, idempotency_key, request_hash, draft, reason, resolution_preference, created_at)
         SELECT gen_random_uuid(), shop_id, order_id, 'late-one', 'x', draft, reason, resolution_preference, '2001-01-01T00:00:00Z'
         FROM claims WHERE shop_id = $1 AND idempotency_key = 'seed-1' RETURNING id`,
      [(shop as { id: string }).id],
    );
    const chunks = [first.value as Uint8Array];
    for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
    const text = new TextDecoder().decode(Buffer.concat(chunks));
    const rows = records(text);
    expect(rows).toHaveLength(count + 1);
    expect(rows.at(-1)?.id).toBe(late?.id);
    expect(new Set(rows.map((row) => row.id)).size).toBe(count + 1);
  }, 180_000);
});
