import { useEffect, useRef, useState } from 'preact/hooks';
import { usePortal } from '../context.js';

/**
 * The customer's photos as thumbnails; one opens full size in a modal dialog: ← and → go through
 * them, Escape closes, Tab stays inside, and focus returns to the thumbnail it was opened from.
 * The original file is a link away (signed URLs expire: the page's own load renews them).
 */
export interface Photo {
  url: string;
  /** A smaller rendition when the server has one; the full file otherwise. */
  thumbnail?: string;
  /** What the photo shows ("Photo 2 of Stoneware mug"): the thumbnail's and the dialog's name. */
  label: string;
}

export function PhotoViewer(props: { photos: Photo[]; id: string; label: string }) {
  const { t } = usePortal();
  const [open, setOpen] = useState<number | undefined>(undefined);
  const thumbnails = useRef<(HTMLButtonElement | null)[]>([]);
  // The thumbnail the dialog was opened from gets focus back, whichever photo is shown at the end.
  const opener = useRef(0);
  if (props.photos.length === 0) return null;
  const close = () => {
    setOpen(undefined);
    setTimeout(() => thumbnails.current[opener.current]?.focus(), 0);
  };
  return (
    <>
      <ul class="thumbnails" aria-label={props.label}>
        {props.photos.map((photo, index) => (
          <li key={photo.url}>
            <button
              type="button"
              class="thumbnail"
              ref={(element) => {
                thumbnails.current[index] = element;
              }}
              aria-haspopup="dialog"
              onClick={() => {
                opener.current = index;
                setOpen(index);
              }}
            >
              <img src={photo.thumbnail ?? photo.url} alt={photo.label} loading="lazy" width={96} height={96} />
            </button>
          </li>
        ))}
      </ul>
      {open !== undefined ? (
        <Lightbox
          id={props.id}
          photos={props.photos}
          index={open}
          onIndex={setOpen}
          onClose={close}
          closeLabel={t('claims.photos.close')}
        />
      ) : null}
    </>
  );
}

function Lightbox(props: {
  id: string;
  photos: Photo[];
  index: number;
  onIndex: (index: number) => void;
  onClose: () => void;
  closeLabel: string;
}) {
  const { t } = usePortal();
  const dialog = useRef<HTMLDivElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const { photos, index } = props;
  const photo = photos[index] as Photo;
  const count = photos.length;
  const go = (step: number) => props.onIndex((index + step + count) % count);
  useEffect(() => {
    closeButton.current?.focus();
  }, []);
  const titleId = `${props.id}-title`;
  return (
    <div class="lightbox-backdrop" onClick={(event) => event.target === event.currentTarget && props.onClose()}>
      <div
        ref={dialog}
        class="lightbox"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            props.onClose();
          } else if (event.key === 'ArrowRight' && count > 1) {
            event.preventDefault();
            go(1);
          } else if (event.key === 'ArrowLeft' && count > 1) {
            event.preventDefault();
            go(-1);
          } else if (event.key === 'Tab') trapFocus(event, dialog.current);
        }}
      >
        <div class="lightbox-bar">
          <h2 id={titleId}>
            {photo.label} <span class="hint">{t('claims.photos.position', { index: index + 1, count })}</span>
          </h2>
          <button ref={closeButton} type="button" class="secondary small" onClick={props.onClose}>
            {props.closeLabel}
          </button>
        </div>
        <img class="lightbox-image" src={photo.url} alt={photo.label} />
        <div class="actions">
          {count > 1 ? (
            <>
              <button type="button" class="secondary small" onClick={() => go(-1)}>
                {t('claims.photos.previous')}
              </button>
              <button type="button" class="secondary small" onClick={() => go(1)}>
                {t('claims.photos.next')}
              </button>
            </>
          ) : null}
          <a href={photo.url} target="_blank" rel="noopener noreferrer">
            {t('claims.photos.original')}
          </a>
        </div>
        <p class="hint">{t('claims.photos.keys')}</p>
      </div>
    </div>
  );
}

function trapFocus(event: KeyboardEvent, container: HTMLElement | null): void {
  if (!container) return;
  const focusable = [...container.querySelectorAll<HTMLElement>('button, a[href]')];
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  if (!first || !last) return;
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}
