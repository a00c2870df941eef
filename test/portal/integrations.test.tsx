import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HELPDESK_TAGS } from '../../src/core/integrations.js';
import { DixaPage } from '../../src/portal/pages/Dixa.js';
import { GorgiasPage } from '../../src/portal/pages/Gorgias.js';
import { IntegrationsPage } from '../../src/portal/pages/Integrations.js';
import { json, refusal, renderPortal, signedIn, strings, type Call } from './harness.js';

const t = strings.en;

const availability = (gorgias: boolean, dixa: boolean) => ({
  gorgias: { available: gorgias, configured: false, enabled: false },
  dixa: { available: dixa, configured: false, enabled: false },
});
const gorgiasSaved = {
  endpoint: 'https://acme.gorgias.com',
  email: 'agent@acme.com',
  api_key_preview: '••••9f3a',
  enabled: false,
  verified_at: new Date().toISOString(),
  tags: DEFAULT_HELPDESK_TAGS,
  custom_fields: [],
};

describe('Settings → Integrations', { timeout: 20_000 }, () => {
  it('lists only the integrations an operator enabled for the shop', async () => {
    signedIn();
    await renderPortal(<IntegrationsPage slug="demo-shop" />, (call) =>
      call.path === '/v1/shops/demo-shop/integrations' ? json(availability(true, false)) : undefined,
    );
    const list = await screen.findByRole('list', { name: t.integrations.title });
    expect(within(list).getByText('Gorgias')).toBeTruthy();
    expect(within(list).queryByText('Dixa')).toBeNull();
  });
});

describe('Settings → Integrations → Gorgias', { timeout: 20_000 }, () => {
  function gorgiasApi(calls: { key: string }) {
    return (call: Call) => {
      if (call.path === '/v1/shops/demo-shop/integrations') return json(availability(true, true));
      if (call.path === '/v1/shops/demo-shop/integrations/gorgias' && call.method === 'GET')
        return refusal(404, 'integration_not_found', 'Not set up.');
      if (call.path === '/v1/shops/demo-shop/integrations/gorgias/custom-fields')
        return json({ data: [{ id: 7, label: 'Order number', data_type: 'text' }] });
      if (call.path === '/v1/shops/demo-shop/integrations/gorgias' && call.method === 'PUT') {
        const body = call.body as { api_key?: string };
        calls.key = body.api_key ?? '';
        return body.api_key === 'right-key-123456'
          ? json(gorgiasSaved, 201)
          : refusal(422, 'gorgias_auth_failed', 'Gorgias refused the email and API key.', [
              { loc: ['body', 'api_key'], msg: 'Unauthorized', type: 'gorgias_auth_failed' },
            ]);
      }
      return undefined;
    };
  }

  it('shows a wrong key on its field, keeps the form, then shows only the masked preview', async () => {
    signedIn();
    const seen = { key: '' };
    const { calls } = await renderPortal(<GorgiasPage slug="demo-shop" readOnly={false} />, gorgiasApi(seen));
    const endpoint = await screen.findByLabelText(t.gorgias.endpoint);
    fireEvent.click(screen.getByRole('button', { name: t.gorgias.connect }));
    // Nothing sent while fields are empty.
    await waitFor(() => expect(endpoint.getAttribute('aria-invalid')).toBe('true'));
    expect(calls.some((call) => call.method === 'PUT')).toBe(false);

    fireEvent.input(endpoint, { target: { value: 'https://acme.gorgias.com' } });
    fireEvent.input(screen.getByLabelText(t.gorgias.email), { target: { value: 'agent@acme.com' } });
    fireEvent.input(screen.getByLabelText(t.gorgias.api_key), { target: { value: 'wrong-key' } });
    fireEvent.click(screen.getByRole('button', { name: t.gorgias.connect }));
    const key = screen.getByLabelText(t.gorgias.api_key) as HTMLInputElement;
    await waitFor(() => expect(key.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getAllByText('Gorgias refused the email and API key.').length).toBeGreaterThan(0);
    expect(endpoint.getAttribute('aria-invalid')).toBeNull();
    expect(key.value).toBe('wrong-key');
    expect((calls.find((call) => call.method === 'PUT')?.headers ?? {})['X-CSRF-Token']).toBe('csrf-123');

    fireEvent.input(key, { target: { value: 'right-key-123456' } });
    fireEvent.click(screen.getByRole('button', { name: t.gorgias.connect }));
    expect((await screen.findByTestId('gorgias-key-preview')).textContent).toBe('••••9f3a');
    expect((screen.getByLabelText(t.gorgias.api_key) as HTMLInputElement).value).toBe('');
    expect(screen.getByText(t.form.saved)).toBeTruthy();
    expect(document.body.textContent).not.toContain('right-key-123456');
    // Connected: delivery settings with the account's real ticket fields.
    expect(await screen.findByLabelText('Order number (text)')).toBeTruthy();
  });

  it('says whom to ask when Gorgias is not enabled for the shop', async () => {
    signedIn();
    await renderPortal(<GorgiasPage slug="demo-shop" readOnly={false} />, (call) =>
      call.path === '/v1/shops/demo-shop/integrations' ? json(availability(false, true)) : undefined,
    );
    expect(await screen.findByText(t.integrations.not_available.replace('{{name}}', 'Gorgias'))).toBeTruthy();
    expect(screen.queryByLabelText(t.gorgias.api_key)).toBeNull();
  });

  it('lets a member see but not change anything', async () => {
    signedIn('member');
    await renderPortal(<GorgiasPage slug="demo-shop" readOnly />, (call) => {
      if (call.path === '/v1/shops/demo-shop/integrations') return json(availability(true, true));
      if (call.path === '/v1/shops/demo-shop/integrations/gorgias') return json(gorgiasSaved);
      if (call.path.endsWith('/custom-fields')) return json({ data: [] });
      return undefined;
    });
    const endpoint = (await screen.findByLabelText(t.gorgias.endpoint)) as HTMLInputElement;
    expect(endpoint.value).toBe('https://acme.gorgias.com');
    expect(endpoint.closest('fieldset')?.disabled).toBe(true);
    expect(screen.getByText(t.roles.read_only)).toBeTruthy();
    for (const button of screen.getAllByRole('button', { name: t.form.save }))
      expect(button.closest('fieldset')?.disabled).toBe(true);
  });
});

describe('Settings → Integrations → Dixa', { timeout: 20_000 }, () => {
  it('locks the Integration Settings until the token is saved, and the toggle until an email integration is stored', async () => {
    signedIn();
    let stored: Record<string, unknown> | undefined;
    await renderPortal(<DixaPage slug="demo-shop" readOnly={false} />, (call) => {
      const base = '/v1/shops/demo-shop/integrations/dixa';
      if (call.path === '/v1/shops/demo-shop/integrations') return json(availability(false, true));
      if (call.path === base && call.method === 'GET')
        return stored ? json(stored) : refusal(404, 'integration_not_found', 'Not set up.');
      if (call.path === base && call.method === 'PUT') {
        const body = call.body as {
          api_token?: string;
          email_integration_id?: string;
          default_agent_id?: string | null;
        };
        stored = {
          api_token_preview: '••••abcd',
          email_integration_id:
            body.email_integration_id ?? (stored?.email_integration_id as string | undefined) ?? null,
          default_agent_id: body.default_agent_id ?? null,
          enabled: false,
          verified_at: new Date().toISOString(),
          tags: DEFAULT_HELPDESK_TAGS,
          custom_attributes: [],
        };
        return json(stored);
      }
      if (call.path === `${base}/email-endpoints`)
        return json({ data: [{ address: 'support@acme.email.dixa.io', name: 'Support' }] });
      if (call.path === `${base}/agents`)
        return json({ data: [{ id: '6f1b3c2e-8a47-4b7a-9d0e-2b9f1c3d4e5f', name: 'Ada', email: 'ada@acme.com' }] });
      if (call.path === `${base}/custom-attributes`) return json({ data: [] });
      return undefined;
    });
    expect(await screen.findByText(t.dixa.locked)).toBeTruthy();
    expect(screen.queryByLabelText(t.dixa.email_integration)).toBeNull();

    fireEvent.input(screen.getByLabelText(t.dixa.api_token), { target: { value: 'dixa-token-xyz' } });
    fireEvent.click(screen.getByRole('button', { name: t.dixa.save_token }));
    const choose = (await screen.findByLabelText(t.dixa.email_integration)) as HTMLSelectElement;
    const toggle = screen.getByLabelText(t.dixa.enabled) as HTMLInputElement;
    expect(toggle.disabled).toBe(true);
    expect(toggle.getAttribute('aria-describedby')).toContain('reason');
    expect(screen.getByText(t.dixa.enabled_locked)).toBeTruthy();
    expect(screen.getByTestId('dixa-token-preview').textContent).toBe('••••abcd');

    await waitFor(() => expect(choose.options.length).toBe(2));
    fireEvent.change(choose, { target: { value: 'support@acme.email.dixa.io' } });
    const save = within(choose.closest('form') as HTMLElement).getByRole('button', { name: t.form.save });
    fireEvent.click(save);
    await waitFor(() => expect((screen.getByLabelText(t.dixa.enabled) as HTMLInputElement).disabled).toBe(false));
    expect(screen.queryByText(t.dixa.enabled_locked)).toBeNull();
  });
});
