/**
 * The boot data a page's HTML shell carries as inert JSON (`<script type="application/json">`),
 * parsed; undefined when the element is missing or its text is not JSON. The caller checks the
 * shape against the shared contract before trusting any of it.
 */
export function readBootJson(element: Element | null): unknown {
  try {
    return JSON.parse(element?.textContent ?? '');
  } catch {
    return undefined;
  }
}
