import { useRef } from 'preact/hooks';
import type { PhotoTarget } from '../store/index.js';
import { useFlow, useMessage } from './context.js';

const ACCEPT = 'image/jpeg,image/png,image/webp,image/heic,image/heif';

/**
 * Photos for one target (an item or the whole package): previews, a progress bar per upload,
 * remove and retake. "Take a photo" opens the rear camera on phones (`capture`); "Choose photos"
 * opens the library. Both are real file inputs inside their labels, so keyboard and screen reader
 * users reach them like any control.
 */
export function PhotoField(props: {
  id: string;
  target: PhotoTarget;
  label: string;
  requirement: string;
  multiple?: boolean;
}) {
  const { store, t, hasCamera } = useFlow();
  const message = useMessage();
  const photos = store.photosOf(props.target);
  const key = store.targetKey(props.target);
  const pending = store.uploads.value.filter((entry) => store.targetKey(entry.target) === key);
  const retakeInput = useRef<HTMLInputElement>(null);
  const replacing = useRef<string | undefined>(undefined);
  // "N photos added" counts what the shop will see: uploads still running or failed are not added.
  const count = photos.length;

  const add = (files: FileList | null, input: HTMLInputElement, retake = false) => {
    const chosen = files ? [...files] : [];
    input.value = ''; // the same file may be chosen again after a removal
    if (chosen.length === 0) return;
    if (retake && replacing.current) store.removePhoto(props.target, replacing.current);
    replacing.current = undefined;
    store.addPhotos(props.target, chosen);
  };

  return (
    <div
      class="photo-field"
      role="group"
      aria-labelledby={`${props.id}-label`}
      aria-describedby={`${props.id}-requirement`}
    >
      <h2 id={`${props.id}-label`} class="photo-field-title">
        {props.label}
      </h2>
      <p class="hint" id={`${props.id}-requirement`}>
        {props.requirement} {t('flow.evidence.count', { count })}
      </p>
      {photos.length + pending.length > 0 ? (
        <ul class="photos">
          {photos.map((photo, index) => (
            <li class="photo" key={photo.id}>
              {photo.url ? (
                <img src={photo.url} alt={t('flow.evidence.photo_alt', { index: index + 1, name: props.label })} />
              ) : (
                <span class="photo-missing">{photo.name}</span>
              )}
              <p class="photo-state">{t('flow.evidence.uploaded')}</p>
              <div class="photo-actions">
                <button type="button" class="link" onClick={() => store.removePhoto(props.target, photo.id)}>
                  {t('flow.evidence.remove')}
                  <span class="visually-hidden">
                    {' '}
                    {t('flow.evidence.photo_alt', { index: index + 1, name: props.label })}
                  </span>
                </button>
                <button
                  type="button"
                  class="link"
                  onClick={() => {
                    replacing.current = photo.id;
                    retakeInput.current?.click();
                  }}
                >
                  {t('flow.evidence.retake')}
                  <span class="visually-hidden">
                    {' '}
                    {t('flow.evidence.photo_alt', { index: index + 1, name: props.label })}
                  </span>
                </button>
              </div>
            </li>
          ))}
          {pending.map((entry) => (
            <li class={`photo ${entry.state}`} key={entry.key}>
              <img src={entry.previewUrl} alt={t('flow.evidence.preview_alt', { name: entry.name })} />
              {entry.state === 'uploading' ? (
                <>
                  <progress
                    max={100}
                    value={entry.progress}
                    aria-label={t('flow.evidence.progress_label', { name: entry.name })}
                  />
                  <p class="photo-state">{t('flow.evidence.uploading', { percent: Math.round(entry.progress) })}</p>
                </>
              ) : (
                <p class="photo-state error" role="alert">
                  {message(entry.error)}
                </p>
              )}
              <div class="photo-actions">
                {entry.state === 'failed' && entry.retryable ? (
                  <button type="button" class="link" onClick={() => store.retryUpload(entry.key)}>
                    {t('flow.evidence.retry')}
                  </button>
                ) : null}
                <button type="button" class="link" onClick={() => store.cancelUpload(entry.key)}>
                  {entry.state === 'failed' ? t('flow.evidence.remove') : t('flow.evidence.cancel')}
                  <span class="visually-hidden"> {entry.name}</span>
                </button>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      <div class="photo-buttons">
        {hasCamera ? (
          <label class="button secondary file-button">
            <input
              type="file"
              accept={ACCEPT}
              capture="environment"
              class="visually-hidden"
              onChange={(event) => add(event.currentTarget.files, event.currentTarget)}
            />
            {t('flow.evidence.take_photo')}
          </label>
        ) : null}
        <label class="button secondary file-button">
          <input
            id={props.id}
            type="file"
            accept={ACCEPT}
            multiple={props.multiple !== false}
            class="visually-hidden"
            onChange={(event) => add(event.currentTarget.files, event.currentTarget)}
          />
          {t('flow.evidence.choose_photos')}
        </label>
        {/* Retake: the camera where there is one, the file picker elsewhere. */}
        <input
          ref={retakeInput}
          type="file"
          accept={ACCEPT}
          {...(hasCamera ? { capture: 'environment' } : {})}
          class="visually-hidden"
          tabIndex={-1}
          aria-hidden="true"
          onChange={(event) => add(event.currentTarget.files, event.currentTarget, true)}
        />
      </div>
    </div>
  );
}
