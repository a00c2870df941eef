/** Puts the claim-submission module on `window` so E2E tests can drive it in a real page. */
import * as client from '../../../src/client/index.js';

/**
 * A phone-like photo: a `width`×`height` JPEG with noise (so it compresses like a real picture)
 * and, optionally, an EXIF block carrying a GPS position (and an orientation), spliced in right
 * after the SOI marker.
 */
async function makeTestPhoto(
  width: number,
  height: number,
  options: { gps?: boolean; orientation?: number; name?: string } = {},
): Promise<File> {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  const gradient = context.createLinearGradient(0, 0, width, height);
  gradient.addColorStop(0, '#c8a97e');
  gradient.addColorStop(1, '#3d6fd6');
  context.fillStyle = gradient;
  context.fillRect(0, 0, width, height);
  const tile = context.createImageData(256, 256);
  for (let i = 0; i < tile.data.length; i += 4) {
    const v = Math.random() * 255;
    tile.data[i] = v;
    tile.data[i + 1] = 255 - v;
    tile.data[i + 2] = (v * 7) % 255;
    tile.data[i + 3] = 90;
  }
  const noise = await createImageBitmap(tile);
  for (let y = 0; y < height; y += 256) for (let x = 0; x < width; x += 256) context.drawImage(noise, x, y);
  const jpeg = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 })).arrayBuffer());
  const bytes = options.gps || options.orientation ? spliceExif(jpeg, gpsExif(options.orientation)) : jpeg;
  return new File([bytes as Uint8Array<ArrayBuffer>], options.name ?? 'IMG_0001.jpg', { type: 'image/jpeg' });
}

/**
 * EXIF (big-endian TIFF): IFD0 with Orientation (1 = as stored, 6 = rotate 90° clockwise to view)
 * and GPSInfo → GPS IFD: GPSLatitudeRef "N", GPSLatitude 52/1 31/1 0/1.
 */
function gpsExif(orientation = 1): Uint8Array {
  const tiff = new DataView(new ArrayBuffer(92));
  let o = 0;
  const u16 = (v: number) => {
    tiff.setUint16(o, v);
    o += 2;
  };
  const u32 = (v: number) => {
    tiff.setUint32(o, v);
    o += 4;
  };
  u16(0x4d4d);
  u16(0x002a);
  u32(8); // "MM", 42, IFD0 at 8
  u16(2); // IFD0: 2 entries, sorted by tag
  u16(0x0112);
  u16(3);
  u32(1);
  u16(orientation);
  u16(0); // Orientation (SHORT, left-justified)
  u16(0x8825);
  u16(4);
  u32(1);
  u32(38); // GPSInfo → 38
  u32(0);
  u16(2); // GPS IFD at 38
  u16(0x0001);
  u16(2);
  u32(2);
  tiff.setUint8(o, 0x4e);
  o += 4; // GPSLatitudeRef "N"
  u16(0x0002);
  u16(5);
  u32(3);
  u32(68); // GPSLatitude → 68
  u32(0);
  for (const [n, d] of [
    [52, 1],
    [31, 1],
    [0, 1],
  ] as const) {
    u32(n);
    u32(d);
  }
  const header = new TextEncoder().encode('Exif\0\0');
  const payload = new Uint8Array(header.length + tiff.byteLength);
  payload.set(header);
  payload.set(new Uint8Array(tiff.buffer), header.length);
  return payload;
}

function spliceExif(jpeg: Uint8Array, exif: Uint8Array): Uint8Array {
  const segment = new Uint8Array(4 + exif.length);
  segment.set([0xff, 0xe1, (exif.length + 2) >> 8, (exif.length + 2) & 0xff]);
  segment.set(exif, 4);
  const out = new Uint8Array(jpeg.length + segment.length);
  out.set(jpeg.subarray(0, 2));
  out.set(segment, 2);
  out.set(jpeg.subarray(2), 2 + segment.length);
  return out;
}

(
  window as unknown as { ResolveClientHarness: typeof client & { makeTestPhoto: typeof makeTestPhoto } }
).ResolveClientHarness = { ...client, makeTestPhoto };
