import type { GorgiasCustomField, GorgiasTicketInput } from '../../../core/gorgias-api.js';
import type { GorgiasFieldMapping } from '../../../core/integrations.js';
import { claimFieldValue } from '../facts.js';
import type { ClaimDeliveryInput } from '../input.js';
import type { DeliveryWarning } from '../progress.js';
import { ticketFields, type GorgiasClient } from './client.js';

/**
 * The mapped custom fields with values Gorgias will accept: the field must exist and be active,
 * and the value must fit its data type (and be one of its choices for dropdowns). Anything else is
 * skipped with a warning rather than failing the claim: a renamed dropdown option must not keep a
 * claim from reaching the helpdesk.
 */
export async function resolveCustomFields(
  client: GorgiasClient,
  input: ClaimDeliveryInput,
  mappings: readonly GorgiasFieldMapping[],
  warnings: DeliveryWarning[],
): Promise<GorgiasTicketInput['custom_fields']> {
  if (mappings.length === 0) return [];
  const definitions = new Map((await ticketFields(client)).map((field) => [field.id, field]));
  const fields: GorgiasTicketInput['custom_fields'] = [];
  for (const mapping of mappings) {
    const definition = definitions.get(mapping.field_id);
    const skip = (why: string) =>
      warnings.push({
        code: 'custom_field_skipped',
        message: `custom field ${mapping.field_id} (${mapping.source}): ${why}`,
      });
    if (!definition || definition.deactivated_datetime) {
      skip('no such active ticket field');
      continue;
    }
    const value = claimFieldValue(input, mapping.source);
    if (value === null) continue;
    const coerced = coerceFieldValue(definition, value);
    if (coerced === undefined) skip(`value does not fit a ${definition.definition.data_type} field`);
    else fields.push({ id: definition.id, value: coerced });
  }
  return fields;
}

/** A claim value as the field's type takes it (a dropdown's own choice, case-insensitively), or undefined. */
export function coerceFieldValue(
  field: GorgiasCustomField,
  value: string | number | boolean,
): string | number | boolean | undefined {
  const choices = field.definition.input_settings?.choices;
  if (choices && choices.length > 0) {
    const wanted = String(value).toLowerCase();
    return choices.find((choice) => String(choice).toLowerCase() === wanted);
  }
  switch (field.definition.data_type) {
    case 'number': {
      const number = typeof value === 'number' ? value : Number(value);
      return typeof value !== 'boolean' && Number.isFinite(number) ? number : undefined;
    }
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    default:
      return String(value);
  }
}
