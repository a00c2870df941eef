import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EmbedConfig } from '../../src/core/index.js';
import { configCacheKey } from '../../src/embed/config-loader.js';
import { createEmbed, type Embed } from '../../src/embed/embed.js';
import { createEventHub } from '../../src/embed/events.js';
import { isHistoryPatched } from '../../src/embed/navigation.js';
import { TILE_HOST_TAG } from '../../src/embed/tile-host.js';

const API = 'https://api.example.com';
const options = {
  shopSlug: 'demo-shop',
  language: undefined,
  apiOrigin: API,
  appOrigin: 'https://app.example.com',
  nonce: undefined,
};
const config: EmbedConfig = {
  shop_slug: 'demo-shop',
  enabled: true,
  allowed_urls: ['http://localhost:3000/*/articles/*', 'http://localhost:3000/en-US'],
  default_language: 'en',
  branding: { primary_color: '#5b3df5' },
};

/** A fetch that answers the embed-config URL with `answer()`; records the calls. */
function fakeFetch(answer: () => Response | Promise<Response>) {
  return vi.fn(async (input: RequestInfo | URL) => {
    expect(String(input)).toBe(`${API}/v1/shops/demo-shop/resolve/embed-config`);
    return answer();
  });
}
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

function hosts(): HTMLElement[] {
  return Array.from(document.querySelectorAll<HTMLElement>(TILE_HOST_TAG));
}
function links(): HTMLAnchorElement[] {
  return hosts().flatMap((host) => Array.from(host.shadowRoot?.querySelectorAll('a') ?? []));
}
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

let embed: Embed | undefined;
beforeEach(() => {
  localStorage.clear();
  document.body.replaceChildren();
  history.replaceState(null, '', '/en-US/articles/orders-4');
});
afterEach(() => {
  embed?.destroy();
  embed = undefined;
  vi.unstubAllGlobals();
});

function start(fetchImpl: typeof fetch): Embed {
  vi.stubGlobal('fetch', fetchImpl);
  embed = createEmbed(window, options, createEventHub());
  return embed;
}

describe('createEmbed', () => {
  it('shows one floating tile on an allow-listed page', async () => {
    start(fakeFetch(() => json(config)));
    await settle();
    expect(hosts()).toHaveLength(1);
    expect(hosts()[0]?.getAttribute('data-kind')).toBe('floating');
    expect(hosts()[0]?.getAttribute('data-position')).toBe('bottom-left');
    expect(links()[0]?.getAttribute('href')).toBe('https://app.example.com/resolve/demo-shop/finder?lang=en');
    expect(hosts()[0]?.style.getPropertyValue('--karla-resolve-surface')).toBe('#5b3df5');
  });

  it('shows nothing on a page that is not allow-listed', async () => {
    history.replaceState(null, '', '/en-US/shipping-13');
    start(fakeFetch(() => json(config)));
    await settle();
    expect(hosts()).toHaveLength(0);
  });

  it.each([
    ['404', () => json({ key: 'shop_not_found' }, 404)],
    ['disabled', () => json({ ...config, enabled: false })],
    ['server error', () => json({}, 500)],
    ['invalid JSON', () => new Response('<html>', { status: 200 })],
    ['malformed config', () => json({ ...config, branding: { primary_color: 'red;x:y' } })],
    ['another shop', () => json({ ...config, shop_slug: 'other-shop' })],
    ['network failure', () => Promise.reject(new TypeError('Failed to fetch'))],
  ])('shows nothing and throws nothing on %s', async (_name, answer) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    start(fakeFetch(answer));
    await settle();
    expect(hosts()).toHaveLength(0);
    expect(warn.mock.calls.length).toBeLessThanOrEqual(1);
    warn.mockRestore();
  });

  it('renders from the cache at once, then applies the fresh config (stale-while-revalidate)', async () => {
    localStorage.setItem(configCacheKey(API, 'demo-shop'), JSON.stringify({ v: 1, savedAt: Date.now(), config }));
    let release!: (response: Response) => void;
    start(
      fakeFetch(
        () =>
          new Promise<Response>((resolve) => {
            release = resolve;
          }),
      ),
    );
    // Synchronous: the cached tile is on the page before any network answer.
    expect(hosts()).toHaveLength(1);
    release(json({ ...config, branding: { primary_color: '#0b6e4f' } }));
    await settle();
    expect(hosts()[0]?.style.getPropertyValue('--karla-resolve-surface')).toBe('#0b6e4f');
    const cached = JSON.parse(localStorage.getItem(configCacheKey(API, 'demo-shop')) ?? '{}') as {
      config: EmbedConfig;
    };
    expect(cached.config.branding.primary_color).toBe('#0b6e4f');
  });

  it('removes a cached tile when the refresh says the shop turned it off', async () => {
    localStorage.setItem(configCacheKey(API, 'demo-shop'), JSON.stringify({ v: 1, savedAt: Date.now(), config }));
    start(fakeFetch(() => json({ ...config, enabled: false })));
    expect(hosts()).toHaveLength(1);
    await settle();
    expect(hosts()).toHaveLength(0);
    expect(localStorage.getItem(configCacheKey(API, 'demo-shop'))).toBeNull();
  });

  it('ignores a tampered or stale cache', async () => {
    const key = configCacheKey(API, 'demo-shop');
    localStorage.setItem(
      key,
      JSON.stringify({ v: 1, savedAt: Date.now(), config: { ...config, allowed_urls: ['javascript:x'] } }),
    );
    start(fakeFetch(() => new Promise<Response>(() => {})));
    expect(hosts()).toHaveLength(0);
    embed?.destroy();
    localStorage.setItem(key, JSON.stringify({ v: 1, savedAt: Date.now() - 8 * 24 * 3600 * 1000, config }));
    start(fakeFetch(() => new Promise<Response>(() => {})));
    expect(hosts()).toHaveLength(0);
  });

  it('survives storage that throws', async () => {
    const getItem = vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
      throw new Error('SecurityError');
    });
    const setItem = vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new Error('QuotaExceededError');
    });
    start(fakeFetch(() => json(config)));
    await settle();
    expect(hosts()).toHaveLength(1);
    getItem.mockRestore();
    setItem.mockRestore();
  });

  it('puts one tile into each placeholder, including ones added later, and none floating', async () => {
    const first = document.createElement('div');
    first.setAttribute('data-karla-resolve', '');
    document.body.append(first);
    start(fakeFetch(() => json(config)));
    await settle();
    expect(hosts().map((h) => h.getAttribute('data-kind'))).toEqual(['inline']);
    expect(first.querySelector(TILE_HOST_TAG)).not.toBeNull();

    const second = document.createElement('div');
    second.setAttribute('data-karla-resolve', '');
    document.body.append(second);
    await settle();
    expect(hosts()).toHaveLength(2);
    expect(second.querySelector(TILE_HOST_TAG)).not.toBeNull();

    // The placeholders disappear (the page navigated): the tile floats instead.
    first.remove();
    second.remove();
    await settle();
    expect(hosts().map((h) => h.getAttribute('data-kind'))).toEqual(['floating']);
  });

  it('re-attaches a tile the page removed', async () => {
    start(fakeFetch(() => json(config)));
    await settle();
    hosts()[0]?.remove();
    await settle();
    expect(hosts()).toHaveLength(1);
  });

  it('follows pushState, replaceState, popstate and hashchange', async () => {
    start(fakeFetch(() => json(config)));
    await settle();
    expect(isHistoryPatched(window)).toBe(true);

    history.pushState(null, '', '/en-US/shipping-13');
    await settle();
    expect(hosts()).toHaveLength(0);

    history.replaceState(null, '', '/de-DE/articles/orders-4');
    await settle();
    expect(links()[0]?.getAttribute('href')).toContain('lang=de');

    history.replaceState(null, '', '/en-US/shipping-13');
    await settle();
    expect(hosts()).toHaveLength(0);
    history.replaceState(null, '', '/da-DK/articles/orders-4');
    window.dispatchEvent(new PopStateEvent('popstate'));
    await settle();
    expect(links()[0]?.getAttribute('href')).toContain('lang=da');

    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await settle();
    expect(hosts()).toHaveLength(1);
  });

  it('patches history only once, however many embeds start', async () => {
    start(fakeFetch(() => json(config)));
    const patched = history.pushState;
    const second = createEmbed(window, options, createEventHub());
    expect(history.pushState).toBe(patched);
    second.destroy();
  });

  it('honours placement and position from the config', async () => {
    const placeholder = document.createElement('div');
    placeholder.setAttribute('data-karla-resolve', '');
    document.body.append(placeholder);
    start(fakeFetch(() => json({ ...config, tile: { placement: 'floating', position: 'bottom-right' } })));
    await settle();
    expect(hosts().map((h) => [h.getAttribute('data-kind'), h.getAttribute('data-position')])).toEqual([
      ['floating', 'bottom-right'],
    ]);
    expect(placeholder.children).toHaveLength(0);
  });
});

describe('placeholder options', () => {
  it('deep-links each placeholder and renders the button variant', async () => {
    const button = document.createElement('div');
    button.setAttribute('data-karla-resolve', '');
    button.setAttribute('data-variant', 'button');
    button.setAttribute('data-order-number', '#1001');
    button.setAttribute('data-zip-code', '10119');
    button.setAttribute('data-flow-type', 'notReceived');
    const tile = document.createElement('div');
    tile.setAttribute('data-karla-resolve', '');
    document.body.append(button, tile);
    start(fakeFetch(() => json(config)));
    await settle();
    const [buttonLink, tileLink] = [button, tile].map((p) =>
      p.querySelector(TILE_HOST_TAG)?.shadowRoot?.querySelector('a'),
    );
    expect(buttonLink?.className).toBe('button');
    expect(buttonLink?.textContent).toBe('Report a problem→');
    const url = new URL(buttonLink?.getAttribute('href') ?? '');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      lang: 'en',
      orderNumber: '#1001',
      zipCode: '10119',
      flowType: 'notReceived',
    });
    expect(tileLink?.className).toContain('tile');
    expect(tileLink?.getAttribute('href')).toBe('https://app.example.com/resolve/demo-shop/finder?lang=en');

    // The merchant's template fills the order in later: the link follows.
    button.setAttribute('data-order-number', '#2002');
    await settle();
    expect(new URL(buttonLink?.getAttribute('href') ?? '').searchParams.get('orderNumber')).toBe('#2002');
  });
});

describe('ESM mountTile', () => {
  it('renders the shop tile into a given element, deep-linked, and removes it on destroy', async () => {
    const { mountTile } = await import('../../src/embed/esm.js');
    vi.stubGlobal(
      'fetch',
      fakeFetch(() => json(config)),
    );
    const target = document.createElement('section');
    document.body.append(target);
    history.replaceState(null, '', '/somewhere/not/allow-listed');
    const mounted = mountTile(target, {
      shopSlug: 'demo-shop',
      apiOrigin: API,
      appOrigin: 'https://app.example.com',
      language: 'fr',
      orderNumber: '1001',
      variant: 'button',
    });
    await settle();
    const link = target.querySelector(TILE_HOST_TAG)?.shadowRoot?.querySelector('a');
    expect(link?.getAttribute('href')).toBe(
      'https://app.example.com/resolve/demo-shop/finder?lang=fr&orderNumber=1001',
    );
    expect(link?.className).toBe('button');
    mounted.destroy();
    expect(target.querySelector(TILE_HOST_TAG)).toBeNull();
  });

  it('refuses an invalid shop slug loudly (a developer error, not a page visitor’s)', async () => {
    const { mountTile } = await import('../../src/embed/esm.js');
    expect(() => mountTile(document.body, { shopSlug: '../x' })).toThrow(TypeError);
  });
});
