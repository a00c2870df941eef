import { uploadResponseSchema, type UploadResponse } from '../core/session.js';
import { ResolveError } from './errors.js';
import { parseResponse } from './http.js';

export interface UploadProgress {
  loaded: number;
  total: number;
  /** 0–100. */
  percent: number;
}

export interface UploadRequest {
  url: string;
  token: string;
  language: string;
  file: File;
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
}

/**
 * One multipart upload with progress. fetch() reports no upload progress, so this is XHR; the
 * answer is parsed like any other (typed errors, shared schema).
 */
export function uploadOnce(request: UploadRequest): Promise<UploadResponse> {
  return new Promise((resolve, reject) => {
    if (request.signal?.aborted) return reject(new ResolveError('aborted', 'aborted'));
    const xhr = new XMLHttpRequest();
    xhr.open('POST', request.url);
    xhr.setRequestHeader('Authorization', `Bearer ${request.token}`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', request.language);
    xhr.upload.onprogress = (event) => {
      if (!event.lengthComputable) return;
      request.onProgress?.({ loaded: event.loaded, total: event.total, percent: Math.min(99, Math.round((event.loaded / event.total) * 100)) });
    };
    const onAbort = () => xhr.abort();
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const cleanup = () => request.signal?.removeEventListener('abort', onAbort);
    xhr.onload = () => {
      cleanup();
      const response = new Response(xhr.responseText, {
        status: xhr.status,
        headers: { 'Retry-After': xhr.getResponseHeader('Retry-After') ?? '' },
      });
      parseResponse(response, uploadResponseSchema).then((result) => {
        // 100 % only once the server has the file, not when the last byte left the phone.
        request.onProgress?.({ loaded: request.file.size, total: request.file.size, percent: 100 });
        resolve(result);
      }, reject);
    };
    xhr.onerror = () => {
      cleanup();
      reject(new ResolveError('network', 'upload failed: network error'));
    };
    xhr.onabort = () => {
      cleanup();
      reject(new ResolveError('aborted', 'upload cancelled'));
    };
    const form = new FormData();
    form.set('file', request.file, request.file.name || 'photo');
    xhr.send(form);
  });
}

/** At most `limit` tasks at a time; the rest wait their turn in order. */
export function createLimiter(limit: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async function run<T>(task: () => Promise<T>): Promise<T> {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}
