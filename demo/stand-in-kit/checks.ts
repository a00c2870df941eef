/** The hand-written body checks the stand-ins make, as loose as the helpdesks' own. */

export const isString = (value: unknown): value is string => typeof value === 'string';

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  Boolean(value) && typeof value === 'object' && !Array.isArray(value);

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
