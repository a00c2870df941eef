/**
 * Shop slugs as the platform issues them: lower-case letters, digits and single hyphens, 1–63
 * characters, starting and ending with a letter or digit. The slug goes into URL paths, so anything
 * else (slashes, dots, `%`, unicode look-alikes) is refused rather than escaped.
 */
const SHOP_SLUG = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){0,62}$/;

export function isValidShopSlug(value: unknown): value is string {
  return typeof value === 'string' && SHOP_SLUG.test(value);
}

export const SHOP_SLUG_PATTERN = SHOP_SLUG;
