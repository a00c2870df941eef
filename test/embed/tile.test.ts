import { fireEvent, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { contrastRatio, SUPPORTED_LANGUAGES, type EmbedConfig } from '../../src/core/index.js';
import { renderTile, type FailedLogos } from '../../src/embed/tile-dom.js';
import type { TileKind, TileView } from '../../src/embed/tile-view.js';
import { buildTileView } from '../../src/embed/view.js';
import { locales } from '../../locales/index.js';

const config: EmbedConfig = {
  shop_slug: 'demo-shop',
  enabled: true,
  allowed_urls: ['https://help.brand.com/*'],
  default_language: 'en',
  branding: { primary_color: '#5b3df5', logo_url: 'https://cdn.brand.com/logo.png' },
};
const options = {
  shopSlug: 'demo-shop',
  language: undefined,
  apiOrigin: 'https://api.gokarla.io',
  appOrigin: 'https://app.gokarla.io',
  nonce: undefined,
};
const page = (language: string) => ({
  href: `https://help.brand.com/${language}-XX/articles/x`,
  htmlLang: null,
  browserLanguages: [],
});

/** Renders a tile into a fresh container; `rerender` updates it as the tile host does. */
function render(view: TileView, kind: TileKind) {
  const container = document.createElement('div');
  document.body.append(container);
  const failed: FailedLogos = new Set();
  renderTile(container, view, kind, failed);
  return { container, rerender: (next: TileView) => renderTile(container, next, kind, failed) };
}
const cleanup = () => document.body.replaceChildren();

afterEach(cleanup);

describe('Tile', () => {
  it.each(SUPPORTED_LANGUAGES)('renders the %s texts as one link to the %s finder', (language) => {
    const view = buildTileView(config, options, page(language));
    render(view, 'floating');
    const { title, subtitle, cta } = locales[language].tile;
    const link = screen.getByRole('link', { name: `${title} ${subtitle} ${cta}` });
    expect(link.getAttribute('href')).toBe(`https://app.gokarla.io/resolve/demo-shop/finder?lang=${language}`);
    expect(link.getAttribute('lang')).toBe(language);
  });

  it("shows the merchant's title and subtitle for the tile language only", () => {
    const custom = {
      ...config,
      tile: { title: { de: 'Ärger mit dem Paket?' }, subtitle: { de: 'Sag uns Bescheid.' } },
    };
    render(buildTileView(custom, options, page('de')), 'inline');
    expect(screen.getByRole('link', { name: /Ärger mit dem Paket\? Sag uns Bescheid\. Problem melden/ })).toBeTruthy();
    cleanup();
    render(buildTileView(custom, options, page('fr')), 'inline');
    expect(screen.getByRole('link', { name: new RegExp(locales.fr.tile.title.replace('?', '\\?')) })).toBeTruthy();
  });

  it('shows the logo as decoration, and drops it when it fails to load', () => {
    const { container } = render(buildTileView(config, options, page('en')), 'inline');
    const logo = container.querySelector('img');
    expect(logo?.getAttribute('src')).toBe('https://cdn.brand.com/logo.png');
    expect(logo?.getAttribute('alt')).toBe('');
    fireEvent.error(logo!);
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByRole('link')).toBeTruthy();
  });

  it('renders without a logo when none is configured', () => {
    const plain = { ...config, branding: { primary_color: '#5b3df5' } };
    const { container } = render(buildTileView(plain, options, page('en')), 'inline');
    expect(container.querySelector('img')).toBeNull();
  });

  it.each(['#5b3df5', '#ffeb3b', '#00bcd4', '#9e9e9e', '#000'])(
    'keeps AA contrast for brand colour %s',
    (primary_color) => {
      const view = buildTileView({ ...config, branding: { primary_color } }, options, page('en'));
      expect(contrastRatio(view.surface.background, view.surface.text)).toBeGreaterThanOrEqual(4.5);
    },
  );

  it('renders hostile merchant text as text, never as markup', () => {
    const hostile = { ...config, tile: { title: { en: '<img src=x onerror=alert(1)>' } } };
    const { container } = render(buildTileView(hostile, options, page('en')), 'inline');
    expect(container.querySelectorAll('img')).toHaveLength(1); // only the logo
    expect(screen.getByRole('link').textContent).toContain('<img src=x onerror=alert(1)>');
  });
});

describe('Tile logo', () => {
  it('tries a corrected logo URL again after an earlier one failed', () => {
    const broken = buildTileView(
      { ...config, branding: { primary_color: '#5b3df5', logo_url: 'https://cdn.brand.com/broken.png' } },
      options,
      page('en'),
    );
    const { container, rerender } = render(broken, 'inline');
    fireEvent.error(container.querySelector('img')!);
    expect(container.querySelector('img')).toBeNull();
    const fixed = buildTileView(
      { ...config, branding: { primary_color: '#5b3df5', logo_url: 'https://cdn.brand.com/logo-v2.png' } },
      options,
      page('en'),
    );
    rerender(fixed);
    expect(container.querySelector('img')?.getAttribute('src')).toBe('https://cdn.brand.com/logo-v2.png');
  });
});
