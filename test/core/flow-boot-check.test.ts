import fc from 'fast-check';
import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { flowBootSchema, flowInlineConfigSchema, flowInlineStringsSchema } from '../../src/core/flow-boot.js';
import { checkFlowBoot, checkFlowInlineConfig, checkFlowInlineStrings } from '../../src/core/flow-boot-check.js';

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

// The config itself is held to its schema by embed-config-check.test.ts; here, the wrapper around it.
const validConfig = {
  shop_slug: 'demo-shop',
  enabled: true,
  allowed_urls: [],
  default_language: 'de',
  branding: { primary_color: '#123456' },
};
const inlineConfig = fc.oneof(
  fc.record(
    {
      kind: fc.oneof(fc.constantFrom('found', 'not-found', 'failed', ''), junk),
      config: fc.oneof(fc.constant(validConfig), fc.constant({ ...validConfig, shop_slug: 'Bad' }), junk),
      extra: fc.string(),
    },
    { requiredKeys: [] },
  ),
  junk,
);
const inlineStrings = fc.oneof(
  fc.record(
    {
      language: fc.oneof(fc.constantFrom('en', 'pl', 'sv', 'EN', ''), junk),
      strings: fc.oneof(
        fc.record(
          {
            flow: fc.oneof(fc.dictionary(fc.string({ maxLength: 4 }), fc.oneof(fc.string(), fc.object())), junk),
            tile: fc.object(),
          },
          { requiredKeys: [] },
        ),
        junk,
      ),
    },
    { requiredKeys: [] },
  ),
  junk,
);

describe("the shell's config and strings checks", () => {
  it('accept exactly what flowInlineConfigSchema and flowInlineStringsSchema accept, with the same values', () => {
    fc.assert(
      fc.property(inlineConfig, inlineStrings, (config, strings) => {
        const parsedConfig = z.safeParse(flowInlineConfigSchema, config);
        expect(checkFlowInlineConfig(config)).toEqual(parsedConfig.success ? parsedConfig.data : undefined);
        const parsedStrings = z.safeParse(flowInlineStringsSchema, strings);
        expect(checkFlowInlineStrings(strings)).toEqual(parsedStrings.success ? parsedStrings.data : undefined);
      }),
      { numRuns: 2000 },
    );
  });
});
