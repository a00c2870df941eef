import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * The delivery worker reads shops and uploads through the modules that own those tables, so a
 * change to either table has one place to follow (and the worker cannot drift from it).
 */
describe('delivery worker data access', () => {
  it('has no SQL of its own against shops or uploads', () => {
    const source = readFileSync(new URL('../../../src/server/delivery/worker.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/\b(FROM|UPDATE|INTO)\s+(shops|uploads)\b/i);
  });
});
