import * as z from 'zod/mini';

/**
 * What the server writes into the merchant portal's HTML shell (`<script type="application/json"
 * id="portal-boot">`): where the portal's API lives and the origins the merchant's snippets and
 * the tile preview point at. Shared by src/server/portal-host.ts (writer) and src/portal (reader).
 */
export const portalBootSchema = z.object({
  /** The reference API's public origin: the portal's own API and the embed's `data-api-origin`. */
  apiOrigin: z.string().check(z.maxLength(2048)),
  /** The Resolve flow's origin, which also serves `/embed/bundle.min.js`. */
  appOrigin: z.string().check(z.maxLength(2048)),
});
export type PortalBoot = z.infer<typeof portalBootSchema>;
export const PORTAL_BOOT_ELEMENT_ID = 'portal-boot';
