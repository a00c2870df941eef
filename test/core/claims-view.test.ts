import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import {
  claimsExportQuerySchema,
  claimsSummarySchema,
  claimsViewQuerySchema,
  claimsViewSearchParams,
} from '../../src/core/claims-view.js';

describe('claims view query', () => {
  it('parses comma-separated filters, dates and a search from URL search params', () => {
    const params = new URLSearchParams(
      'status=pending,accepted&flow_type=defective&delivery=parked&created_from=2026-01-01&created_to=2026-01-31&q=%201001%20&limit=20',
    );
    expect(z.parse(claimsViewQuerySchema, Object.fromEntries(params))).toEqual({
      status: ['pending', 'accepted'],
      flow_type: ['defective'],
      delivery: ['parked'],
      created_from: '2026-01-01',
      created_to: '2026-01-31',
      q: '1001',
      limit: 20,
    });
  });

  it('defaults the page size and the export rows', () => {
    expect(z.parse(claimsViewQuerySchema, {}).limit).toBe(50);
    expect(z.parse(claimsExportQuerySchema, {}).rows).toBe('claims');
  });

  it.each([
    [{ status: 'pending,lost' }, 'status'],
    [{ created_from: '2026-02-30' }, 'created_from'],
    [{ created_from: '2026-02-02', created_to: '2026-02-01' }, 'created_to'],
    [{ limit: '201' }, 'limit'],
    [{ language: 'xx' }, 'language'],
  ])('refuses %j naming %s', (query, field) => {
    const parsed = z.safeParse(claimsViewQuerySchema, query);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path[0]).toBe(field);
  });

  it('writes a filter back as search params the schema reads again', () => {
    const filter = { status: ['pending', 'closed'] as const, q: 'anna@example.com', created_from: '2026-03-01' };
    const params = claimsViewSearchParams({ ...filter, status: [...filter.status] });
    expect(params.toString()).toBe('status=pending%2Cclosed&q=anna%40example.com&created_from=2026-03-01');
    expect(z.parse(claimsViewQuerySchema, Object.fromEntries(params))).toMatchObject({
      status: ['pending', 'closed'],
      q: 'anna@example.com',
    });
  });

  it('the summary schema wants every flow type and preference counted', () => {
    const zeros = {
      defective: 0,
      notReceived: 0,
      return: 0,
      missingProduct: 0,
      wrongProduct: 0,
      dissatisfied: 0,
      support: 0,
    };
    const summary = {
      from: '2026-01-01',
      to: '2026-01-01',
      total: 0,
      days: [{ date: '2026-01-01', total: 0, by_flow_type: zeros }],
      by_resolution_preference: { refund: 0, reorder: 0 },
      by_flow_type: zeros,
      parked: 0,
    };
    expect(z.safeParse(claimsSummarySchema, summary).success).toBe(true);
    expect(z.safeParse(claimsSummarySchema, { ...summary, by_resolution_preference: { refund: 0 } }).success).toBe(
      false,
    );
  });
});
