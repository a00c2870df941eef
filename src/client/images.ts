/**
 * Photos are made smaller and private before they leave the phone: the longest edge at most
 * 2048 px, re-encoded as JPEG through a canvas, which applies the EXIF orientation (decoded with
 * `imageOrientation: 'from-image'`) and drops every metadata block, the GPS position included.
 *
 * The rule for what is left alone: a JPEG/PNG/WebP already within the edge, at most
 * `passThroughBytes`, and carrying no EXIF/XMP passes byte for byte (re-encoding would only cost
 * quality). A photo with metadata is always re-encoded, however small: stripping a home address
 * out of a claim photo matters more than a few percent of quality. Formats the server does not take
 * but the browser decodes (GIF, BMP, AVIF, and HEIC on Safari) are converted. Formats this browser
 * cannot decode (HEIC on Chromium) and PDFs go as they are: the server decides from their bytes.
 * Their metadata is not stripped here (a documented limitation).
 */
import { CLIENT_DEFAULTS } from './defaults.js';
export interface ImageOptions {
  maxEdge: number;
  quality: number;
  /** Files at most this big and within `maxEdge`, without metadata, are not touched. */
  passThroughBytes: number;
  /** `image/jpeg` (default; decodes everywhere) or `image/webp` (smaller where it can be encoded). */
  type?: 'image/jpeg' | 'image/webp';
}

export const DEFAULT_IMAGE_OPTIONS: ImageOptions = CLIENT_DEFAULTS.images;

/** What the API accepts as is (see ALLOWED_UPLOAD_TYPES); other decodable images are converted. */
const ACCEPTED_AS_IS = new Set(['image/jpeg', 'image/png', 'image/webp']);
/**
 * Converted when this browser decodes them: the server refuses GIF/BMP/AVIF, and HEIC decoded by
 * Safari becomes a small JPEG without its GPS tags. Where decoding fails (HEIC on Chromium), the
 * original is sent.
 */
const CONVERTIBLE = new Set(['image/gif', 'image/bmp', 'image/avif', 'image/heic', 'image/heif']);

export async function prepareImage(file: File, options: ImageOptions = DEFAULT_IMAGE_OPTIONS): Promise<File> {
  const type = await effectiveType(file);
  if (!(ACCEPTED_AS_IS.has(type) || CONVERTIBLE.has(type)) || typeof createImageBitmap !== 'function') return file;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    return file; // Not decodable here after all: the server decides from the bytes.
  }
  try {
    const longest = Math.max(bitmap.width, bitmap.height);
    const metadata = await hasMetadata(file);
    const withinLimits = longest <= options.maxEdge && file.size <= options.passThroughBytes;
    if (ACCEPTED_AS_IS.has(type) && withinLimits && !metadata) return file;
    const scale = Math.min(1, options.maxEdge / longest);
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const outputType = options.type ?? 'image/jpeg';
    const blob = await encode(bitmap, width, height, outputType, options.quality);
    // A browser that cannot encode WebP hands back PNG: fall back to JPEG rather than upload that.
    const encoded =
      blob.type === outputType ? blob : await encode(bitmap, width, height, 'image/jpeg', options.quality);
    // Re-encoding a clean, already small-enough image can make it bigger (a flat PNG screenshot
    // over the byte threshold): then the original is the better upload.
    if (ACCEPTED_AS_IS.has(type) && !metadata && scale === 1 && encoded.size >= file.size) return file;
    const extension = encoded.type === 'image/webp' ? '.webp' : '.jpg';
    const name = (file.name || 'photo').replace(/\.[^.]*$/, '') + extension;
    return new File([encoded], name, { type: encoded.type, lastModified: file.lastModified });
  } finally {
    bitmap.close();
  }
}

async function encode(
  bitmap: ImageBitmap,
  width: number,
  height: number,
  type: string,
  quality: number,
): Promise<Blob> {
  if (typeof OffscreenCanvas === 'function') {
    const canvas = new OffscreenCanvas(width, height);
    draw(canvas.getContext('2d'), bitmap, width, height);
    return canvas.convertToBlob({ type, quality });
  }
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  draw(canvas.getContext('2d'), bitmap, width, height);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('could not encode the photo'))), type, quality),
  );
}

function draw(
  context: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null,
  bitmap: ImageBitmap,
  width: number,
  height: number,
): void {
  if (!context) throw new Error('no 2D canvas');
  // JPEG has no transparency: a transparent PNG would turn black without a background.
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, 0, 0, width, height);
}

/**
 * The file's type from its first bytes when the picker gave none or a vague one (some Android
 * galleries and desktop drag-and-drop hand over `""` or `application/octet-stream`).
 */
export async function effectiveType(file: Blob): Promise<string> {
  if (file.type && file.type !== 'application/octet-stream') return file.type.toLowerCase();
  const head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head[0] === 0x89 && ascii(1, 4) === 'PNG') return 'image/png';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (ascii(0, 4) === 'GIF8') return 'image/gif';
  if (ascii(0, 2) === 'BM') return 'image/bmp';
  if (ascii(4, 8) === 'ftyp')
    return /^(heic|heix|hevc|mif1|msf1)$/.test(ascii(8, 12))
      ? 'image/heic'
      : /^avi[fs]$/.test(ascii(8, 12))
        ? 'image/avif'
        : '';
  if (ascii(0, 5) === '%PDF-') return 'application/pdf';
  return '';
}

/**
 * Whether the file carries EXIF or XMP metadata (camera, time, GPS) worth stripping: JPEG APP1
 * `Exif\0`, PNG `eXIf`, WebP `EXIF` chunks, XMP anywhere. Metadata sits at the start of the file
 * in all of these, so the first 256 KiB are enough.
 */
export async function hasMetadata(file: Blob): Promise<boolean> {
  const head = new Uint8Array(await file.slice(0, 256 * 1024).arrayBuffer());
  return ['Exif\0', 'eXIf', 'EXIF', 'http://ns.adobe.com/xap/'].some((marker) => containsAscii(head, marker));
}

function containsAscii(bytes: Uint8Array, text: string): boolean {
  const needle = Array.from(text, (char) => char.charCodeAt(0));
  const first = needle[0];
  outer: for (
    let i = bytes.indexOf(first as number);
    i !== -1 && i <= bytes.length - needle.length;
    i = bytes.indexOf(first as number, i + 1)
  ) {
    for (let j = 1; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}
