import type { FlowBoot } from './flow-boot.js';
import { isValidShopSlug } from './shop-slug.js';

export { FLOW_BOOT_ELEMENT_ID } from './flow-boot-element.js';

/** The longest API origin `flowBootSchema` accepts. */
const MAX_API_ORIGIN = 2048;

/**
 * The flow's boot data checked by hand, without zod: the flow's first load leaves zod to the part
 * that loads after the first render. It accepts exactly what `flowBootSchema` (flow-boot.ts)
 * accepts and returns the same value (unknown keys dropped); a property test holds the two together.
 */
export function checkFlowBoot(value: unknown): FlowBoot | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { shopSlug, apiOrigin } = value as Record<string, unknown>;
  if (!isValidShopSlug(shopSlug) || typeof apiOrigin !== 'string' || apiOrigin.length > MAX_API_ORIGIN)
    return undefined;
  return { shopSlug, apiOrigin };
}
