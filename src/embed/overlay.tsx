import { render } from 'preact';
import * as z from 'zod/mini';
import { embedMessageSchema, type EmbedMessage } from '../core/index.js';
import type { Language } from '../core/languages.js';
import { overlayStrings } from './overlay-strings.js';
import { reportError } from './safe.js';

/**
 * The flow in an accessible modal: an iframe in a dialog (aria-modal), focus kept inside, Esc and
 * the backdrop close it, the page behind does not scroll, and focus returns where it was. Messages
 * from the flow are accepted only from the app origin and from this overlay's own iframe.
 */
export const OVERLAY_HOST_TAG = 'karla-resolve-overlay';

export const OVERLAY_CSS = `
:host { all: initial !important; position: fixed !important; inset: 0 !important; z-index: 2147483100 !important; display: block !important; }
.backdrop { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center; padding: 16px; background: rgba(17, 17, 17, 0.55); }
.dialog { position: relative; display: flex; width: min(560px, 100%); height: min(820px, 100%); border-radius: 14px; overflow: hidden; background: #ffffff; box-shadow: 0 20px 60px rgba(0, 0, 0, 0.35); }
.frame { flex: 1; width: 100%; height: 100%; border: 0; }
.close { position: absolute; top: 8px; right: 8px; width: 44px; height: 44px; border: 0; border-radius: 50%; background: #ffffff; color: #1f2328; font: 600 24px/1 system-ui, sans-serif; cursor: pointer; box-shadow: 0 1px 4px rgba(0, 0, 0, 0.25); }
.guard { position: absolute; width: 1px; height: 1px; overflow: hidden; }
.close:focus { outline: none; }
.close:focus-visible { outline: 3px solid #1f2328; outline-offset: 2px; }
@media (max-width: 600px) { .backdrop { padding: 0; } .dialog { width: 100%; height: 100%; border-radius: 0; } }
`;

export interface OverlayOptions {
  url: string;
  appOrigin: string;
  /** The dialog's name and close button speak it (overlay-strings.ts). */
  language: Language;
  nonce: string | undefined;
  onMessage(message: EmbedMessage): void;
  onClose(): void;
}

export interface Overlay {
  close(): void;
}

export function openOverlay(win: Window, options: OverlayOptions): Overlay {
  const doc = win.document;
  const previousFocus = doc.activeElement instanceof HTMLElement ? doc.activeElement : null;
  const root = doc.documentElement;
  const previousOverflow = root.style.getPropertyValue('overflow');
  const previousPriority = root.style.getPropertyPriority('overflow');

  const host = doc.createElement(OVERLAY_HOST_TAG);
  const shadow = host.attachShadow({ mode: 'open' });
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(OVERLAY_CSS);
    shadow.adoptedStyleSheets = [sheet];
  } catch {
    const style = doc.createElement('style');
    if (options.nonce) style.nonce = options.nonce;
    style.textContent = OVERLAY_CSS;
    shadow.appendChild(style);
  }
  const mount = doc.createElement('div');
  shadow.appendChild(mount);
  let closed = false;

  const close = () => {
    if (closed) return;
    closed = true;
    win.removeEventListener('message', onMessage);
    doc.removeEventListener('keydown', onKeydown, true);
    doc.removeEventListener('focusin', onFocusIn, true);
    render(null, mount);
    host.remove();
    root.style.setProperty('overflow', previousOverflow, previousPriority);
    previousFocus?.focus();
    options.onClose();
  };

  const closeButton = () => shadow.querySelector<HTMLButtonElement>('.close');
  const frame = () => shadow.querySelector<HTMLIFrameElement>('iframe');

  const onMessage = (event: MessageEvent) => {
    try {
      if (event.origin !== options.appOrigin || event.source !== frame()?.contentWindow) return;
      const parsed = z.safeParse(embedMessageSchema, event.data);
      if (!parsed.success) return;
      if (parsed.data.type === 'close') close();
      else options.onMessage(parsed.data);
    } catch (error) {
      reportError(error);
    }
  };
  const onKeydown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      close();
    } else if (event.key === 'Tab') {
      // Two stops inside the dialog: the close button and the flow. Tab moves between them only.
      const targets = [closeButton(), frame()].filter(
        (node): node is HTMLButtonElement | HTMLIFrameElement => node !== null,
      );
      const current = targets.indexOf(shadow.activeElement as HTMLButtonElement | HTMLIFrameElement);
      const next = targets[(current + (event.shiftKey ? targets.length - 1 : 1) + targets.length) % targets.length];
      event.preventDefault();
      next?.focus();
    }
  };
  // Focus that escapes (e.g. tabbing out of the iframe) is brought back to the dialog.
  const onFocusIn = (event: FocusEvent) => {
    if (event.target !== host) closeButton()?.focus();
  };

  const strings = overlayStrings(options.language);
  render(
    <div class="backdrop" onClick={(event) => event.target === event.currentTarget && close()}>
      <div class="dialog" role="dialog" aria-modal="true" aria-label={strings.dialog_title} lang={options.language}>
        {/* Shift+Tab out of the flow's first control lands here (keys inside the iframe never reach this page): back to the dialog's close button. */}
        <span tabIndex={0} class="guard" onFocus={() => closeButton()?.focus()} />
        <iframe
          class="frame"
          src={options.url}
          title={strings.dialog_title}
          allow="camera; fullscreen"
          referrerpolicy="strict-origin"
        />
        <button class="close" type="button" aria-label={strings.close} onClick={close}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
    </div>,
    mount,
  );
  doc.body.appendChild(host);
  root.style.setProperty('overflow', 'hidden', 'important');
  win.addEventListener('message', onMessage);
  doc.addEventListener('keydown', onKeydown, true);
  doc.addEventListener('focusin', onFocusIn, true);
  closeButton()?.focus();
  return { close };
}
