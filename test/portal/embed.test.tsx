import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { locales } from '../../locales/index.js';
import { EmbedPage } from '../../src/portal/pages/Embed.js';
import { json, refusal, renderPortal, signedIn, strings, type Call } from './harness.js';

const t = strings.en.embed;

const now = new Date().toISOString();
const settings = {
  shop_slug: 'demo-shop',
  enabled: true,
  allowed_urls: ['https://help.acme.com/*/articles/*', 'https://help.acme.com/en-US/returns-12'],
  allowed_url_states: [
    { url: 'https://help.acme.com/*/articles/*', state: 'live', created_at: now, decided_at: now },
    { url: 'https://help.acme.com/en-US/returns-12', state: 'pending', created_at: now, decided_at: null },
  ],
  default_language: 'en',
  branding: { primary_color: '#ffd400' },
  tile: { placement: 'auto', position: 'bottom-left', title: { de: 'Ärger mit der Bestellung?' } },
};

function embedApi(puts: unknown[]) {
  return (call: Call) => {
    if (call.path === '/v1/shops/demo-shop/resolve/embed-config/settings') return json(settings);
    if (call.path === '/v1/shops/demo-shop/resolve/embed-config' && call.method === 'PUT') {
      puts.push(call.body);
      return refusal(422, 'validation_failed', 'Some values are not valid.', [
        { loc: ['body', 'branding', 'logo_url'], msg: 'must be an https URL', type: 'custom' },
      ]);
    }
    return undefined;
  };
}

const tileText = () =>
  screen.getByTestId('tile-preview').querySelector('karla-resolve-tile')?.shadowRoot?.textContent ?? '';

describe('the Help Center embed page', { timeout: 20_000 }, () => {
  it('shows each allowed URL with its review state', async () => {
    signedIn();
    await renderPortal(<EmbedPage slug="demo-shop" readOnly={false} />, embedApi([]));
    const live = (await screen.findByText('https://help.acme.com/*/articles/*')).closest('li');
    expect(live?.textContent).toContain(t.url_state.live);
    expect(screen.getByText('https://help.acme.com/en-US/returns-12').closest('li')?.textContent).toContain(
      t.url_state.pending,
    );
  });

  it('tests URLs with the embed matcher: the live entry that matched, a pending one that would, or why none does', async () => {
    signedIn();
    await renderPortal(<EmbedPage slug="demo-shop" readOnly={false} />, embedApi([]));
    const tester = await screen.findByLabelText(t.tester_url);
    fireEvent.input(tester, { target: { value: 'https://help.acme.com/de-DE/articles/shipping-3?x=1' } });
    expect(screen.getByTestId('tester-result').textContent).toContain(t.tester_shows);
    expect(screen.getByTestId('tester-result').textContent).toContain('https://help.acme.com/*/articles/*');

    fireEvent.input(tester, { target: { value: 'https://help.acme.com/fr-FR/returns-12' } });
    const pending = screen.getByTestId('tester-result').textContent ?? '';
    expect(pending).toContain(t.tester_hidden);
    expect(pending).toContain(t.tester_once_approved);
    expect(pending).toContain('“returns-12” where the entry has “articles”');

    fireEvent.input(tester, { target: { value: 'https://help.acme.com.evil.com/en-US/articles/x' } });
    expect(screen.getByTestId('tester-result').textContent).toContain(
      'another site (https://help.acme.com.evil.com instead of https://help.acme.com)',
    );
  });

  it('previews the real tile in the chosen language, with the merchant texts and the colour the tile really uses', async () => {
    signedIn();
    await renderPortal(<EmbedPage slug="demo-shop" readOnly={false} />, embedApi([]));
    await waitFor(() => expect(tileText()).toContain(locales.en.tile.title));
    fireEvent.change(screen.getByLabelText(t.preview_language), { target: { value: 'de' } });
    await waitFor(() => expect(tileText()).toContain('Ärger mit der Bestellung?'));
    expect(tileText()).toContain(locales.de.tile.cta);
    fireEvent.change(screen.getByLabelText(t.preview_language), { target: { value: 'pl' } });
    await waitFor(() => expect(tileText()).toContain(locales.pl.tile.title));
    // A yellow too light for white text: dark text on it, as the tile draws it.
    expect(screen.getByTestId('contrast').textContent).toContain(t.text_dark);
    fireEvent.input(screen.getByLabelText(t.primary_color), { target: { value: '#7c5cff' } });
    await waitFor(() => expect(screen.getByTestId('contrast').textContent).toMatch(/darkens it to #[0-9a-f]{6}/));
    const host = screen.getByTestId('tile-preview').querySelector('karla-resolve-tile') as HTMLElement;
    expect(host.style.getPropertyValue('--karla-resolve-surface')).not.toBe('#7c5cff');
  });

  it('refuses a malformed URL on its field and keeps everything typed when the schema refuses a save', async () => {
    signedIn();
    const puts: unknown[] = [];
    await renderPortal(<EmbedPage slug="demo-shop" readOnly={false} />, embedApi(puts));
    const add = await screen.findByLabelText(t.new_url);
    fireEvent.input(add, { target: { value: 'https://help.acme.com/en-US/x?utm=1' } });
    fireEvent.click(screen.getByRole('button', { name: t.add_url }));
    await waitFor(() => expect(add.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText(t.entry_problem.query_or_fragment)).toBeTruthy();

    fireEvent.input(add, { target: { value: 'https://help.acme.com/en-US/contact' } });
    fireEvent.click(screen.getByRole('button', { name: t.add_url }));
    expect(screen.getByText('https://help.acme.com/en-US/contact').closest('li')?.textContent).toContain(
      t.url_state.unsaved,
    );

    const logo = screen.getByLabelText(t.logo_url) as HTMLInputElement;
    fireEvent.input(logo, { target: { value: 'http://cdn.acme.com/logo.png' } });
    fireEvent.click(screen.getByRole('button', { name: strings.en.form.save }));
    // The schema catches it first: nothing was sent.
    await waitFor(() => expect(logo.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText(t.logo_invalid)).toBeTruthy();
    expect(puts).toHaveLength(0);
    expect(logo.value).toBe('http://cdn.acme.com/logo.png');
    expect(screen.getByText('https://help.acme.com/en-US/contact')).toBeTruthy();
  });
});
