/**
 * Every shipped language's strings, statically imported so bundlers can tree-shake unused
 * namespaces (the embed bundle takes only `tile`).
 */
import da from './da.json' with { type: 'json' };
import de from './de.json' with { type: 'json' };
import en from './en.json' with { type: 'json' };
import es from './es.json' with { type: 'json' };
import fr from './fr.json' with { type: 'json' };
import it from './it.json' with { type: 'json' };
import nl from './nl.json' with { type: 'json' };
import pl from './pl.json' with { type: 'json' };
import type { Language } from '../src/core/languages.js';

export type LocaleResources = typeof en;

export const locales: Record<Language, LocaleResources> = { en, de, fr, es, it, nl, da, pl };
