import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_LANGUAGES, type Language } from '../../src/core/languages.js';
import { createTranslator, loadStrings, translatorFor, type Strings } from '../../src/app/i18n.js';
import { locales } from '../../locales/index.js';

/** Every key under `flow`, plural forms folded into the key they belong to. */
function flowKeys(node: Record<string, unknown>, prefix = 'flow'): string[] {
  return Object.entries(node).flatMap(([name, value]) =>
    typeof value === 'object' && value !== null
      ? flowKeys(value as Record<string, unknown>, `${prefix}.${name}`)
      : [`${prefix}.${name.replace(/_(zero|one|two|few|many|other)$/, '')}`],
  );
}

async function i18nextFor(language: Language, strings: Strings) {
  const instance = i18next.createInstance();
  await instance.init({
    lng: language,
    resources: { [language]: { translation: strings } },
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  return instance.t.bind(instance) as (key: string, values?: Record<string, unknown>) => string;
}

// Counts that land in every plural category of the eight languages (Polish few/many, French many).
const COUNTS = [0, 1, 2, 3, 4, 5, 11, 12, 14, 21, 22, 25, 100, 101, 102, 1000000, 1.5];

describe("the flow's translator", () => {
  it.each(SUPPORTED_LANGUAGES)('answers what i18next answers for every key and count in %s', async (language) => {
    const strings = { flow: locales[language].flow } as Strings;
    const ours = translatorFor(language, strings).t;
    const reference = await i18nextFor(language, strings);
    const keys = [...new Set(flowKeys(locales[language].flow as Record<string, unknown>))];
    const values = {
      current: 2,
      total: 6,
      email: 'a@example.com',
      item: '<b>Mug</b>',
      max: 500,
      title: 'Mug {{name}}',
      name: 'photo.jpg',
      date: '1 May',
      index: 3,
      number: '#1001',
      percent: 40,
      price: '€12.00',
    };
    for (const key of [...keys, 'flow.no_such_key']) {
      expect(ours(key), key).toBe(reference(key));
      expect(ours(key, values), key).toBe(reference(key, values));
      for (const count of COUNTS)
        expect(ours(key, { ...values, count }), `${key} ${count}`).toBe(reference(key, { ...values, count }));
    }
    // A placeholder without its value stays as written; one passed as undefined is left out.
    expect(ours('flow.step_count', { current: 1 })).toBe(reference('flow.step_count', { current: 1 }));
    expect(ours('flow.step_count', { current: 1, total: undefined })).toBe(
      reference('flow.step_count', { current: 1, total: undefined }),
    );
  });

  it("loads a language's chunk with the flow's strings only", async () => {
    const strings = await loadStrings('pl');
    expect(Object.keys(strings)).toEqual(['flow']);
    expect((await createTranslator('pl')).t('flow.finder.title')).toBe(locales.pl.flow.finder.title);
  });
});
