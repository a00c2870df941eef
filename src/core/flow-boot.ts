import * as z from 'zod/mini';
import { embedConfigSchema, languageSchema } from './embed-config.js';
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

/**
 * What the shell carries so the first screen waits on no request but the app's own code: the shop's
 * public embed config as `GET /v1/shops/{slug}/resolve/embed-config` answers it (or that the shop
 * has none), and the flow's strings in the language the server expects the page to resolve. Both
 * are optional: without them the app asks the API and loads the language's chunk, as before.
 */
export const flowInlineConfigSchema = z.union([
  z.object({ kind: z.literal('found'), config: embedConfigSchema }),
  z.object({ kind: z.literal('not-found') }),
]);
export type FlowInlineConfig = z.infer<typeof flowInlineConfigSchema>;

export const flowInlineStringsSchema = z.object({
  language: languageSchema,
  strings: z.object({ flow: z.record(z.string(), z.unknown()) }),
});
export type FlowInlineStrings = z.infer<typeof flowInlineStringsSchema>;

// Their own module: the flow's first load imports them (with the hand-written checks) instead of this one.
export { FLOW_BOOT_ELEMENT_ID, FLOW_CONFIG_ELEMENT_ID, FLOW_STRINGS_ELEMENT_ID } from './flow-boot-element.js';
