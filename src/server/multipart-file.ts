import type { Readable } from 'node:stream';
import type busboy from 'busboy';

/**
 * The first part named `file` of a multipart body, as a stream; other parts are skipped. Rejects
 * with `noFile()` when the body has no such part.
 *
 * The file stream keeps an error listener for its whole life. Busboy hands a failure of the body
 * (the client went away, the body ran over its cap) to the file stream at once, and between two
 * readers (after the head is sniffed, before storage reads the rest) nobody else listens: an
 * `error` event without a listener is an uncaught exception, which stops the whole API process.
 * The error is not lost: a stream that has failed makes its next reader fail with the same error.
 */
export function firstFilePart(source: Readable, parser: busboy.Busboy, noFile: () => Error): Promise<Readable> {
  return new Promise((resolve, reject) => {
    let found = false;
    parser.on('file', (name, stream) => {
      if (found || name !== 'file') return void stream.resume();
      found = true;
      stream.on('error', () => {});
      resolve(stream);
    });
    parser.on('close', () => found || reject(noFile()));
    parser.on('error', (error: unknown) => reject(found ? error : noFile()));
    source.on('error', (error) => {
      // The parser hands the failure on to the file stream, so storage sees the upload fail.
      parser.destroy(error);
      reject(error);
    });
    source.pipe(parser);
  });
}

/** Up to `bytes` from the start of a stream (fewer when it ends first), leaving the rest unread. */
export function readHead(stream: Readable, bytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (stream.errored) return reject(stream.errored);
    const chunks: Buffer[] = [];
    let length = 0;
    const done = (error?: unknown) => {
      stream.off('readable', onReadable);
      stream.off('end', onEnd);
      stream.off('error', done);
      if (error) reject(error);
      else resolve(Buffer.concat(chunks));
    };
    const onReadable = () => {
      let chunk: Buffer | null;
      while (length < bytes && (chunk = stream.read() as Buffer | null) !== null) {
        chunks.push(chunk);
        length += chunk.length;
      }
      if (length >= bytes) done();
    };
    const onEnd = () => done();
    stream.on('readable', onReadable);
    stream.on('end', onEnd);
    stream.on('error', done);
  });
}
