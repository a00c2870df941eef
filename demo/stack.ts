import { startApiServer, type RunningApi } from '../src/server/index.js';
import type { ThrottleLimits } from '../src/server/throttle.js';
import { freePort } from './free-port.js';
import { startAppServer, type RunningAppServer } from './app-server.js';
import { demoAllowedUrls } from './help-center/content.js';
import { startHelpCenter, type RunningHelpCenter } from './help-center/server.js';
import { seedDemoAccounts, seedDemoShop, type DEMO_PORTAL_ACCOUNTS } from './seed.js';
import { startDemoHelpdesks, type DemoHelpdesks } from './stand-in-kit/demo-helpdesks.js';
import { startStorefront, storefrontAllowedUrls, type RunningStorefront } from './storefront/server.js';

/**
 * The whole demo system on loopback, each part on its own origin so the browser treats them as
 * the separate sites they are in production (Chromium resolves every `*.localhost` to 127.0.0.1).
 */
export const DEMO_SHOP_SLUG = 'demo-shop';

export interface DemoStackOptions {
  /** Fixed ports for a human-friendly demo; 0 (the default) picks free ones, as tests want. */
  ports?: {
    api?: number;
    app?: number;
    helpCenter?: number;
    storefront?: number;
    gorgias?: number;
    dixa?: number;
    webhooks?: number;
  };
  /** PGlite data directory, or ':memory:' (the default) for tests. */
  dataDir?: string;
  log?: (line: string) => void;
  /** Failed-lookup limits (tests, where every browser shares one address). */
  lookupThrottle?: ThrottleLimits;
}

export interface DemoStack {
  api: RunningApi;
  app: RunningAppServer;
  helpCenter: RunningHelpCenter;
  storefront: RunningStorefront;
  /** Gorgias and Dixa stand-ins and a webhook receiver the demo shop delivers its claims to. */
  helpdesks: DemoHelpdesks;
  shopSlug: string;
  apiKey: string;
  username: string;
  tryOrders: { orderNumber: string; zipCode: string; note: string }[];
  /** The merchant portal on the API origin, and its demo accounts (an operator, an admin and a member of the demo shop). */
  portalUrl: string;
  portalAccounts: typeof DEMO_PORTAL_ACCOUNTS;
  close(): Promise<void>;
}

export async function startDemoStack(options: DemoStackOptions = {}): Promise<DemoStack> {
  const started: { close(): Promise<void> }[] = [];
  try {
    const helpCenter = await startHelpCenter({
      hostname: `help.${DEMO_SHOP_SLUG}.localhost`,
      port: options.ports?.helpCenter ?? 0,
    });
    started.push(helpCenter);
    const storefront = await startStorefront({
      hostname: `shop.${DEMO_SHOP_SLUG}.localhost`,
      port: options.ports?.storefront ?? 0,
    });
    started.push(storefront);
    const helpdesks = await startDemoHelpdesks(options.ports ?? {});
    started.push(helpdesks);
    // The API signs URLs with its public origin, so its port must be known before it starts.
    const apiPort = options.ports?.api || (await freePort());
    const apiOrigin = `http://api.localhost:${apiPort}`;
    const app = await startAppServer({ hostname: 'app.localhost', port: options.ports?.app ?? 0, apiOrigin });
    started.push(app);
    const api = await startApiServer({
      port: apiPort,
      publicOrigin: apiOrigin,
      appOrigin: app.origin,
      dataDir: options.dataDir ?? ':memory:',
      helpdesks: helpdesks.apiOptions,
      ...(options.log ? { log: options.log } : {}),
      ...(options.lookupThrottle ? { lookupThrottle: options.lookupThrottle } : {}),
    });
    started.push(api);
    const snippet = { bundleUrl: app.bundleUrl, shopSlug: DEMO_SHOP_SLUG, apiOrigin, appOrigin: app.origin };
    helpCenter.setSnippet(snippet);
    storefront.setSnippet(snippet);
    const seeded = await seedDemoShop(api, {
      slug: DEMO_SHOP_SLUG,
      allowedUrls: [...demoAllowedUrls(helpCenter.origin), ...storefrontAllowedUrls(storefront.origin)],
      assetOrigin: app.origin,
    });
    await helpdesks.configure(api, DEMO_SHOP_SLUG, seeded.apiKey);
    const portalAccounts = await seedDemoAccounts(api, DEMO_SHOP_SLUG);
    return {
      portalUrl: `${apiOrigin}/portal/`,
      portalAccounts,
      api,
      app,
      helpCenter,
      storefront,
      helpdesks,
      shopSlug: DEMO_SHOP_SLUG,
      ...seeded,
      close: async () => {
        await Promise.allSettled(started.reverse().map((part) => part.close()));
      },
    };
  } catch (error) {
    await Promise.allSettled(started.reverse().map((part) => part.close()));
    throw error;
  }
}
