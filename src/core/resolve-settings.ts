import * as z from 'zod/mini';
import { FLOW_TYPES, type FlowType } from './flows.js';

/**
 * A shop's Resolve flow settings: which flows it offers, how much evidence it asks for. Stored per
 * shop (merchant `GET|PUT /v1/shops/{slug}/resolve/settings`) and sent with every session so the
 * flow asks for exactly what the API will enforce.
 */

export const RESOLUTION_PREFERENCES = ['refund', 'reorder'] as const;
export type ResolutionPreference = (typeof RESOLUTION_PREFERENCES)[number];
export const resolutionPreferenceSchema = z.enum(RESOLUTION_PREFERENCES);

export const PACKAGE_PHOTO_MODES = ['off', 'optional', 'required'] as const;
export type PackagePhotoMode = (typeof PACKAGE_PHOTO_MODES)[number];

export const flowTypeSchema = z.enum(FLOW_TYPES);

export const MAX_DESCRIPTION_LENGTH = 5000;
export const MAX_PHOTOS_PER_ITEM = 10;

const distinct = <T>(items: readonly T[]) => new Set(items).size === items.length;

export const resolveSettingsSchema = z
  .object({
    enabled_flows: z.array(flowTypeSchema).check(z.minLength(1), z.refine(distinct, 'must not repeat a flow')),
    /** Photos required per selected item in flows where photos are the evidence (0 = optional). */
    min_photos_per_item: z.int().check(z.gte(0), z.lte(MAX_PHOTOS_PER_ITEM)),
    package_photo: z.enum(PACKAGE_PHOTO_MODES),
    description_required: z.boolean(),
    description_min_length: z.int().check(z.gte(0), z.lte(MAX_DESCRIPTION_LENGTH)),
    description_max_length: z.int().check(z.gte(1), z.lte(MAX_DESCRIPTION_LENGTH)),
    allowed_resolution_preferences: z
      .array(resolutionPreferenceSchema)
      .check(z.minLength(1), z.refine(distinct, 'must not repeat a preference')),
  })
  .check(
    z.refine((settings) => settings.description_min_length <= settings.description_max_length, {
      message: 'description_min_length must not exceed description_max_length',
      path: ['description_min_length'],
    }),
  );
export type ResolveSettings = z.infer<typeof resolveSettingsSchema>;

export const DEFAULT_RESOLVE_SETTINGS: ResolveSettings = {
  enabled_flows: [...FLOW_TYPES] as FlowType[],
  min_photos_per_item: 1,
  package_photo: 'optional',
  description_required: false,
  description_min_length: 0,
  description_max_length: 2000,
  allowed_resolution_preferences: ['refund', 'reorder'],
};
