import { seedDemoShop } from '../../demo/seed.js';
import type { DemoStack } from '../../demo/stack.js';
import { ensureUser, setMembership } from '../../src/server/accounts.js';
import { ensureShop } from '../../src/server/shops.js';
import { PORTAL_PASSWORD } from './portal-users.js';

/**
 * The Claims view's E2E shop: the demo's orders, no helpdesk, and one webhook to the demo's
 * receiver (signed with the receiver's secret, so it answers 200 and lists the event). A shop of
 * its own, so the claims its journey submits, the deliveries it breaks and the filters it counts
 * are not those of the other journeys, which run at the same time on the demo shop.
 */
export const CLAIMS_SHOP = 'claims-shop';
export const claimsAccounts = {
  admin: 'admin@claims-shop.test',
  member: 'member@claims-shop.test',
};

export async function seedClaimsShop(stack: DemoStack): Promise<Record<string, string>> {
  const seeded = await seedDemoShop(stack.api, { slug: CLAIMS_SHOP, allowedUrls: [], assetOrigin: stack.app.origin });
  const { db } = stack.api;
  const shop = await ensureShop(db, CLAIMS_SHOP, 'Demo Shop');
  const admin = await ensureUser(db, claimsAccounts.admin, PORTAL_PASSWORD);
  await setMembership(db, admin.user.id, shop, 'admin');
  const member = await ensureUser(db, claimsAccounts.member, PORTAL_PASSWORD);
  await setMembership(db, member.user.id, shop, 'member');
  const auth = `Basic ${Buffer.from(`${seeded.username}:${seeded.apiKey}`).toString('base64')}`;
  const response = await fetch(`http://127.0.0.1:${stack.api.port}/v1/shops/${CLAIMS_SHOP}/webhooks`, {
    method: 'POST',
    headers: { Authorization: auth, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      url: `${stack.helpdesks.pages.webhooks}/hooks/resolve`,
      secret: stack.helpdesks.receiver.secret,
      description: 'Demo receiver',
    }),
  });
  if (!response.ok) throw new Error(`claims-shop webhook: ${response.status} ${await response.text()}`);
  return { E2E_CLAIMS_SHOP_AUTH: auth, E2E_WEBHOOK_RECEIVER_ORIGIN: stack.helpdesks.pages.webhooks };
}
