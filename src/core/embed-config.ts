import * as z from 'zod/mini';
import { storableString } from './stored-text.js';
import { isValidAllowListEntry } from './allow-list.js';
import {
  MAX_ALLOWED_URLS,
  MAX_TILE_SUBTITLE,
  MAX_TILE_TITLE,
  MAX_URL_LENGTH,
  TILE_PLACEMENTS,
  TILE_POSITIONS,
} from './embed-config-limits.js';
import { isHexColor } from './color.js';
import { SUPPORTED_LANGUAGES } from './languages.js';
import { SHOP_SLUG_PATTERN } from './shop-slug.js';
import { parseSafeHttpUrl } from './urls.js';

/**
 * The embed config: `GET {api}/v1/shops/{slug}/resolve/embed-config`. One schema for the API that
 * serves it, the merchant API that stores it and the bundle that trusts nothing it receives.
 * zod/mini keeps the bundle small; callers in the browser set `z.config({ jitless: true })` so no
 * `new Function` runs on strict-CSP pages.
 */

export { MAX_ALLOWED_URLS, MAX_TILE_SUBTITLE, MAX_TILE_TITLE, MAX_URL_LENGTH, TILE_PLACEMENTS, TILE_POSITIONS };

export const languageSchema = z.enum(SUPPORTED_LANGUAGES);

export const allowListEntrySchema = storableString().check(
  z.maxLength(MAX_URL_LENGTH),
  z.refine(isValidAllowListEntry, 'must be an absolute http(s) URL without query or fragment'),
);

const safeUrlSchema = storableString().check(
  z.maxLength(MAX_URL_LENGTH),
  z.refine((value) => parseSafeHttpUrl(value) !== undefined, 'must be an https URL'),
);

export const brandingSchema = z.object({
  primary_color: storableString().check(z.refine(isHexColor, 'must be a #rrggbb colour')),
  logo_url: z.optional(z.nullable(safeUrlSchema)),
});

const localizedText = (max: number) =>
  z.partialRecord(languageSchema, storableString().check(z.trim(), z.minLength(1), z.maxLength(max)));

export const tileSettingsSchema = z.object({
  /** `auto`: inline into placeholders when the page has any, floating otherwise. */
  placement: z.optional(z.enum(TILE_PLACEMENTS)),
  position: z.optional(z.enum(TILE_POSITIONS)),
  title: z.optional(localizedText(MAX_TILE_TITLE)),
  subtitle: z.optional(localizedText(MAX_TILE_SUBTITLE)),
});

export const embedConfigSchema = z.object({
  shop_slug: storableString().check(z.regex(SHOP_SLUG_PATTERN)),
  enabled: z.boolean(),
  allowed_urls: z.array(allowListEntrySchema).check(z.maxLength(MAX_ALLOWED_URLS)),
  default_language: languageSchema,
  languages: z.optional(z.array(languageSchema).check(z.minLength(1))),
  branding: brandingSchema,
  tile: z.optional(tileSettingsSchema),
});

export type EmbedConfig = z.infer<typeof embedConfigSchema>;
export type TileSettings = z.infer<typeof tileSettingsSchema>;
export type TilePlacement = (typeof TILE_PLACEMENTS)[number];
export type TilePosition = (typeof TILE_POSITIONS)[number];

/** What a merchant sends to `PUT /v1/shops/{slug}/resolve/embed-config`: the slug comes from the path. */
export const embedConfigInputSchema = z.omit(embedConfigSchema, { shop_slug: true });
export type EmbedConfigInput = z.infer<typeof embedConfigInputSchema>;
