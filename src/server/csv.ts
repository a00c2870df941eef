/**
 * CSV as RFC 4180 writes it, for spreadsheets: CRLF line ends; a field holding a comma, a double
 * quote, CR or LF is quoted, its quotes doubled. The file starts with a UTF-8 byte order mark so
 * Excel reads umlauts and Polish letters as such.
 *
 * Spreadsheets run a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a
 * formula, and customers write the text we export. Such a cell gets a single quote in front
 * (`=HYPERLINK(…)` → `'=HYPERLINK(…)`), which shows the text as typed and runs nothing. The rule
 * applies to every cell; our own values (ids, ISO dates, counts, prices) never start that way.
 */

export const CSV_BOM = '\uFEFF';
export const CSV_LINE_END = '\r\n';

export type CsvValue = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** The cell's text with a leading single quote when a spreadsheet would take it for a formula. */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One field: null and undefined are empty; text is neutralized, then quoted when it must be. */
export function csvField(value: CsvValue): string {
  const text = neutralizeFormula(value === null || value === undefined ? '' : String(value));
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, line end included. */
export function csvRecord(values: readonly CsvValue[]): string {
  return values.map(csvField).join(',') + CSV_LINE_END;
}
