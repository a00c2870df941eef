import { describe, expect, it } from 'vitest';
import {
  activeFilterCount,
  claimsApi,
  filtersFromSearch,
  filtersToSearch,
  isCalendarDay,
  withFilter,
} from '../../src/portal/claims/url-filters.js';

describe('the claims list filters in the address', () => {
  it('round-trips every filter through the address, in one canonical order', () => {
    const filters = {
      q: 'jane@example.de',
      status: 'pending',
      flow_type: 'defective',
      resolution_preference: 'refund',
      reason: 'damage',
      language: 'de',
      created_from: '2026-11-01',
      created_to: '2026-11-30',
      delivery: 'parked',
    } as const;
    const search = filtersToSearch(filters);
    expect(search).toBe(
      '?q=jane%40example.de&status=pending&flow_type=defective&resolution_preference=refund&reason=damage&language=de&created_from=2026-11-01&created_to=2026-11-30&delivery=parked',
    );
    expect(filtersFromSearch(search)).toEqual(filters);
    // The same filters written in another order mean the same list.
    expect(filtersToSearch(filtersFromSearch('?delivery=parked&status=pending'))).toBe(
      '?status=pending&delivery=parked',
    );
  });

  it('no filter is no query at all', () => {
    expect(filtersToSearch({})).toBe('');
    expect(filtersFromSearch('')).toEqual({});
    expect(filtersFromSearch('?')).toEqual({});
  });

  it('drops values the portal does not know instead of sending them', () => {
    expect(
      filtersFromSearch(
        '?status=lost&flow_type=DEFECTIVE&language=sv&delivery=late&created_from=2026-02-30&created_to=yesterday&reason=damage',
      ),
    ).toEqual({ reason: 'damage' });
  });

  it('keeps umlauts and signs in the search, trimmed and bounded', () => {
    const search = filtersToSearch({ q: 'Jürgen Groß & Söhne' });
    expect(filtersFromSearch(search)).toEqual({ q: 'Jürgen Groß & Söhne' });
    expect(filtersFromSearch(`?q=${encodeURIComponent('  #1009  ')}`)).toEqual({ q: '#1009' });
    expect(filtersFromSearch(`?q=${'x'.repeat(500)}`).q).toHaveLength(254);
    expect(filtersFromSearch('?q=%20%20')).toEqual({});
  });

  it('puts a range given backwards the right way round', () => {
    expect(filtersFromSearch('?created_from=2026-12-02&created_to=2026-11-01')).toEqual({
      created_from: '2026-11-01',
      created_to: '2026-12-02',
    });
  });

  it('changes one filter and clears it with an empty value', () => {
    const one = withFilter({ status: 'pending' }, 'flow_type', 'support');
    expect(one).toEqual({ status: 'pending', flow_type: 'support' });
    expect(withFilter(one, 'status', '')).toEqual({ flow_type: 'support' });
    expect(withFilter(one, 'status', 'nonsense')).toEqual({ flow_type: 'support' });
    expect(activeFilterCount(one)).toBe(2);
  });

  it('knows real calendar days', () => {
    expect(isCalendarDay('2028-02-29')).toBe(true);
    expect(isCalendarDay('2026-02-29')).toBe(false);
    expect(isCalendarDay('2026-1-01')).toBe(false);
  });
});

describe('the Claims view API addresses', () => {
  const filters = { q: 'Groß', status: 'pending', delivery: 'parked' } as const;
  it('sends the page filters to the list, the summary and both exports', () => {
    expect(claimsApi.list('demo-shop', filters)).toBe(
      '/v1/shops/demo-shop/claims/view?q=Gro%C3%9F&status=pending&delivery=parked',
    );
    expect(claimsApi.list('demo-shop', filters, 'abc.def')).toBe(
      '/v1/shops/demo-shop/claims/view?q=Gro%C3%9F&status=pending&delivery=parked&cursor=abc.def',
    );
    expect(claimsApi.summary('demo-shop', {})).toBe('/v1/shops/demo-shop/claims/summary');
    expect(claimsApi.exportCsv('demo-shop', filters, 'items')).toBe(
      '/v1/shops/demo-shop/claims/export.csv?q=Gro%C3%9F&status=pending&delivery=parked&rows=items',
    );
  });
});
