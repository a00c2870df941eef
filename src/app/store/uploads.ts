import { batch } from '@preact/signals';
import { isRetryable, ResolveError } from '../../client/index.js';
import { DEFAULT_UPLOAD_LIMIT_BYTES } from '../../core/session.js';
import { formatFileSize } from '../format.js';
import type { StoredPhoto } from '../plan.js';
import { photosOf, withPhotos } from './answers.js';
import type { FlowCore } from './core.js';
import { uploadMessage } from './messages.js';
import type { FlowActions, UploadEntry } from './types.js';

/** Photos and the signature on their way: progress, failure, another attempt, cancel. */
export type UploadActions = Pick<FlowActions, 'addPhotos' | 'retryUpload' | 'cancelUpload'>;

export function createUploadActions(core: FlowCore, onSessionExpired: () => void): UploadActions {
  const { state, deps, update } = core;
  /** Numbers this store's uploads, for keys unique within the page's list. */
  let counter = 0;

  function startUpload(entry: UploadEntry) {
    const active = state.session.value;
    if (!active) return;
    const patch = (change: Partial<UploadEntry>) => {
      state.uploads.value = state.uploads.value.map((item) => (item.key === entry.key ? { ...item, ...change } : item));
    };
    active
      .upload(entry.file, {
        signal: entry.controller.signal,
        onProgress: (progress) => patch({ progress: progress.percent }),
        ...(entry.target.kind === 'signature' ? { original: true } : {}),
      })
      .then((uploaded) => {
        const photo: StoredPhoto = {
          id: uploaded.id,
          name: entry.name,
          ...(uploaded.url ? { url: uploaded.url } : {}),
        };
        batch(() => {
          state.uploads.value = state.uploads.value.filter((item) => item.key !== entry.key);
          update((current) =>
            withPhotos(
              current,
              entry.target,
              entry.target.kind === 'signature' ? [photo] : [...photosOf(entry.target, current), photo],
            ),
          );
        });
        deps.revokeObjectUrl(entry.previewUrl);
      })
      .catch((error: unknown) => {
        if (entry.controller.signal.aborted) return;
        if (error instanceof ResolveError && error.kind === 'session_expired') return onSessionExpired();
        const limit = active.data.upload_limit_bytes ?? DEFAULT_UPLOAD_LIMIT_BYTES;
        patch({
          state: 'failed',
          progress: 0,
          error: uploadMessage(error, formatFileSize(deps.language(), limit)),
          retryable: isRetryable(error),
        });
      });
  }

  return {
    addPhotos(target, files) {
      const created = files.map<UploadEntry>((file) => ({
        key: `upload-${++counter}`,
        target,
        name: file.name || 'photo',
        previewUrl: deps.createObjectUrl(file),
        progress: 0,
        state: 'uploading',
        file,
        controller: new AbortController(),
      }));
      state.uploads.value = [...state.uploads.value, ...created];
      created.forEach(startUpload);
    },
    retryUpload(key) {
      const entry = state.uploads.value.find((item) => item.key === key);
      if (!entry || entry.state !== 'failed' || !entry.retryable) return;
      const fresh: UploadEntry = { ...entry, state: 'uploading', progress: 0, controller: new AbortController() };
      delete fresh.error;
      delete fresh.retryable;
      state.uploads.value = state.uploads.value.map((item) => (item.key === key ? fresh : item));
      startUpload(fresh);
    },
    cancelUpload(key) {
      const entry = state.uploads.value.find((item) => item.key === key);
      if (!entry) return;
      entry.controller.abort();
      deps.revokeObjectUrl(entry.previewUrl);
      state.uploads.value = state.uploads.value.filter((item) => item.key !== key);
    },
  };
}
