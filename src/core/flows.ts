import type { ShipmentPhase } from './orders.js';

/**
 * Resolve flows, what each one becomes on the claim record, and when an order offers it.
 * Shared by the API (which enforces it) and the browser (which explains it), so both agree.
 */

export const FLOW_TYPES = [
  'defective',
  'notReceived',
  'return',
  'missingProduct',
  'wrongProduct',
  'dissatisfied',
  'support',
] as const;
export type FlowType = (typeof FLOW_TYPES)[number];

export const CLAIM_REASONS = ['partial_damage', 'damage', 'investigation', 'support', 'return'] as const;
export type ClaimReason = (typeof CLAIM_REASONS)[number];

/**
 * flow → claim `reason`. Defective, wrong and missing products are damage claims: `partial_damage`
 * when only some of the order's units are affected, `damage` when every unit of every line item is.
 * Not received → `investigation` (the carrier has to look for it); return and dissatisfied →
 * `return`; support → `support`.
 */
export function flowTypeToReason(
  flow: FlowType,
  selection: { selectedUnits: number; orderedUnits: number } = { selectedUnits: 0, orderedUnits: 1 },
): ClaimReason {
  switch (flow) {
    case 'defective':
    case 'wrongProduct':
    case 'missingProduct':
      return selection.orderedUnits > 0 && selection.selectedUnits >= selection.orderedUnits
        ? 'damage'
        : 'partial_damage';
    case 'notReceived':
      return 'investigation';
    case 'return':
    case 'dissatisfied':
      return 'return';
    case 'support':
      return 'support';
  }
}

/** Left the warehouse and on its way, or waiting at a pickup point. */
const UNDERWAY: ReadonlySet<ShipmentPhase> = new Set(['in_transit', 'in_delivery', 'collect']);

/**
 * Which flows an order offers, from its shipments' phases (before the shop's own choice of flows):
 *
 * - `support`: always.
 * - `notReceived`: once a shipment is `delivered` or `delivery_failed` (before that the parcel is
 *   simply still on its way).
 * - `defective`, `wrongProduct`, `missingProduct`: once a shipment is underway (`in_transit`,
 *   `in_delivery`, `collect`) or `delivered`. Underway counts because carrier "delivered" scans lag
 *   behind the parcel in the customer's hands.
 * - `return`, `dissatisfied`: once a shipment is `delivered` (you return what you have).
 * - Shipments already in a return phase (`return_*`, `returned`) unlock nothing new; nor does an
 *   order without shipments or only `order_created`/`order_processed` ones (support only).
 */
export function flowsForShipmentPhases(phases: readonly ShipmentPhase[]): FlowType[] {
  const has = (test: (phase: ShipmentPhase) => boolean) => phases.some(test);
  const delivered = has((phase) => phase === 'delivered');
  const deliveryEnded = has((phase) => phase === 'delivered' || phase === 'delivery_failed');
  const shipped = delivered || has((phase) => UNDERWAY.has(phase));
  const available = new Set<FlowType>(['support']);
  if (deliveryEnded) available.add('notReceived');
  if (shipped) {
    available.add('defective');
    available.add('wrongProduct');
    available.add('missingProduct');
  }
  if (delivered) {
    available.add('return');
    available.add('dissatisfied');
  }
  return FLOW_TYPES.filter((flow) => available.has(flow));
}

/** The flows this order offers under the shop's settings, in the canonical order. */
export function availableFlows(phases: readonly ShipmentPhase[], enabledFlows: readonly FlowType[]): FlowType[] {
  const enabled = new Set(enabledFlows);
  return flowsForShipmentPhases(phases).filter((flow) => enabled.has(flow));
}

/** Flows where photos of the items are the evidence, so the shop's minimum photo count applies. */
export const PHOTO_EVIDENCE_FLOWS: readonly FlowType[] = ['defective', 'wrongProduct'];
/** Flows where a photo of the whole package is asked for (`package_photo` setting). */
export const PACKAGE_PHOTO_FLOWS: readonly FlowType[] = ['defective', 'wrongProduct', 'missingProduct'];
/** Flows where signature and drop-off permission make sense (the parcel never arrived). */
export const SIGNATURE_FLOWS: readonly FlowType[] = ['notReceived'];
/** Flows that are about specific line items (support may be about the order as a whole). */
// Pure: a bundle that never reads it (the embed's first file) drops it.
export const ITEM_FLOWS: readonly FlowType[] = /* @__PURE__ */ FLOW_TYPES.filter((flow) => flow !== 'support');
