import fc from 'fast-check';
import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { flowBootSchema } from '../../src/core/flow-boot.js';
import { checkFlowBoot } from '../../src/core/flow-boot-check.js';

/**
 * The flow's hand-written boot check must agree with the zod schema the server writes the boot
 * data with: same verdict on every input, same value when both accept it, near the edges.
 */
const junk = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.integer(),
  fc.constant([]),
  fc.constant({}),
);
const slug = fc.oneof(
  fc.constantFrom('demo-shop', 'a', 'shop-1', 'x'.repeat(63)),
  fc.constantFrom('Demo', '-a', 'a-', 'a--b', 'x'.repeat(64), '', 'a b', '../x'),
  junk,
);
const origin = fc.oneof(
  fc.constantFrom('https://api.example', 'http://127.0.0.1:8787', '', 'x'.repeat(2048), 'x'.repeat(2049)),
  fc.string({ maxLength: 8 }),
  junk,
);
const boot = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record(
      { shopSlug: slug, apiOrigin: origin, extra: fc.option(fc.string(), { nil: undefined }) },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: junk },
);

describe('checkFlowBoot', () => {
  it('accepts exactly what flowBootSchema accepts, with the same value', () => {
    fc.assert(
      fc.property(boot, (value) => {
        const parsed = z.safeParse(flowBootSchema, value);
        expect(checkFlowBoot(value)).toEqual(parsed.success ? parsed.data : undefined);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads a real boot block', () => {
    expect(checkFlowBoot({ shopSlug: 'demo-shop', apiOrigin: 'https://api.example' })).toEqual({
      shopSlug: 'demo-shop',
      apiOrigin: 'https://api.example',
    });
    expect(checkFlowBoot({ shopSlug: 'Demo', apiOrigin: 'https://api.example' })).toBeUndefined();
  });
});
