import type { Context } from 'hono';
import { ApiError } from './errors.js';

export const MAX_JSON_BYTES = 1024 * 1024;

/** The request's JSON body; malformed or oversized JSON is the client's error (400/413), never a 500. */
export async function readJsonBody(c: Context): Promise<unknown> {
  const declared = Number(c.req.header('content-length') ?? 0);
  if (declared > MAX_JSON_BYTES) throw new ApiError(413, 'payload_too_large');
  const text = await c.req.text();
  if (text.length > MAX_JSON_BYTES) throw new ApiError(413, 'payload_too_large');
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid_json', [{ loc: ['body'], msg: 'invalid JSON', type: 'json_invalid' }]);
  }
}
