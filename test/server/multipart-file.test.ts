import { PassThrough } from 'node:stream';
import busboy from 'busboy';
import { describe, expect, it } from 'vitest';
import { firstFilePart, readHead } from '../../src/server/multipart-file.js';

/**
 * Reading the evidence file out of a multipart body. The case that matters most: the body fails
 * (the customer's connection drops) at a moment when nothing is reading the file stream. That
 * must not become an uncaught exception, which would stop the API process for every customer;
 * vitest fails the run on one. The failure reaches whoever reads next instead.
 */
const BOUNDARY = 'xxBOUNDARYxx';
const part = (name: string, filename: string, body: string) =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: image/jpeg\r\n\r\n${body}\r\n`;

function multipart(): { source: PassThrough; parser: busboy.Busboy } {
  const parser = busboy({ headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` } });
  return { source: new PassThrough(), parser };
}
const noFile = () => new Error('no file');
const nextTicks = () => new Promise((resolve) => setImmediate(resolve));

describe('the file part of an upload', () => {
  it('is the part named "file"; other parts are skipped', async () => {
    const { source, parser } = multipart();
    const found = firstFilePart(source, parser, noFile);
    source.end(`${part('other', 'a.jpg', 'not this')}${part('file', 'b.jpg', 'this one')}--${BOUNDARY}--\r\n`);
    const file = await found;
    expect((await readHead(file, 100)).toString()).toBe('this one');
  });

  it('is refused with the caller’s error when the body has none', async () => {
    const { source, parser } = multipart();
    const found = firstFilePart(source, parser, noFile);
    source.end(`${part('other', 'a.jpg', 'not this')}--${BOUNDARY}--\r\n`);
    await expect(found).rejects.toThrow('no file');
  });

  it('survives the body failing while nobody reads the file, and hands the failure to the next reader', async () => {
    const { source, parser } = multipart();
    const found = firstFilePart(source, parser, noFile);
    source.write(part('file', 'b.jpg', 'x'.repeat(4096)).replace(/\r\n$/, ''));
    const file = await found;
    expect((await readHead(file, 10)).length).toBeGreaterThanOrEqual(10);
    // The head has been read; storage has not started reading the rest. The customer goes away.
    source.destroy(new Error('the client went away'));
    await nextTicks();
    await nextTicks();
    await expect(readHead(file, 10)).rejects.toThrow('the client went away');
    await expect(
      (async () => {
        for await (const chunk of file) void chunk;
      })(),
    ).rejects.toThrow('the client went away');
  });
});
