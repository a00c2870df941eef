import * as z from 'zod/mini';

/**
 * Text the API can store and give back unchanged. PostgreSQL's `text` and `jsonb` refuse NUL, and
 * a lone UTF-16 surrogate (half of an emoji, `\ud800`) has no UTF-8 form: the database either
 * refuses it or stores a replacement character, so the merchant would get back something else
 * than was sent. Every string an API route accepts (bodies, query and path parameters) passes
 * this check, so such text is a `422` naming the field instead of a database error.
 */
export function isStorableText(value: string): boolean {
  // With the `u` flag a well-formed surrogate pair is one astral code point, so only lone halves match.
  return !/[\u0000\ud800-\udfff]/u.test(value);
}

export const STORABLE_TEXT_MESSAGE = 'must not contain NUL characters or unpaired UTF-16 surrogates';

/** The check, for schemas that start from something other than `z.string()`. */
export const storableText = () => z.refine<string>(isStorableText, STORABLE_TEXT_MESSAGE);

/** `z.string()` that accepts only storable text: the base of every string an API route accepts. */
export const storableString = () => z.string().check(storableText());
