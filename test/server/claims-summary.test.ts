import { describe, expect, it } from 'vitest';
import { apiErrorBodySchema } from '../../src/core/api-error.js';
import { claimsSummarySchema, type ClaimsSummary } from '../../src/core/claims-view.js';
import { useSeededClaimsApi } from './claims-view-support.js';
import { backends } from './support.js';

const today = () => new Date().toISOString().slice(0, 10);

describe.each(backends)('claims summary on $name', (backend) => {
  const { t } = useSeededClaimsApi(backend);

  const get = (query: string) =>
    fetch(t.url(`/v1/shops/${t.slug}/claims/summary?${query}`), { headers: { Authorization: t.merchantAuth } });
  const summary = async (query: string): Promise<ClaimsSummary> => {
    const response = await get(query);
    expect(response.status, await response.clone().text()).toBe(200);
    return claimsSummarySchema.parse(await response.json());
  };

  it('counts claims per day and flow type, per preference, and those with a parked delivery', async () => {
    const s = await summary('created_from=2026-01-01&created_to=2026-02-28');
    expect(s).toMatchObject({ from: '2026-01-01', to: '2026-02-28', total: 5, parked: 1 });
    expect(s.days).toHaveLength(59);
    expect(s.days[0]?.date).toBe('2026-01-01');
    expect(s.days.at(-1)?.date).toBe('2026-02-28');
    const day = (date: string) => s.days.find((d) => d.date === date);
    expect(day('2026-01-15')).toMatchObject({ total: 1, by_flow_type: { defective: 1, support: 0 } });
    // 23:59:59.999 UTC is still the 31st.
    expect(day('2026-01-31')).toMatchObject({ total: 1, by_flow_type: { notReceived: 1 } });
    expect(day('2026-02-01')).toMatchObject({ total: 1, by_flow_type: { return: 1 } });
    expect(day('2026-02-10')).toMatchObject({ total: 2, by_flow_type: { support: 1, wrongProduct: 1, defective: 0 } });
    expect(s.days.reduce((sum, d) => sum + d.total, 0)).toBe(5);
    expect(s.by_resolution_preference).toEqual({ refund: 3, reorder: 2 });
    expect(s.by_flow_type).toMatchObject({ defective: 1, notReceived: 1, return: 1, support: 1, wrongProduct: 1 });
  });

  it('covers the last 30 days by default', async () => {
    const s = await summary('');
    expect(s.to).toBe(today());
    expect(s.days).toHaveLength(30);
    expect(s).toMatchObject({ total: 1, parked: 0, by_resolution_preference: { refund: 1, reorder: 0 } });
    expect(s.days.at(-1)).toMatchObject({ date: today(), total: 1, by_flow_type: { defective: 1 } });
  });

  it('applies the other filters too', async () => {
    const range = 'created_from=2026-01-01&created_to=2026-02-28';
    expect(await summary(`${range}&language=pl`)).toMatchObject({ total: 2, parked: 1 });
    expect(await summary(`${range}&delivery=pending&q=1001`)).toMatchObject({
      total: 1,
      by_flow_type: { support: 1 },
    });
    expect(await summary(`${range}&status=closed`)).toMatchObject({ total: 0, parked: 0 });
  });

  it('allows at most 366 days', async () => {
    expect((await summary('created_from=2025-01-01&created_to=2026-01-01')).days).toHaveLength(366);
    for (const query of ['created_from=2025-01-01&created_to=2026-01-02', 'created_from=2020-01-01']) {
      const response = await get(query);
      expect(response.status, query).toBe(422);
      expect(apiErrorBodySchema.parse(await response.json()).errors[0]?.loc).toEqual(['query', 'created_from']);
    }
  });
});
