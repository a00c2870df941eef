import { buildBundles, bundlesBuilt } from './build-bundles.js';
import { startDemoStack } from './stack.js';

/**
 * `npm run demo`: builds the bundle and the Resolve flow when needed, starts the whole system on loopback with an
 * embedded PGlite store in .data/demo, seeds the demo shop, and prints where to go.
 */
const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

// The embed bundle and the Resolve flow (dist/app), rebuilt unless DEMO_REBUILD=0 and both exist.
if (!bundlesBuilt() || process.env.DEMO_REBUILD !== '0') {
  try {
    buildBundles();
  } catch {
    process.exit(1);
  }
}

const stack = await startDemoStack({
  ports: {
    api: port('DEMO_API_PORT', 4100),
    app: port('DEMO_APP_PORT', 4200),
    helpCenter: port('DEMO_HELP_CENTER_PORT', 4300),
    storefront: port('DEMO_STOREFRONT_PORT', 4400),
    gorgias: port('DEMO_GORGIAS_PORT', 4500),
    dixa: port('DEMO_DIXA_PORT', 4600),
    webhooks: port('DEMO_WEBHOOKS_PORT', 4700),
  },
  dataDir: process.env.DEMO_DATA_DIR ?? '.data/demo',
  log: (line) => console.log(`[api] ${line}`),
});

const hc = stack.helpCenter.origin;
console.log(`
Resolve embed demo is running (Ctrl+C to stop)

  Help Center replica   ${hc}/en-US
    returns article (inline tile)   ${hc}/de-DE/returns-and-claims-12
    not allow-listed (no tile)      ${hc}/en-US/shipping-times-13
    unsupported locale (shop default)  ${hc}/sv-SE
    strict CSP / hostile CSS / snippet twice   ${hc}/fr-FR?csp=strict   ${hc}/en-US?aggressive=1   ${hc}/en-US?twice=1
  Storefront replica    ${stack.storefront.origin}/pages/returns   (inline tile; also /de/pages/returns)
    order status page    ${stack.storefront.origin}/account/orders/1001   ("Report a problem" opens the flow in an overlay; also /de/account/orders/1001)
  App (finder, bundle)  ${stack.app.origin}/resolve/${stack.shopSlug}/finder?lang=en
  API                   ${stack.api.origin}/v1/shops/${stack.shopSlug}/resolve/embed-config

  Where submitted claims go (reload after submitting one):
    Gorgias stand-in (tickets)          ${stack.helpdesks.pages.gorgias}/
    Dixa stand-in (conversations)       ${stack.helpdesks.pages.dixa}/
    Webhook receiver (signed events)    ${stack.helpdesks.pages.webhooks}/
    Delivery status of a claim          GET ${stack.api.origin}/v1/shops/${stack.shopSlug}/claims/{uuid}/deliveries

  Merchant portal       ${stack.portalUrl}
    operator (every shop, approves allow-list URLs)   ${stack.portalAccounts.operator.email} / ${stack.portalAccounts.operator.password}
    demo-shop admin                                   ${stack.portalAccounts.admin.email} / ${stack.portalAccounts.admin.password}
    demo-shop member (read-only)                      ${stack.portalAccounts.member.email} / ${stack.portalAccounts.member.password}

  Merchant API credentials (HTTP Basic)  ${stack.username}:${stack.apiKey}
  Orders to try (order number + postcode):
${stack.tryOrders.map((o) => `    ${o.orderNumber.padEnd(10)} ${o.zipCode.padEnd(10)} ${o.note}`).join('\n')}
`);

const stop = async () => {
  await stack.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
