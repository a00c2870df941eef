/**
 * Moves focus for the customer (a new step's heading, the field at fault) only while this page has
 * focus. In the embed's overlay the flow is an iframe: focusing inside it while the merchant's page
 * holds focus (the dialog's close button, just after opening) would pull focus across frames.
 */
export function focusIfActive(element: HTMLElement | null | undefined): void {
  if (element && document.hasFocus()) element.focus();
}
