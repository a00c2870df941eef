import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import de from '../../locales/portal/de.json' with { type: 'json' };
import en from '../../locales/portal/en.json' with { type: 'json' };

/** Every key path with its value, e.g. `sign_in.email`. */
function flatten(value: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value))
      for (const [path, leaf] of flatten(child, prefix ? `${prefix}.${key}` : key)) out.set(path, leaf);
  } else out.set(prefix, value);
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

const PLURAL = /_(one|other)$/;

describe('the portal locales', () => {
  const english = flatten(en);
  const german = flatten(de);

  it('German has exactly the English keys, none empty', () => {
    expect([...german.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [path, value] of german) expect(String(value).trim(), path).not.toBe('');
  });

  it('every literal key the portal asks for exists (plural keys by their base)', () => {
    const bases = new Set([...english.keys()].map((key) => key.replace(PLURAL, '')));
    const missing: string[] = [];
    for (const file of sourceFiles('src/portal')) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\bt\('([a-z0-9_.]+)'/g)) {
        if (!bases.has(match[1] as string)) missing.push(`${file}: ${match[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('the sign-in page uses the documented labels', () => {
    expect([en.sign_in.email, en.sign_in.password, en.sign_in.submit]).toEqual(['Email', 'Password', 'Sign in']);
    expect([de.sign_in.email, de.sign_in.password, de.sign_in.submit]).toEqual(['E-Mail', 'Passwort', 'Anmelden']);
  });
});
