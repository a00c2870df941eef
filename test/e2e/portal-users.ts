import type { RunningApi } from '../../src/server/index.js';
import { ensureUser, setMembership } from '../../src/server/accounts.js';
import { updateShopPolicy } from '../../src/server/shop-policy.js';
import { ensureShop } from '../../src/server/shops.js';

/**
 * The portal's E2E accounts, written straight into the demo stack's store (as the CLI would):
 * an admin of a fresh shop with both helpdesks available and nothing configured (the merchant
 * journey), a read-only member of the demo shop (who also runs another shop, so switches shops),
 * an operator, and the admin of another shop who must see nothing of the first.
 */
export const PORTAL_PASSWORD = 'portal-e2e-password-1';
export const portalAccounts = {
  admin: 'admin@portal-shop.test',
  member: 'member@demo-shop.test',
  operator: 'operator@resolve.test',
  otherAdmin: 'admin@other-shop.test',
};
export const PORTAL_SHOP = 'portal-shop';
export const OTHER_SHOP = 'other-shop';

export async function seedPortalAccounts(api: RunningApi, demoShopSlug: string): Promise<void> {
  const { db } = api;
  const portalShop = await ensureShop(db, PORTAL_SHOP, 'Portal Shop');
  await updateShopPolicy(db, portalShop, { integrations: { gorgias: true, dixa: true } });
  const otherShop = await ensureShop(db, OTHER_SHOP, 'Other Shop');
  const demoShop = await ensureShop(db, demoShopSlug, 'Demo Shop');
  const admin = await ensureUser(db, portalAccounts.admin, PORTAL_PASSWORD);
  await setMembership(db, admin.user.id, portalShop, 'admin');
  const member = await ensureUser(db, portalAccounts.member, PORTAL_PASSWORD);
  await setMembership(db, member.user.id, demoShop, 'member');
  await setMembership(db, member.user.id, otherShop, 'admin');
  await ensureUser(db, portalAccounts.operator, PORTAL_PASSWORD, { operator: true });
  const other = await ensureUser(db, portalAccounts.otherAdmin, PORTAL_PASSWORD);
  await setMembership(db, other.user.id, otherShop, 'admin');
}
