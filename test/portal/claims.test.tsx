import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FLOW_TYPES, type FlowType } from '../../src/core/flows.js';
import { ClaimsPage } from '../../src/portal/pages/Claims.js';
import { currentPath, currentSearch, navigate, paths, startRouter } from '../../src/portal/router.js';
import { session } from '../../src/portal/session.js';
import { json, renderPortal, signedIn, strings, type Call } from './harness.js';

const t = strings.en.claims;
const LIST = '/v1/shops/demo-shop/claims/view';
const SUMMARY = '/v1/shops/demo-shop/claims/summary';

const row = (n: number, overrides: Record<string, unknown> = {}) => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  reference: `REF${String(n).padStart(5, '0')}`,
  created_at: '2026-11-30T08:15:00Z',
  order_number: `#10${String(n).padStart(2, '0')}`,
  customer: { name: 'Jürgen Groß', email: 'juergen@example.de' },
  flow_type: 'defective',
  reason: 'partial_damage',
  resolution_preference: 'refund',
  language: 'de',
  status: 'pending',
  photos: 3,
  delivery: 'parked',
  ...overrides,
});

// A day with no claims of any flow type: the summary counts every flow type, zeros included.
const zeros = Object.fromEntries(FLOW_TYPES.map((flow) => [flow, 0])) as Record<FlowType, number>;
const summary = {
  from: '2026-11-29',
  to: '2026-11-30',
  total: 5,
  days: [
    { date: '2026-11-29', total: 1, by_flow_type: { ...zeros, support: 1 } },
    { date: '2026-11-30', total: 4, by_flow_type: { ...zeros, defective: 3, notReceived: 1 } },
  ],
  by_resolution_preference: { refund: 3, reorder: 1 },
  by_flow_type: { ...zeros, defective: 3, notReceived: 1, support: 1 },
  parked: 2,
};

/** The scripted API: every list and summary request is recorded with its query. */
function routes(pages: Record<string, { data: unknown[]; next_cursor: string | null }> = {}) {
  return (call: Call) => {
    const url = new URL(call.path, 'http://portal.test');
    if (url.pathname === SUMMARY) return json(summary);
    if (url.pathname === LIST) {
      const cursor = url.searchParams.get('cursor') ?? '';
      return json(pages[cursor] ?? { data: [row(1)], next_cursor: null });
    }
    return undefined;
  };
}

const queries = (calls: Call[], path: string) =>
  calls.filter((call) => call.path.startsWith(path)).map((call) => call.path.slice(path.length));

beforeAll(() => startRouter(window));
beforeEach(() => {
  signedIn();
  navigate(paths.claims('demo-shop'));
});
afterEach(() => {
  cleanup();
  session.value = undefined;
});

describe('Claims: the list', { timeout: 20_000 }, () => {
  it('shows each claim with its facts, newest first, and loads more with the cursor', async () => {
    const { calls } = await renderPortal(
      <ClaimsPage slug="demo-shop" />,
      routes({
        '': { data: [row(1), row(2, { delivery: 'delivered', status: 'accepted' })], next_cursor: 'page-2' },
        'page-2': {
          data: [row(3, { delivery: null, customer: { name: '', email: 'x@example.com' } })],
          next_cursor: null,
        },
      }),
    );
    const table = await screen.findByRole('table', { name: t.list_label });
    const first = within(table).getByRole('link', { name: 'REF00001' }).closest('tr') as HTMLElement;
    expect(within(table).getByRole('link', { name: 'REF00001' }).getAttribute('href')).toBe(
      '/portal/shops/demo-shop/claims/00000000-0000-4000-8000-000000000001',
    );
    for (const text of [
      '#1001',
      'Jürgen Groß',
      'juergen@example.de',
      'Damaged or defective',
      'Refund',
      '3',
      'Open',
      'Parked',
    ])
      expect(first.textContent).toContain(text);
    // The created time as the viewer's Intl writes it, with the instant kept machine-readable.
    expect(first.querySelector('time')?.getAttribute('datetime')).toBe('2026-11-30T08:15:00Z');
    expect(screen.getByText('Showing the first 2 claims; there are more.')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: t.load_more }));
    expect(await within(table).findByRole('link', { name: 'REF00003' })).toBeTruthy();
    expect(within(table).getByRole('link', { name: 'REF00003' }).closest('tr')?.textContent).toContain(
      t.delivery_badge.none,
    );
    expect(queries(calls, LIST)).toEqual(['', '?cursor=page-2']);
    expect(screen.queryByRole('button', { name: t.load_more })).toBeNull();
    expect(screen.getByText('Showing 3 claims.')).toBeTruthy();
  });

  it('keeps the filters in the address: each change is a history entry, Back restores the previous filter', async () => {
    const { calls } = await renderPortal(<ClaimsPage slug="demo-shop" />, routes());
    await screen.findByRole('table', { name: t.list_label });
    fireEvent.change(screen.getByLabelText(t.filter.status), { target: { value: 'pending' } });
    await waitFor(() => expect(currentSearch.value).toBe('?status=pending'));
    fireEvent.change(screen.getByLabelText(t.filter.flow_type), { target: { value: 'notReceived' } });
    fireEvent.input(screen.getByLabelText(t.filter.q), { target: { value: 'Groß' } });
    fireEvent.click(screen.getByRole('button', { name: t.filter.search }));
    await waitFor(() => expect(location.search).toBe('?q=Gro%C3%9F&status=pending&flow_type=notReceived'));
    // The list, the summary and both exports ask for exactly what the address says.
    await waitFor(() => expect(queries(calls, LIST).at(-1)).toBe('?q=Gro%C3%9F&status=pending&flow_type=notReceived'));
    expect(queries(calls, SUMMARY).at(-1)).toBe('?q=Gro%C3%9F&status=pending&flow_type=notReceived');
    expect(screen.getByRole('link', { name: t.export.claims }).getAttribute('href')).toBe(
      '/v1/shops/demo-shop/claims/export.csv?q=Gro%C3%9F&status=pending&flow_type=notReceived&rows=claims',
    );
    expect(screen.getByRole('link', { name: t.export.items }).getAttribute('href')).toBe(
      '/v1/shops/demo-shop/claims/export.csv?q=Gro%C3%9F&status=pending&flow_type=notReceived&rows=items',
    );

    history.back();
    await waitFor(() => expect(currentSearch.value).toBe('?status=pending&flow_type=notReceived'));
    expect((screen.getByLabelText(t.filter.q) as HTMLInputElement).value).toBe('');
    expect((screen.getByLabelText(t.filter.flow_type) as HTMLSelectElement).value).toBe('notReceived');
    history.back();
    await waitFor(() => expect((screen.getByLabelText(t.filter.flow_type) as HTMLSelectElement).value).toBe(''));
    expect((screen.getByLabelText(t.filter.status) as HTMLSelectElement).value).toBe('pending');
    await waitFor(() => expect(queries(calls, LIST).at(-1)).toBe('?status=pending'));
  });

  it('opens a shared address with its filters, and clears them all with one link', async () => {
    navigate(paths.claims('demo-shop', '?delivery=parked&language=de&created_from=2026-11-01'));
    const { calls } = await renderPortal(<ClaimsPage slug="demo-shop" />, routes());
    await screen.findByRole('table', { name: t.list_label });
    expect((screen.getByLabelText(t.filter.delivery) as HTMLSelectElement).value).toBe('parked');
    expect((screen.getByLabelText(t.filter.language) as HTMLSelectElement).value).toBe('de');
    expect((screen.getByLabelText(t.filter.created_from) as HTMLInputElement).value).toBe('2026-11-01');
    expect(queries(calls, LIST)[0]).toBe('?language=de&created_from=2026-11-01&delivery=parked');
    fireEvent.click(screen.getByRole('link', { name: 'Clear all 3 filters' }));
    await waitFor(() => expect(currentSearch.value).toBe(''));
    expect(currentPath.value).toBe('/portal/shops/demo-shop/claims');
  });

  it('at a glance: the chart, the preference shares and the parked count each link to their filter', async () => {
    navigate(paths.claims('demo-shop', '?status=pending'));
    await renderPortal(<ClaimsPage slug="demo-shop" />, routes());
    const chart = await screen.findByRole('group', { name: /Claims per day by problem/ });
    expect(chart.textContent).toContain('5 claims from');
    const bar = within(chart).getByRole('link', { name: /3 claims, Damaged or defective/ });
    expect(bar.getAttribute('href')).toBe(
      '/portal/shops/demo-shop/claims?status=pending&flow_type=defective&created_from=2026-11-30&created_to=2026-11-30',
    );
    // The same numbers as a table, with the same links.
    const table = screen.getByRole('table', { name: 'Claims per day by problem' });
    expect(within(table).getByRole('link', { name: '3' }).getAttribute('href')).toBe(bar.getAttribute('href'));
    expect(screen.getByRole('link', { name: 'Refund: 75% (3)' }).getAttribute('href')).toBe(
      '/portal/shops/demo-shop/claims?status=pending&resolution_preference=refund',
    );
    expect(screen.getByRole('link', { name: 'Replacement: 25% (1)' })).toBeTruthy();
    const parked = screen.getByRole('link', { name: '2 claims with a parked delivery' });
    expect(parked.getAttribute('href')).toBe('/portal/shops/demo-shop/claims?status=pending&delivery=parked');
    // Following a bar filters the list in place.
    fireEvent.click(bar);
    await waitFor(() =>
      expect(currentSearch.value).toBe(
        '?status=pending&flow_type=defective&created_from=2026-11-30&created_to=2026-11-30',
      ),
    );
    expect((screen.getByLabelText(t.filter.created_to) as HTMLInputElement).value).toBe('2026-11-30');
  });

  it('becomes cards on a narrow screen', async () => {
    const original = window.matchMedia;
    window.matchMedia = ((query: string) => ({
      matches: true,
      media: query,
      addEventListener: () => {},
      removeEventListener: () => {},
    })) as unknown as typeof window.matchMedia;
    try {
      await renderPortal(<ClaimsPage slug="demo-shop" />, routes());
      const cards = await screen.findByRole('list', { name: t.list_label });
      expect(screen.queryByRole('table', { name: t.list_label })).toBeNull();
      const card = within(cards).getByRole('listitem');
      expect(within(card).getByRole('link', { name: 'REF00001' })).toBeTruthy();
      expect(within(card).getByText(t.col.customer).nextElementSibling?.textContent).toContain('Jürgen Groß');
    } finally {
      window.matchMedia = original;
    }
  });

  it('speaks German', async () => {
    await renderPortal(<ClaimsPage slug="demo-shop" />, routes(), { language: 'de' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Reklamationen' })).toBeTruthy();
    expect(await screen.findByRole('link', { name: '2 Reklamationen mit angehaltener Zustellung' })).toBeTruthy();
    expect(screen.getByRole('link', { name: /^Erstattung: 75\s%/ })).toBeTruthy();
  });
});
