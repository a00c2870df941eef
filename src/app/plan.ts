import type { ClaimDraft } from '../core/claims.js';
import {
  ITEM_FLOWS,
  PACKAGE_PHOTO_FLOWS,
  PHOTO_EVIDENCE_FLOWS,
  SIGNATURE_FLOWS,
  type FlowType,
} from '../core/flows.js';
import type { Language } from '../core/languages.js';
import type { ResolutionPreference, ResolveSettings } from '../core/resolve-settings.js';
import type { SessionResponse } from '../core/session.js';

/**
 * The Resolve flow's rules, free of UI: which steps a flow has, what each step needs before the
 * customer may go on, and the claim draft the answers become. The same rules the API enforces
 * (src/server/claims.ts), asked for up front so a submission is never refused for something the
 * customer could have been told about earlier.
 */

export const STEPS = ['finder', 'issue', 'items', 'evidence', 'description', 'preference', 'review'] as const;
export type Step = (typeof STEPS)[number];

/** A finished upload, as kept in the draft. */
export interface StoredPhoto {
  id: string;
  /** Signed URL from the API to show it back (expires with the session). */
  url?: string;
  name: string;
}

/** Everything the customer answered, keyed the way the UI asks for it. */
export interface Answers {
  flowType?: FlowType;
  /** sku → affected units. */
  quantities: Record<string, number>;
  /** sku → photos of that item. */
  itemPhotos: Record<string, StoredPhoto[]>;
  packagePhotos: StoredPhoto[];
  signature?: StoredPhoto;
  dropoffPermission?: boolean;
  description: string;
  preference?: ResolutionPreference;
}

export const emptyAnswers = (): Answers => ({ quantities: {}, itemPhotos: {}, packagePhotos: [], description: '' });

export const needsItems = (flow: FlowType) => ITEM_FLOWS.includes(flow);
/** Photos of each affected item are the evidence (optional when the shop asks for none). */
export const needsItemPhotos = (flow: FlowType) => PHOTO_EVIDENCE_FLOWS.includes(flow);
export const asksPackagePhoto = (flow: FlowType, settings: ResolveSettings) =>
  PACKAGE_PHOTO_FLOWS.includes(flow) && settings.package_photo !== 'off';
export const asksSignature = (flow: FlowType) => SIGNATURE_FLOWS.includes(flow);

/** The steps this flow walks through, in order (the finder first, the review last). */
export function stepsFor(flow: FlowType | undefined, settings: ResolveSettings | undefined): Step[] {
  if (!flow || !settings) return ['finder', 'issue'];
  const steps: Step[] = ['finder', 'issue'];
  if (needsItems(flow)) steps.push('items');
  if (needsItemPhotos(flow) || asksPackagePhoto(flow, settings) || asksSignature(flow)) steps.push('evidence');
  steps.push('description');
  // One allowed preference is not a question: it is chosen for the customer.
  if (settings.allowed_resolution_preferences.length > 1) steps.push('preference');
  steps.push('review');
  return steps;
}

/**
 * How many steps "Step n of N" counts (the finder is not one). Before a flow is chosen, the longest
 * of the flows this order offers: the issue step is step 1 of them all, and the count only shrinks
 * once a shorter flow is picked.
 */
export function countedSteps(flow: FlowType | undefined, session: SessionResponse | undefined): number {
  if (!session) return 0;
  const flows = flow ? [flow] : session.available_flows;
  return Math.max(0, ...flows.map((each) => stepsFor(each, session.settings).length - 1));
}

/** Units the customer marked affected, only for items of this order and within what was ordered. */
export function selectedItems(
  answers: Answers,
  session: SessionResponse,
): { sku: string; title: string; quantity: number; ordered: number }[] {
  return session.order.items
    .map((item) => ({
      sku: item.sku,
      title: item.title,
      ordered: item.quantity,
      quantity: Math.min(answers.quantities[item.sku] ?? 0, item.quantity),
    }))
    .filter((item) => item.quantity > 0);
}

/** Why a step is not complete yet: an i18n key under `flow.problems`, with values. */
export interface StepProblem {
  key: string;
  values?: Record<string, string | number>;
  /** The element to move focus to (an input's id). */
  field?: string;
}

export function stepProblems(
  step: Step,
  answers: Answers,
  session: SessionResponse,
  uploadsInFlight = 0,
): StepProblem[] {
  const settings = session.settings;
  const flow = answers.flowType;
  switch (step) {
    case 'finder':
      return [];
    case 'issue':
      return flow && session.available_flows.includes(flow) ? [] : [{ key: 'choose_issue', field: 'issue-options' }];
    case 'items':
      return flow && needsItems(flow) && selectedItems(answers, session).length === 0
        ? [{ key: 'choose_items', field: 'items-list' }]
        : [];
    case 'evidence': {
      if (!flow) return [];
      const problems: StepProblem[] = [];
      if (uploadsInFlight > 0) problems.push({ key: 'uploads_in_progress' });
      if (PHOTO_EVIDENCE_FLOWS.includes(flow) && settings.min_photos_per_item > 0) {
        for (const item of selectedItems(answers, session)) {
          if ((answers.itemPhotos[item.sku]?.length ?? 0) < settings.min_photos_per_item) {
            problems.push({
              key: 'photos_missing',
              values: { count: settings.min_photos_per_item, item: item.title },
              field: `photos-${item.sku}`,
            });
          }
        }
      }
      if (
        asksPackagePhoto(flow, settings) &&
        settings.package_photo === 'required' &&
        answers.packagePhotos.length === 0
      ) {
        problems.push({ key: 'package_photo_missing', field: 'photos-package' });
      }
      if (asksSignature(flow) && answers.dropoffPermission === undefined)
        problems.push({ key: 'dropoff_missing', field: 'dropoff-yes' });
      return problems;
    }
    case 'description': {
      const length = answers.description.trim().length;
      if (settings.description_required && length === 0) return [{ key: 'description_required', field: 'description' }];
      if (length > 0 && length < settings.description_min_length) {
        return [
          { key: 'description_too_short', values: { count: settings.description_min_length }, field: 'description' },
        ];
      }
      if (length > settings.description_max_length) {
        return [
          { key: 'description_too_long', values: { count: settings.description_max_length }, field: 'description' },
        ];
      }
      return [];
    }
    case 'preference':
      return answers.preference && settings.allowed_resolution_preferences.includes(answers.preference)
        ? []
        : [{ key: 'choose_preference', field: 'preference-options' }];
    case 'review':
      return STEPS.filter((s) => s !== 'review' && stepsFor(flow, settings).includes(s)).flatMap((s) =>
        stepProblems(s, answers, session, uploadsInFlight),
      );
  }
}

/** The first step of this flow that still needs an answer, or the review when all are given. */
export function firstIncompleteStep(answers: Answers, session: SessionResponse): Step {
  for (const step of stepsFor(answers.flowType, session.settings)) {
    if (step === 'finder' || step === 'review') continue;
    if (stepProblems(step, answers, session).length > 0) return step;
  }
  return 'review';
}

/** The preference the shop leaves no choice about, if any. */
export function effectivePreference(answers: Answers, settings: ResolveSettings): ResolutionPreference | undefined {
  if (settings.allowed_resolution_preferences.length === 1) return settings.allowed_resolution_preferences[0];
  return answers.preference && settings.allowed_resolution_preferences.includes(answers.preference)
    ? answers.preference
    : undefined;
}

/** The claim as `POST .../resolve/claims` takes it. Only answers that belong to the chosen flow go in. */
export function buildClaimDraft(answers: Answers, session: SessionResponse, language: Language): ClaimDraft {
  const flow = answers.flowType;
  const preference = effectivePreference(answers, session.settings);
  if (!flow || !preference) throw new Error('the flow and the preference must be chosen first');
  const settings = session.settings;
  const withItemPhotos = needsItemPhotos(flow);
  const draft: ClaimDraft = {
    flow_type: flow,
    selected_items: needsItems(flow)
      ? selectedItems(answers, session).map((item) => {
          const ids = withItemPhotos ? (answers.itemPhotos[item.sku] ?? []).map((photo) => photo.id) : [];
          return ids.length > 0
            ? { sku: item.sku, quantity: item.quantity, upload_ids: ids }
            : { sku: item.sku, quantity: item.quantity };
        })
      : [],
    resolution_preference: preference,
    language,
  };
  if (asksPackagePhoto(flow, settings) && answers.packagePhotos.length > 0)
    draft.package_upload_ids = answers.packagePhotos.map((photo) => photo.id);
  if (asksSignature(flow)) {
    if (answers.signature) draft.signature_upload_id = answers.signature.id;
    if (answers.dropoffPermission !== undefined) draft.dropoff_permission = answers.dropoffPermission;
  }
  const description = answers.description.trim();
  if (description) draft.description = description;
  return draft;
}
