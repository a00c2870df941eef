import { useEffect, useRef } from 'preact/hooks';
import { useFlow, useMessage } from './context.js';
import type SignaturePadInstance from 'signature_pad';

const SAVE_AFTER_MS = 700;

/**
 * The customer's signature (not-received flow), drawn with finger, pen or mouse (signature_pad).
 * It is saved by itself shortly after the last stroke, uploaded as a PNG like a photo; a saved
 * signature is shown back with "Sign again". Optional: the flow never blocks a customer who cannot
 * draw (keyboard-only users answer the drop-off question, which is what the carrier needs).
 */
export function SignatureField() {
  const { store, t } = useFlow();
  const message = useMessage();
  const canvas = useRef<HTMLCanvasElement>(null);
  const saved = store.answers.value.signature;
  const pending = store.uploads.value.find((entry) => entry.target.kind === 'signature');

  useEffect(() => {
    const element = canvas.current;
    if (!element || saved) return;
    const ratio = Math.max(window.devicePixelRatio || 1, 1);
    element.width = element.offsetWidth * ratio;
    element.height = element.offsetHeight * ratio;
    element.getContext('2d')?.scale(ratio, ratio);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let pad: SignaturePadInstance | undefined;
    let disposed = false;
    const save = () => {
      if (!pad || pad.isEmpty()) return;
      element.toBlob((blob) => {
        if (!blob) return;
        // A newer drawing replaces an upload of an older one still on its way.
        store.uploads.value
          .filter((entry) => entry.target.kind === 'signature')
          .forEach((entry) => store.cancelUpload(entry.key));
        store.addPhotos({ kind: 'signature' }, [new File([blob], 'signature.png', { type: 'image/png' })]);
      }, 'image/png');
    };
    const onEnd = () => {
      clearTimeout(timer);
      timer = setTimeout(save, SAVE_AFTER_MS);
    };
    const onBegin = () => clearTimeout(timer);
    // Only the not-received flow draws: the library is its own chunk, fetched when this field shows.
    void import('signature_pad').then(({ default: SignaturePad }) => {
      if (disposed) return;
      pad = new SignaturePad(element, { backgroundColor: '#ffffff', penColor: '#111111' });
      pad.addEventListener('endStroke', onEnd);
      pad.addEventListener('beginStroke', onBegin);
    });
    return () => {
      disposed = true;
      clearTimeout(timer);
      pad?.off();
    };
    // The pad is set up once per saved signature; the store is the same object for the flow's life.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [saved?.id]);

  return (
    <div class="signature-field" role="group" aria-labelledby="signature-label" aria-describedby="signature-hint">
      <h2 id="signature-label" class="photo-field-title">
        {t('flow.evidence.signature_title')}
      </h2>
      <p class="hint" id="signature-hint">
        {t('flow.evidence.signature_hint')}
      </p>
      {saved ? (
        <div class="signature-saved">
          {saved.url ? <img src={saved.url} alt={t('flow.evidence.signature_alt')} /> : null}
          <p class="photo-state">{t('flow.evidence.signature_saved')}</p>
          <button
            type="button"
            class="link"
            onClick={() => saved && store.removePhoto({ kind: 'signature' }, saved.id)}
          >
            {t('flow.evidence.signature_again')}
          </button>
        </div>
      ) : (
        <>
          <canvas ref={canvas} class="signature-pad" role="img" aria-label={t('flow.evidence.signature_pad_label')} />
          {pending?.state === 'uploading' ? (
            <p class="photo-state" role="status">
              {t('flow.evidence.signature_saving')}
            </p>
          ) : null}
          {pending?.state === 'failed' ? (
            <p class="photo-state error" role="alert">
              {message(pending.error)}
              {/* A refused file cannot succeed on another try; drawing again can. */}
              {pending.retryable ? (
                <>
                  {' '}
                  <button type="button" class="link" onClick={() => store.retryUpload(pending.key)}>
                    {t('flow.evidence.retry')}
                  </button>
                </>
              ) : null}
            </p>
          ) : null}
        </>
      )}
    </div>
  );
}
