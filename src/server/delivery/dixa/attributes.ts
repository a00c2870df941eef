import type { DixaCustomAttribute, DixaSelectOption } from '../../../core/dixa-api.js';
import type { DixaAttributeMapping } from '../../../core/integrations.js';
import { shortText } from '../errors.js';
import { claimFieldValue } from '../facts.js';
import type { ClaimDeliveryInput } from '../input.js';
import type { DeliveryWarning } from '../progress.js';

/**
 * The path of option values from the top level down to the active option whose value or label is
 * `wanted` (case-insensitively), searching level by level so a top-level match wins over a nested
 * one; undefined when none matches. A deactivated option hides its nested options too.
 */
export function selectOptionPath(options: readonly DixaSelectOption[], wanted: string): string[] | undefined {
  const target = wanted.toLowerCase();
  let level: { option: DixaSelectOption; path: string[] }[] = options
    .filter((o) => !o.isDeactivated)
    .map((option) => ({ option, path: [option.value] }));
  while (level.length > 0) {
    const hit = level.find(
      ({ option }) => option.value.toLowerCase() === target || option.label?.toLowerCase() === target,
    );
    if (hit) return hit.path;
    level = level.flatMap(({ option, path }) =>
      (option.nestedOptions ?? [])
        .filter((o) => !o.isDeactivated)
        .map((nested) => ({ option: nested, path: [...path, nested.value] })),
    );
  }
  return undefined;
}

/**
 * `{attribute uuid: value}`: Text attributes take the value as a string; Select attributes take
 * a list of option values: the chosen option's value, or for a nested option the values from the
 * top level down to it. The claim's value must match an active option (by value or label,
 * case-insensitively). Mappings that do not fit are skipped with a warning.
 */
export function attributePatch(
  input: ClaimDeliveryInput,
  mappings: readonly DixaAttributeMapping[],
  attributes: readonly DixaCustomAttribute[],
  warnings: DeliveryWarning[],
): Record<string, string | string[]> {
  const byId = new Map(attributes.map((attribute) => [attribute.id.toLowerCase(), attribute]));
  const patch: Record<string, string | string[]> = {};
  for (const mapping of mappings) {
    const attribute = byId.get(mapping.attribute_id.toLowerCase());
    const skip = (why: string) =>
      warnings.push({
        code: 'custom_attribute_skipped',
        message: `custom attribute ${mapping.attribute_id} (${mapping.source}): ${why}`,
      });
    if (!attribute) {
      skip('no such active conversation attribute');
      continue;
    }
    const value = claimFieldValue(input, mapping.source);
    if (value === null) continue;
    const options = attribute.inputDefinition.options;
    if (attribute.inputDefinition._type === 'Select' || options) {
      const path = selectOptionPath(options ?? [], String(value));
      if (path) patch[attribute.id] = path;
      else skip(`"${shortText(String(value), 60)}" is not one of its options`);
    } else {
      patch[attribute.id] = String(value);
    }
  }
  return patch;
}
