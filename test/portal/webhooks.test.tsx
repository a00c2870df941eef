import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { WebhooksPage } from '../../src/portal/pages/Webhooks.js';
import { json, renderPortal, signedIn, strings, type Call } from './harness.js';

const t = strings.en.webhooks;

const now = new Date().toISOString();
const hook = {
  uuid: '3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b',
  url: 'https://hooks.acme.com/resolve',
  description: null,
  enabled_events: ['*'],
  status: 'active',
  secret_preview: '••••cdef',
  created_at: now,
  updated_at: now,
};

describe('Settings → Webhooks', { timeout: 20_000 }, () => {
  it('checks the URL before sending, shows the new secret once, tests a webhook and lists its deliveries', async () => {
    signedIn();
    const list: (typeof hook)[] = [];
    const { calls } = await renderPortal(<WebhooksPage slug="demo-shop" readOnly={false} />, (call: Call) => {
      const base = '/v1/shops/demo-shop/webhooks';
      if (call.path.startsWith(`${base}?`)) return json({ data: list, page: 1, per_page: 100, total: list.length });
      if (call.path === base && call.method === 'POST') {
        list.push(hook);
        return json(
          {
            ...hook,
            enabled_events: (call.body as { enabled_events: string[] }).enabled_events,
            secret: 'whsec_0123456789abcdef',
          },
          201,
        );
      }
      if (call.path === `${base}/${hook.uuid}/test`)
        return json({
          delivered: true,
          status: 200,
          error: null,
          event_ref: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
          duration_ms: 42,
        });
      if (call.path === `${base}/${hook.uuid}/deliveries`) {
        return json({
          data: [
            {
              id: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
              claim_id: '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e',
              event_ref: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
              event_name: 'claims/created',
              target: 'webhook',
              webhook_id: hook.uuid,
              state: 'parked',
              attempts: 3,
              remote_id: null,
              remote_url: null,
              last_error: {
                key: 'webhook_http_error',
                message: 'The receiver answered 500.',
                retryable: true,
                status: 500,
              },
              warnings: [],
              next_attempt_at: null,
              delivered_at: null,
              created_at: now,
              updated_at: now,
              answer_status: 500,
            },
          ],
        });
      }
      return undefined;
    });
    expect(await screen.findByText(t.none)).toBeTruthy();
    const url = screen.getByLabelText(t.url);
    fireEvent.input(url, { target: { value: 'http://hooks.acme.com/resolve' } });
    fireEvent.click(screen.getByRole('button', { name: t.create }));
    await waitFor(() => expect(url.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText(t.url_invalid)).toBeTruthy();
    expect(calls.filter((call) => call.method === 'POST')).toHaveLength(0);

    fireEvent.input(url, { target: { value: 'https://hooks.acme.com/resolve' } });
    fireEvent.click(screen.getByLabelText(new RegExp(t.event.claims_created)));
    fireEvent.click(screen.getByRole('button', { name: t.create }));
    expect((await screen.findByTestId('webhook-secret')).textContent).toBe('whsec_0123456789abcdef');
    expect(calls.find((call) => call.method === 'POST')?.body).toEqual({
      url: 'https://hooks.acme.com/resolve',
      enabled_events: ['*', 'claims/created'],
    });
    fireEvent.click(screen.getByRole('button', { name: t.secret_stored }));
    expect(screen.queryByTestId('webhook-secret')).toBeNull();

    const item = screen.getByRole('article');
    fireEvent.click(within(item).getByRole('button', { name: t.send_test }));
    expect(await within(item).findByText('Test event delivered: your receiver answered 200 in 42 ms.')).toBeTruthy();
    fireEvent.click(within(item).getByText(t.deliveries));
    const table = await within(item).findByRole('table');
    const row = within(table).getByText('claims/created').closest('tr') as HTMLElement;
    expect(row.textContent).toContain(t.state.parked);
    expect(row.textContent).toContain('500');
    expect(row.textContent).toContain('The receiver answered 500.');
  });
});
