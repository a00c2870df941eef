import * as z from 'zod/mini';
import { SHOP_SLUG_PATTERN } from './shop-slug.js';

/**
 * What the server writes into the flow's HTML shell (`<script type="application/json"
 * id="resolve-boot">`): which shop and which API. Shared by the server that writes it
 * (src/server/flow-host.ts) and the app that reads it (src/app/main.tsx).
 */
export const flowBootSchema = z.object({
  shopSlug: z.string().check(z.regex(SHOP_SLUG_PATTERN)),
  apiOrigin: z.string().check(z.maxLength(2048)),
});
export type FlowBoot = z.infer<typeof flowBootSchema>;
// Its own module: the flow's first load imports it (with the hand-written check) instead of this one.
export { FLOW_BOOT_ELEMENT_ID } from './flow-boot-element.js';
