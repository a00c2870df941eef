import * as z from 'zod/mini';

/**
 * The platform's error body, used by every API answer that is not a success:
 * `{ errors: [{loc, msg, type}], key, message, type }`. `message` is localized from
 * `Accept-Language`; `key` is stable for programs.
 */
export const apiErrorDetailSchema = z.object({
  loc: z.array(z.union([z.string(), z.number()])),
  msg: z.string(),
  type: z.string(),
});

export const API_ERROR_TYPES = ['invalid_request_error', 'api_error'] as const;

export const apiErrorBodySchema = z.object({
  errors: z.array(apiErrorDetailSchema),
  key: z.string(),
  message: z.string(),
  type: z.enum(API_ERROR_TYPES),
});

export type ApiErrorDetail = z.infer<typeof apiErrorDetailSchema>;
export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;
