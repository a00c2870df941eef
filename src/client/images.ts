/**
 * Photos are made smaller and private before they leave the phone: the longest edge at most
 * 2048 px, re-encoded as JPEG (which applies the EXIF orientation and drops every metadata block,
 * GPS position included). Small photos without metadata pass unchanged; files the browser cannot
 * decode (HEIC on Chromium) and PDFs are sent as they are.
 */
export interface ImageOptions {
  maxEdge: number;
  quality: number;
  /** Files at most this big and this wide, without metadata, are not touched. */
  passThroughBytes: number;
}

export const DEFAULT_IMAGE_OPTIONS: ImageOptions = { maxEdge: 2048, quality: 0.85, passThroughBytes: 1.5 * 1024 * 1024 };

const DECODABLE = new Set(['image/jpeg', 'image/png', 'image/webp']);

export async function prepareImage(file: File, options: ImageOptions = DEFAULT_IMAGE_OPTIONS): Promise<File> {
  if (!DECODABLE.has(file.type) || typeof createImageBitmap !== 'function') return file;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    return file; // Not decodable here after all: the server decides from the bytes.
  }
  try {
    const longest = Math.max(bitmap.width, bitmap.height);
    if (longest <= options.maxEdge && file.size <= options.passThroughBytes && !(await hasMetadata(file))) return file;
    const scale = Math.min(1, options.maxEdge / longest);
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const blob = await encodeJpeg(bitmap, width, height, options.quality);
    const name = file.name.replace(/\.[^.]*$/, '') + '.jpg';
    return new File([blob], name, { type: 'image/jpeg', lastModified: file.lastModified });
  } finally {
    bitmap.close();
  }
}

async function encodeJpeg(bitmap: ImageBitmap, width: number, height: number, quality: number): Promise<Blob> {
  if (typeof OffscreenCanvas === 'function') {
    const canvas = new OffscreenCanvas(width, height);
    draw(canvas.getContext('2d'), bitmap, width, height);
    return canvas.convertToBlob({ type: 'image/jpeg', quality });
  }
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  draw(canvas.getContext('2d'), bitmap, width, height);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('could not encode the photo'))), 'image/jpeg', quality),
  );
}

function draw(context: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null, bitmap: ImageBitmap, width: number, height: number): void {
  if (!context) throw new Error('no 2D canvas');
  // JPEG has no transparency: a transparent PNG would turn black without a background.
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, 0, 0, width, height);
}

/** Whether the file carries EXIF or XMP metadata (camera, time, GPS) worth stripping. */
export async function hasMetadata(file: Blob): Promise<boolean> {
  const head = new Uint8Array(await file.slice(0, 256 * 1024).arrayBuffer());
  return containsAscii(head, 'Exif\0') || containsAscii(head, 'http://ns.adobe.com/xap/') || containsAscii(head, 'eXIf');
}

function containsAscii(bytes: Uint8Array, text: string): boolean {
  const needle = Array.from(text, (char) => char.charCodeAt(0));
  outer: for (let i = 0; i <= bytes.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}
