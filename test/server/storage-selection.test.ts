import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STORAGE_FREE_SERVER_TESTS } from '../../vitest.config.js';

/** The file's text and that of the local helpers it imports (`./x.js` next to it). */
function sourceWithHelpers(file: string): string {
  const text = readFileSync(file, 'utf8');
  const helpers = [...text.matchAll(/from '(\.\/[\w-]+)\.js'/g)].map((match) => join(dirname(file), `${match[1]}.ts`));
  return [text, ...helpers.map((helper) => readFileSync(helper, 'utf8'))].join('\n');
}

describe('server files left out of the PostgreSQL pass', () => {
  it.each(STORAGE_FREE_SERVER_TESTS)('%s never reaches PostgreSQL', (file) => {
    const source = sourceWithHelpers(file);
    // Opening a store on PostgreSQL goes through `backends` or TEST_DATABASE_URL; a file that does
    // must run on both stores, so it cannot be on the list.
    expect(source).not.toMatch(/\bbackends\b|TEST_DATABASE_URL|databaseUrl/);
  });
});
