import { checkEmbedConfig } from './embed-config-check.js';
import type { FlowBoot, FlowInlineConfig, FlowInlineStrings } from './flow-boot.js';
import { isLanguage } from './languages.js';
import { isValidShopSlug } from './shop-slug.js';

export { FLOW_BOOT_ELEMENT_ID, FLOW_CONFIG_ELEMENT_ID, FLOW_STRINGS_ELEMENT_ID } from './flow-boot-element.js';

/** The longest API origin `flowBootSchema` accepts. */
const MAX_API_ORIGIN = 2048;

/**
 * The flow's boot data checked by hand, without zod: the flow's first load leaves zod to the part
 * that loads after the first render. It accepts exactly what `flowBootSchema` (flow-boot.ts)
 * accepts and returns the same value (unknown keys dropped); a property test holds the two together.
 */
export function checkFlowBoot(value: unknown): FlowBoot | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { shopSlug, apiOrigin } = value as Record<string, unknown>;
  if (!isValidShopSlug(shopSlug) || typeof apiOrigin !== 'string' || apiOrigin.length > MAX_API_ORIGIN)
    return undefined;
  return { shopSlug, apiOrigin };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The shell's embed config, checked by hand as `flowInlineConfigSchema` would (the config itself
 * with the embed's own check, `checkEmbedConfig`); a property test holds the two together.
 */
export function checkFlowInlineConfig(value: unknown): FlowInlineConfig | undefined {
  if (!isRecord(value)) return undefined;
  if (value.kind === 'not-found') return { kind: 'not-found' };
  if (value.kind !== 'found') return undefined;
  const config = checkEmbedConfig(value.config);
  return config ? { kind: 'found', config } : undefined;
}

/** The shell's strings, checked by hand as `flowInlineStringsSchema` would. */
export function checkFlowInlineStrings(value: unknown): FlowInlineStrings | undefined {
  if (!isRecord(value) || !isLanguage(value.language) || !isRecord(value.strings)) return undefined;
  const flow = value.strings.flow;
  if (!isRecord(flow)) return undefined;
  return { language: value.language, strings: { flow } };
}
