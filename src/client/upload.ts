import { uploadResponseSchema, type UploadResponse } from '../core/session.js';
import { AbortedError, NetworkError } from './errors.js';
import { isOffline, parseResponse } from './http.js';
import { CLIENT_DEFAULTS } from './defaults.js';

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
  /** Abort (as a retryable network error) when no byte moved for this long. */
  stallTimeoutMs?: number;
}

/**
 * Not a total timeout: a 4 MB photo over a weak uplink may rightly take minutes. What is wrong is
 * a connection where nothing moves any more (the phone changed cells, the radio slept).
 */
export const DEFAULT_STALL_TIMEOUT_MS = CLIENT_DEFAULTS.uploadStallTimeoutMs;

/**
 * One multipart upload with progress. fetch() reports no upload progress, so this is XHR; the
 * answer is parsed like any other (typed errors, shared schema).
 */
export function uploadOnce(request: UploadRequest): Promise<UploadResponse> {
  return new Promise((resolve, reject) => {
    if (request.signal?.aborted) return reject(new AbortedError('upload cancelled'));
    const xhr = new XMLHttpRequest();
    let stalled = false;
    let stallTimer: ReturnType<typeof setTimeout> | undefined;
    const armStallTimer = () => {
      clearTimeout(stallTimer);
      stallTimer = setTimeout(() => {
        stalled = true;
        xhr.abort();
      }, request.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS);
    };
    xhr.open('POST', request.url);
    xhr.setRequestHeader('Authorization', `Bearer ${request.token}`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', request.language);
    xhr.upload.onprogress = (event) => {
      armStallTimer();
      if (!event.lengthComputable) return;
      request.onProgress?.({
        loaded: event.loaded,
        total: event.total,
        percent: Math.min(99, Math.round((event.loaded / event.total) * 100)),
      });
    };
    const onAbort = () => xhr.abort();
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const cleanup = () => {
      clearTimeout(stallTimer);
      request.signal?.removeEventListener('abort', onAbort);
    };
    // Every byte is sent: now the server stores the file; give it a fresh period to answer.
    xhr.upload.onload = armStallTimer;
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
      reject(new NetworkError('upload failed: network error', isOffline()));
    };
    xhr.onabort = () => {
      cleanup();
      reject(stalled ? new NetworkError('upload stalled: no progress') : new AbortedError('upload cancelled'));
    };
    const form = new FormData();
    form.set('file', request.file, request.file.name || 'photo');
    request.onProgress?.({ loaded: 0, total: request.file.size, percent: 0 });
    armStallTimer();
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
