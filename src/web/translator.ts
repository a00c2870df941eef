import i18next, { type TFunction } from 'i18next';

/**
 * Strings through i18next, the same way for every page we host (the Resolve flow, the merchant
 * portal): one i18next instance per language, so switching builds a new translator rather than
 * mutating the one on screen. Each side keeps its own `import.meta.glob` of locale files, so each
 * build emits one chunk per language of its own strings only.
 */
export type Strings = Record<string, unknown>;
/** What `import.meta.glob(…, { import: 'default' })` gives: a loader per file path. */
export type StringFiles = Record<string, () => Promise<Strings>>;

export interface Translator<L extends string> {
  language: L;
  t: TFunction;
}

export async function translatorFor<L extends string>(language: L, strings: Strings): Promise<Translator<L>> {
  const instance = i18next.createInstance();
  await instance.init({
    lng: language,
    resources: { [language]: { translation: strings } },
    // Preact renders strings as text, never as HTML: escaping here would show `&amp;` on screen.
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  return { language, t: instance.t.bind(instance) as TFunction };
}

/** A language's strings from a side's glob of locale files: its own chunk, fetched now. */
export function loadStringsFile(files: StringFiles, path: string): Promise<Strings> {
  const file = files[path];
  if (!file) throw new Error(`no strings at ${path}`);
  return file();
}
