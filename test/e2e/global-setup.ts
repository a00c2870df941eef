import { buildBundles, bundlesBuilt } from '../../demo/build-bundles.js';
import { startDemoStack } from '../../demo/stack.js';
import { seedClaimsShop } from './claims-shop.js';
import { startClientHarness } from './harness/server.js';
import { seedPortalAccounts } from './portal-users.js';

/**
 * Starts the demo stack once for the whole E2E run and hands its origins to the workers through
 * the environment (Playwright workers inherit what global setup puts there).
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!bundlesBuilt() || process.env.E2E_SKIP_BUILD !== '1') buildBundles();
  // Every test browses from 127.0.0.1: the per-address limit (20 failed lookups in 15 minutes)
  // would make tests depend on each other. The per-order-number limit stays as in production.
  const stack = await startDemoStack({
    log: () => {},
    lookupThrottle: { maxFailures: 5, maxFailuresPerClient: 1000, windowMs: 15 * 60 * 1000 },
  });
  await seedPortalAccounts(stack.api, stack.shopSlug);
  Object.assign(process.env, await seedClaimsShop(stack));
  const harness = await startClientHarness();
  process.env.E2E_HARNESS_ORIGIN = harness.origin;
  process.env.E2E_HELP_CENTER_ORIGIN = stack.helpCenter.origin;
  process.env.E2E_STOREFRONT_ORIGIN = stack.storefront.origin;
  process.env.E2E_APP_ORIGIN = stack.app.origin;
  process.env.E2E_API_ORIGIN = stack.api.origin;
  process.env.E2E_SHOP_SLUG = stack.shopSlug;
  process.env.E2E_API_USER = stack.username;
  process.env.E2E_API_KEY = stack.apiKey;
  process.env.E2E_GORGIAS_ORIGIN = stack.helpdesks.pages.gorgias;
  process.env.E2E_TRY_ORDERS = JSON.stringify(stack.tryOrders);
  return async () => {
    await harness.close();
    await stack.close();
  };
}
