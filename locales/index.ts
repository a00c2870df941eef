/**
 * Every shipped language's strings, statically imported so bundlers can tree-shake unused
 * namespaces (the embed bundle takes only `tile`).
 */
import da from './da.json';
import de from './de.json';
import en from './en.json';
import es from './es.json';
import fr from './fr.json';
import it from './it.json';
import nl from './nl.json';
import pl from './pl.json';
import type { Language } from '../src/core/languages.js';

export type LocaleResources = typeof en;

export const locales: Record<Language, LocaleResources> = { en, de, fr, es, it, nl, da, pl };
