import type { Language } from '../core/languages.js';

/** Prices and dates written the way each language writes them (Intl, no hand-made patterns). */
export function formatPrice(language: Language, amount: number | null, currency: string | null): string | undefined {
  if (amount === null) return undefined;
  if (!currency)
    return new Intl.NumberFormat(language, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount);
  try {
    return new Intl.NumberFormat(language, { style: 'currency', currency }).format(amount);
  } catch {
    return `${new Intl.NumberFormat(language, { minimumFractionDigits: 2 }).format(amount)} ${currency}`;
  }
}

export function formatDate(language: Language, iso: string | null): string | undefined {
  if (!iso) return undefined;
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? undefined
    : new Intl.DateTimeFormat(language, { dateStyle: 'long' }).format(date);
}

/** The reference shown on the confirmation: the one helpdesk tickets carry too. */
export { claimReference } from '../core/claim-reference.js';

/** A file size limit as the language writes it: "15 MB", "15 Mo" (a no-break space, so it never wraps). */
export function formatFileSize(language: Language, bytes: number): string {
  const megabytes = bytes / (1024 * 1024);
  const text = new Intl.NumberFormat(language, {
    style: 'unit',
    unit: 'megabyte',
    maximumFractionDigits: megabytes < 10 ? 1 : 0,
  }).format(megabytes);
  return text.replace(/ /g, '\u00A0');
}
