import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOCUMENTS_WITH_ENV_TABLE, tableIn } from '../../scripts/env-docs.js';
import { ENVIRONMENT, environmentTable } from '../../src/server/config.js';

/** The environment is described once, by the schema; the READMEs carry the table generated from it. */
describe('environment documentation', () => {
  it.each(DOCUMENTS_WITH_ENV_TABLE)(
    '%s carries the table generated from the schema (run `npm run docs:env`)',
    (path) => {
      expect(tableIn(readFileSync(path, 'utf8'))).toBe(environmentTable());
    },
  );

  it('documents every variable the parser reads, with a default and a meaning', () => {
    const table = environmentTable();
    for (const name of Object.keys(ENVIRONMENT.shape))
      expect(table).toMatch(new RegExp(`^\\| \`${name}\` \\| .+ \\| .+ \\|$`, 'm'));
  });
});
