/**
 * Evidence files for tests: bytes the server sniffs as the type they claim (it reads the type from
 * the first bytes, never from the name).
 */

/** The start of a JPEG (JFIF). */
export const JPEG_HEAD = [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01] as const;

/** A JPEG-shaped file of `size` bytes: its head, `fill`, and the end marker. */
export function jpeg(size: number, fill = 0): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size).fill(fill);
  bytes.set(JPEG_HEAD);
  bytes.set([0xff, 0xd9], size - 2);
  return bytes;
}

/** An 80-byte JPEG: the photo most tests upload. */
export const JPEG = jpeg(80);

/** The head of a 1×1 PNG. */
export const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0,
  0, 0, 0x1f, 0x15, 0xc4, 0x89,
]);
