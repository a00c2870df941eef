import { describe, expect, it } from 'vitest';
import { apiErrorBodySchema } from '../../src/core/api-error.js';
import { claimReference } from '../../src/core/claim-reference.js';
import { claimsViewPageSchema, type ClaimsViewPage } from '../../src/core/claims-view.js';
import { submitClaim } from './delivery-support.js';
import { useSeededClaimsApi, type ClaimsFixture } from './claims-view-support.js';
import { backends } from './support.js';

describe.each(backends)('claims view list on $name', (backend) => {
  const { t, claims } = useSeededClaimsApi(backend);

  const get = (query: string) =>
    fetch(t.url(`/v1/shops/${t.slug}/claims/view?${query}`), { headers: { Authorization: t.merchantAuth } });
  const page = async (query: string): Promise<ClaimsViewPage> => {
    const response = await get(query);
    expect(response.status, await response.clone().text()).toBe(200);
    return claimsViewPageSchema.parse(await response.json());
  };
  const ids = async (query: string) => (await page(query)).data.map((row) => row.id);
  const uuids = (...list: { uuid: string }[]) => list.map((claim) => claim.uuid);

  it('lists newest first, ties by id, with every column of a row', async () => {
    const first = await page('');
    expect(first.data.map((row) => row.id)).toEqual(uuids(...claims.newestFirst));
    expect(first.next_cursor).toBeNull();
    const row = first.data.find((r) => r.id === claims.parked.uuid);
    expect(row).toEqual({
      id: claims.parked.uuid,
      reference: claimReference(claims.parked.uuid),
      created_at: '2026-01-31T23:59:59.999Z',
      order_number: '2002',
      customer: { name: 'Łucja Wąsowska', email: 'lucja@przyklad.pl' },
      flow_type: 'notReceived',
      reason: 'investigation',
      resolution_preference: 'refund',
      language: 'pl',
      status: 'pending',
      photos: 1,
      delivery: 'parked',
    });
    const byId = new Map(first.data.map((r) => [r.id, r]));
    expect(byId.get(claims.none.uuid)).toMatchObject({ photos: 3, delivery: null, order_number: '#1001' });
    expect(byId.get(claims.umlaut.uuid)).toMatchObject({ delivery: 'delivered', customer: { name: 'Jürgen Müller' } });
    expect(byId.get(claims.tieA.uuid)).toMatchObject({ photos: 0, delivery: 'pending', status: 'accepted' });
  });

  it('pages by cursor without repeating or skipping while new claims arrive', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let arrived: string | undefined;
    do {
      const next: ClaimsViewPage = await page(`limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(next.data.length).toBeLessThanOrEqual(2);
      seen.push(...next.data.map((row) => row.id));
      // A customer submits a claim between the first and the second page.
      if (!arrived) arrived = (await submitClaim(t.url, t.slug, '1001', { description: 'arrived meanwhile' })).uuid;
      cursor = next.next_cursor;
    } while (cursor);
    expect(seen).toEqual(uuids(...claims.newestFirst));
    expect((await ids('limit=1'))[0]).toBe(arrived);
    await t.api.db.query('DELETE FROM claims WHERE id = $1', [arrived as string]);
  });

  it('splits the tie of two claims with one timestamp across pages', async () => {
    const first = await page('limit=2&status=accepted,rejected,closed');
    expect(first.data.map((r) => r.id)).toEqual(uuids(...claims.newestFirst.slice(1, 3)));
    expect(first.next_cursor).toBeNull();
    const one = await page('limit=1&status=accepted,rejected');
    const two = await page(`limit=1&status=accepted,rejected&cursor=${one.next_cursor}`);
    expect([...one.data, ...two.data].map((r) => r.id)).toEqual(uuids(...claims.newestFirst.slice(1, 3)));
    expect(two.next_cursor).toBeNull();
  });

  it.each([
    ['status=pending', ['newest', 'umlaut', 'parked', 'none']],
    ['status=accepted,rejected', ['tieA', 'tieB']],
    ['flow_type=defective', ['newest', 'none']],
    ['flow_type=notReceived,return', ['umlaut', 'parked']],
    ['resolution_preference=reorder', ['tieA', 'none']],
    ['reason=investigation', ['parked']],
    ['reason=partial_damage', ['newest', 'tieB', 'none']],
    ['language=pl', ['tieB', 'parked']],
    ['language=de,en', ['newest', 'tieA', 'umlaut', 'none']],
    ['created_from=2026-02-01', ['newest', 'tieA', 'tieB', 'umlaut']],
    ['created_to=2026-01-31', ['parked', 'none']],
    ['created_from=2026-01-31&created_to=2026-02-01', ['umlaut', 'parked']],
    ['delivery=parked', ['parked']],
    ['delivery=delivered', ['umlaut']],
    ['delivery=pending', ['newest', 'tieA', 'tieB']],
    ['delivery=none', ['none']],
    ['delivery=parked,none', ['parked', 'none']],
    ['status=pending&resolution_preference=refund&language=de', ['newest', 'umlaut']],
    ['flow_type=defective&delivery=pending&created_from=2026-02-01', ['newest']],
    ['status=closed', []],
  ] as const)('filters %s', async (query, expected) => {
    const expectedIds = claims.newestFirst
      .filter((claim) => expected.some((key) => claims[key].uuid === claim.uuid))
      .map((claim) => claim.uuid);
    expect(await ids(query)).toEqual(expectedIds);
  });

  it.each([
    ['the reference', (c: ClaimsFixture) => claimReference(c.parked.uuid), ['parked']],
    ['the reference in lower case', (c: ClaimsFixture) => claimReference(c.parked.uuid).toLowerCase(), ['parked']],
    ['the whole uuid', (c: ClaimsFixture) => c.umlaut.uuid.toUpperCase(), ['umlaut']],
    ['the order number with #', () => '#1001', ['tieA', 'none']],
    ['the start of an order number', () => 'a-30', ['newest', 'umlaut']],
    ['the email, without case', () => 'juergen.mueller@beispiel', ['newest', 'umlaut']],
    ['the start of the email', () => 'LUCJA@', ['tieB', 'parked']],
    ['the name, Polish letters without case', () => 'łucja wą', ['tieB', 'parked']],
    ['the name, German letters', () => 'JÜRGEN MÜ', ['newest', 'umlaut']],
    ['a LIKE wildcard, literally', () => '%', []],
    ['a name nobody has', () => 'Zofia', []],
  ] as const)('searches by %s', async (_what, text, expected) => {
    const expectedIds = claims.newestFirst
      .filter((claim) => expected.some((key) => claims[key].uuid === claim.uuid))
      .map((claim) => claim.uuid);
    expect(await ids(`q=${encodeURIComponent(text(claims))}`)).toEqual(expectedIds);
  });

  it('combines the search with filters and pages', async () => {
    expect(await ids('q=2002&status=rejected')).toEqual([claims.tieB.uuid]);
    const first = await page('q=a-3003&limit=1');
    expect(first.data.map((r) => r.id)).toEqual([claims.newest.uuid]);
    expect((await page(`q=a-3003&limit=1&cursor=${first.next_cursor}`)).data.map((r) => r.id)).toEqual([
      claims.umlaut.uuid,
    ]);
  });

  it.each([
    ['cursor=not-a-cursor!', 400, 'invalid_cursor'],
    [`cursor=${Buffer.from('2026-01-01|x').toString('base64url')}`, 400, 'invalid_cursor'],
    [
      `cursor=${Buffer.from(`2026-13-45T00:00:00.000000Z|${crypto.randomUUID()}`).toString('base64url')}`,
      400,
      'invalid_cursor',
    ],
    ['status=lost', 422, 'validation_failed'],
    ['flow_type=defective,teleported', 422, 'validation_failed'],
    ['limit=0', 422, 'validation_failed'],
    ['limit=201', 422, 'validation_failed'],
    ['created_from=2026-02-31', 422, 'validation_failed'],
    ['created_from=2026-03-01&created_to=2026-02-01', 422, 'validation_failed'],
    ['delivery=lost', 422, 'validation_failed'],
    [`q=${'x'.repeat(255)}`, 422, 'validation_failed'],
    ['q=%00', 422, 'validation_failed'],
  ])('refuses %s with %i %s', async (query, status, key) => {
    const response = await get(query);
    expect(response.status).toBe(status);
    const body = apiErrorBodySchema.parse(await response.json());
    expect(body.key).toBe(key);
    expect(body.errors[0]?.loc[0]).toBe('query');
  });

  it('keeps the page/per_page list of existing clients as it was', async () => {
    const response = await fetch(t.url(`/v1/shops/${t.slug}/claims?per_page=2&status=pending`), {
      headers: { Authorization: t.merchantAuth },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { uuid: string }[]; page: number; per_page: number; total: number };
    expect(body).toMatchObject({ page: 1, per_page: 2, total: 4 });
    expect(body.data).toHaveLength(2);
  });

  it('asks for credentials', async () => {
    expect((await fetch(t.url(`/v1/shops/${t.slug}/claims/view`))).status).toBe(401);
  });
});
