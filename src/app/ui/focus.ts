/**
 * Moves focus for the customer (a new step's heading, the field at fault) only while this page has
 * focus. In the embed's overlay the flow is an iframe: focusing inside it while the merchant's page
 * holds focus (the dialog's close button, just after opening) would pull focus across frames.
 */
export function focusIfActive(element: HTMLElement | null | undefined): void {
  if (element && document.hasFocus()) element.focus();
}

/**
 * A step just rendered: it starts at its top (not at the scroll offset the previous, longer step
 * left), and its heading takes focus without scrolling anything, so screen readers announce it and
 * the page does not move after it is shown.
 */
export function openStep(heading: HTMLElement | null | undefined): void {
  if (typeof window.scrollTo === 'function' && (window.scrollY > 0 || window.scrollX > 0)) window.scrollTo(0, 0);
  if (heading && document.hasFocus()) heading.focus({ preventScroll: true });
}
