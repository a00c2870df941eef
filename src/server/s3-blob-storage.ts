import { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { assertSafeKey, type BlobStorage } from './blob-storage.js';

/** Where an S3-compatible bucket is and how to sign for it (`BLOB_STORE=s3`, see config.ts). */
export interface S3StorageOptions {
  bucket: string;
  /** Another S3-compatible service (MinIO, R2, a local test server); AWS when absent. */
  endpoint?: string;
  region?: string;
  /** Static credentials; the SDK's default chain (environment, instance role) when absent. */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** `bucket` in the path instead of the host name (most non-AWS services want this). */
  forcePathStyle?: boolean;
  /** Prefix for every object key, so one bucket can hold several deployments. */
  prefix?: string;
}

/**
 * Evidence in an S3-compatible bucket: what several API processes on several machines share.
 * Streams go up as multipart uploads of 5 MiB parts (at most two parts in memory per upload);
 * a failed stream aborts the upload, so no object appears.
 */
export function s3BlobStorage(options: S3StorageOptions): BlobStorage {
  const config: S3ClientConfig = {
    region: options.region ?? 'us-east-1',
    forcePathStyle: options.forcePathStyle ?? false,
    // Checksums only where S3 requires them: S3-compatible services differ in the newer ones.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.accessKeyId && options.secretAccessKey
      ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } }
      : {}),
  };
  const client = new S3Client(config);
  const Bucket = options.bucket;
  const objectKey = (key: string) => {
    assertSafeKey(key);
    return `${options.prefix ?? ''}${key}`;
  };
  const read = async (key: string) => {
    try {
      const object = await client.send(new GetObjectCommand({ Bucket, Key: objectKey(key) }));
      return object.Body ? { body: object.Body as Readable, size: Number(object.ContentLength ?? 0) } : undefined;
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw error;
    }
  };
  const putStream = async (key: string, body: Readable) => {
    const upload = new Upload({
      client,
      params: { Bucket, Key: objectKey(key), Body: body },
      queueSize: 2,
      partSize: 5 * 1024 * 1024,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (error) {
      await upload.abort().catch(() => undefined);
      body.destroy();
      throw error;
    }
  };
  return {
    put: (key, bytes) => putStream(key, Readable.from([Buffer.from(bytes)])),
    putStream,
    async get(key) {
      const object = await read(key);
      if (!object) return undefined;
      const chunks: Buffer[] = [];
      for await (const chunk of object.body) chunks.push(Buffer.from(chunk as Uint8Array));
      return new Uint8Array(Buffer.concat(chunks));
    },
    stream: read,
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: objectKey(key) }));
    },
  };
}
