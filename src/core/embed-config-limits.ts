/**
 * The embed config's limits, shared by the zod schema (embed-config.ts) and the tile's hand-written
 * check (embed-config-check.ts), which must not import zod.
 */
export const MAX_ALLOWED_URLS = 200;
export const MAX_URL_LENGTH = 2048;
export const MAX_TILE_TITLE = 80;
export const MAX_TILE_SUBTITLE = 160;
export const TILE_PLACEMENTS = ['auto', 'inline', 'floating'] as const;
export const TILE_POSITIONS = ['bottom-left', 'bottom-right', 'top-left', 'top-right'] as const;
