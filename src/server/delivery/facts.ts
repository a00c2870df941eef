import {
  DEFAULT_HELPDESK_TAGS,
  DEFAULT_TAG_NAMES,
  type ClaimFieldSource,
  type HelpdeskTagSettings,
} from '../../core/integrations.js';
import type { ClaimDeliveryInput } from './input.js';

/**
 * The claim's tags and custom-field values, the same for Gorgias and Dixa: which facts become tags
 * and which helpdesk field each fact fills is the shop's configuration.
 */

/** Distinct tag names (case-insensitively), in a stable order: always, flow, preference, phase. */
export function claimTagNames(
  input: ClaimDeliveryInput,
  settings: HelpdeskTagSettings = DEFAULT_HELPDESK_TAGS,
): string[] {
  const { claim } = input;
  const names: string[] = [...settings.always];
  if (settings.flow_type.enabled)
    names.push(settings.flow_type.names?.[claim.flow_type] ?? DEFAULT_TAG_NAMES.flow_type[claim.flow_type]);
  if (settings.resolution_preference.enabled) {
    const preference = claim.resolution_preference;
    names.push(
      settings.resolution_preference.names?.[preference] ?? DEFAULT_TAG_NAMES.resolution_preference[preference],
    );
  }
  if (settings.shipment_phase.enabled && input.shipmentPhase) {
    names.push(
      settings.shipment_phase.names?.[input.shipmentPhase] ?? DEFAULT_TAG_NAMES.shipment_phase[input.shipmentPhase],
    );
  }
  const seen = new Set<string>();
  return names
    .map((name) => name.trim())
    .filter((name) => {
      const key = name.toLowerCase();
      if (!name || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

export type ClaimFieldValue = string | number | boolean;

/** The value of one claim fact for a custom field, or null when the claim has none. */
export function claimFieldValue(input: ClaimDeliveryInput, source: ClaimFieldSource): ClaimFieldValue | null {
  const { claim } = input;
  switch (source) {
    case 'claim_id':
      return claim.uuid;
    case 'order_number':
      return claim.order_number;
    case 'flow_type':
      return claim.flow_type;
    case 'reason':
      return claim.reason;
    case 'resolution_preference':
      return claim.resolution_preference;
    case 'shipment_phase':
      return input.shipmentPhase;
    case 'carrier':
      return claim.carrier_reference;
    case 'tracking_number':
      return claim.tracking_number;
    case 'affected_skus':
      return claim.selected_items.length ? claim.selected_items.map((item) => item.sku).join(', ') : null;
    case 'affected_quantity':
      return claim.selected_items.reduce((sum, item) => sum + item.quantity, 0);
    case 'net_invoice_amount':
      return claim.net_invoice_amount;
    case 'dropoff_permission':
      return claim.dropoff_permission;
    case 'language':
      return claim.language;
  }
}
