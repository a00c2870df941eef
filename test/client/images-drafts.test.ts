import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  clearDraft,
  effectiveType,
  hasMetadata,
  loadDraft,
  memoryStore,
  prepareImage,
  saveDraft,
} from '../../src/client/index.js';

const bytes = (...parts: (number[] | string)[]) =>
  new Uint8Array(parts.flatMap((part) => (typeof part === 'string' ? Array.from(part, (c) => c.charCodeAt(0)) : part)));
const JPEG = [0xff, 0xd8, 0xff, 0xe0];

afterEach(() => vi.unstubAllGlobals());

describe('effectiveType', () => {
  it('trusts a declared type, and sniffs the bytes when the picker gave none', async () => {
    expect(await effectiveType(new File(['x'], 'a.png', { type: 'image/PNG' }))).toBe('image/png');
    expect(await effectiveType(new Blob([bytes(JPEG, 'rest')]))).toBe('image/jpeg');
    expect(await effectiveType(new Blob([bytes([0x89], 'PNG\r\n')]))).toBe('image/png');
    expect(await effectiveType(new Blob([bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 ')]))).toBe('image/webp');
    expect(await effectiveType(new Blob([bytes([0, 0, 0, 24], 'ftypheic')]))).toBe('image/heic');
    expect(await effectiveType(new Blob([bytes([0, 0, 0, 24], 'ftypavif')]))).toBe('image/avif');
    expect(await effectiveType(new Blob([bytes('%PDF-1.7')], { type: 'application/octet-stream' }))).toBe(
      'application/pdf',
    );
    expect(await effectiveType(new Blob([bytes('hello')]))).toBe('');
  });
});

describe('hasMetadata', () => {
  it('finds EXIF (JPEG APP1, PNG eXIf, WebP EXIF) and XMP, not plain pixels', async () => {
    expect(await hasMetadata(new Blob([bytes([0xff, 0xd8, 0xff, 0xe1, 0, 20], 'Exif', [0, 0], 'MM')]))).toBe(true);
    expect(await hasMetadata(new Blob([bytes([0x89], 'PNG', [0, 0, 0, 8], 'eXIf')]))).toBe(true);
    expect(await hasMetadata(new Blob([bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8XEXIF')]))).toBe(true);
    expect(
      await hasMetadata(
        new Blob([
          bytes(JPEG, '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:xmp="http://ns.adobe.com/xap/1.0/">'),
        ]),
      ),
    ).toBe(true);
    expect(await hasMetadata(new Blob([bytes(JPEG, [0, 16], 'JFIF', [0, 1, 2, 3])]))).toBe(false);
  });
});

describe('prepareImage', () => {
  it('sends PDFs as they are, and HEIC too where the browser cannot decode it (Chromium)', async () => {
    const heic = new File([bytes([0, 0, 0, 24], 'ftypheic')], 'IMG_1.HEIC', { type: 'image/heic' });
    const pdf = new File([bytes('%PDF-1.7')], 'receipt.pdf', { type: 'application/pdf' });
    const decode = vi
      .fn()
      .mockRejectedValue(new DOMException('The source image could not be decoded.', 'InvalidStateError'));
    vi.stubGlobal('createImageBitmap', decode);
    expect(await prepareImage(heic)).toBe(heic);
    expect(await prepareImage(pdf)).toBe(pdf);
    expect(decode).toHaveBeenCalledTimes(1); // the HEIC was tried, the PDF never
  });

  it('sends a photo the browser fails to decode as it is', async () => {
    vi.stubGlobal('createImageBitmap', vi.fn().mockRejectedValue(new DOMException('bad', 'InvalidStateError')));
    const photo = new File([bytes(JPEG)], 'broken.jpg', { type: 'image/jpeg' });
    expect(await prepareImage(photo)).toBe(photo);
  });

  it('passes a small, clean photo within 2048 px through untouched', async () => {
    const close = vi.fn();
    vi.stubGlobal('createImageBitmap', vi.fn().mockResolvedValue({ width: 1600, height: 1200, close }));
    const photo = new File([bytes(JPEG, [0, 16], 'JFIF')], 'small.jpg', { type: 'image/jpeg' });
    expect(await prepareImage(photo)).toBe(photo);
    expect(close).toHaveBeenCalled();
  });
  // Downscaling, orientation and EXIF/GPS removal need a real canvas: covered in Chromium by
  // test/e2e/client.spec.ts (five 12 MP photos with GPS tags).
});

describe('drafts', () => {
  it('saves, loads and clears a half-filled draft per shop', async () => {
    const store = memoryStore();
    await saveDraft('shop-a', 'flow', { step: 'photos', description: 'broken' }, { store });
    expect(await loadDraft('shop-a', 'flow', { store })).toEqual({ step: 'photos', description: 'broken' });
    expect(await loadDraft('shop-b', 'flow', { store })).toBeUndefined();
    await clearDraft('shop-a', 'flow', { store });
    expect(await loadDraft('shop-a', 'flow', { store })).toBeUndefined();
  });

  it('forgets a draft older than its maximum age (it holds personal data)', async () => {
    const store = memoryStore();
    let now = Date.parse('2026-11-01T00:00:00Z');
    await saveDraft('shop-a', 'flow', { step: 'items' }, { store, now: () => now });
    now += 6 * 24 * 3600 * 1000;
    expect(await loadDraft('shop-a', 'flow', { store, now: () => now })).toEqual({ step: 'items' });
    now += 2 * 24 * 3600 * 1000;
    expect(await loadDraft('shop-a', 'flow', { store, now: () => now })).toBeUndefined();
    expect(await store.entries()).toEqual([]);
  });
});
