/**
 * Dates and numbers on the claims pages: in the portal's language and the viewer's own time zone
 * (Intl's default), so "created 09:14" is the merchant's 09:14. Formatters are built once per
 * language and kind; building one costs far more than using it.
 */
const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(language: string, kind: 'dateTime' | 'day' | 'shortDay'): Intl.DateTimeFormat {
  const key = `${language}:${kind}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(
      language,
      kind === 'dateTime'
        ? { dateStyle: 'medium', timeStyle: 'short' }
        : kind === 'day'
          ? { dateStyle: 'medium' }
          : { day: 'numeric', month: 'numeric' },
    );
    cache.set(key, format);
  }
  return format;
}

export const formatDateTime = (iso: string, language: string) => formatter(language, 'dateTime').format(new Date(iso));

/** A calendar day (`YYYY-MM-DD`, already the viewer's) as the language writes it; no time zone shift. */
export function formatDay(day: string, language: string, short = false): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return formatter(language, short ? 'shortDay' : 'day').format(new Date(year, month - 1, date));
}

/** The viewer's calendar day of an instant, `YYYY-MM-DD`. */
export function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export const formatPercent = (share: number, language: string) =>
  new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 }).format(share);
