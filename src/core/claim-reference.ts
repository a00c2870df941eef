/**
 * The short claim reference a customer sees on the confirmation page (`d3b07384-…` → `D3B07384`):
 * short enough to read out on the phone, unique enough within a shop. The same function puts it in
 * the helpdesk ticket's subject and first line, so an agent finds the claim a customer quotes.
 */
export function claimReference(uuid: string): string {
  return uuid.replace(/-/g, '').slice(0, 8).toUpperCase();
}
