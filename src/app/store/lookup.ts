import { batch } from '@preact/signals';
import type { LookupRequest, ResolveClient, ResolveSession } from '../../client/index.js';
import { emptyAnswers, firstIncompleteStep, stepsFor } from '../plan.js';
import { normalizeOrderNumber, type FlowCore } from './core.js';
import { lookupMessage } from './messages.js';
import type { Message } from './types.js';

/** Finding the order: the finder's fields, a link's token, and a session that ran out. */
export interface Lookup {
  lookup(request: LookupRequest): Promise<void>;
  submitLookup(): Promise<void>;
  startWithToken(token: string): Promise<void>;
  /**
   * The session ran out (2 h): answers stay, the order is looked up again (automatically for a
   * link), and photos, which belonged to the old session, are asked for again.
   */
  sessionExpired(orderNumber?: string): void;
}

export function createLookup(core: FlowCore, client: ResolveClient): Lookup {
  const { state, deps, goTo, linkToken } = core;

  function afterLookup(found: ResolveSession, preserveAnswers: boolean) {
    const data = found.data;
    const kept = preserveAnswers ? state.answers.value : emptyAnswers();
    const deepFlow = deps.deepLink.flowType;
    // A deep link's flow is taken only when this order offers it; otherwise the customer picks.
    const flowType =
      kept.flowType && data.available_flows.includes(kept.flowType)
        ? kept.flowType
        : deepFlow && data.available_flows.includes(deepFlow)
          ? deepFlow
          : undefined;
    batch(() => {
      state.session.value = found;
      state.answers.value = { ...kept, flowType };
      state.finderError.value = undefined;
    });
    // Answers kept from an expired session resume where something is missing (the photos); a linked
    // flow skips the issue step only, so optional steps (a description) are still offered.
    const afterIssue = stepsFor(flowType, data.settings)[2];
    const resumeAt =
      preserveAnswers && flowType
        ? firstIncompleteStep(state.answers.value, data)
        : flowType && afterIssue
          ? afterIssue
          : 'issue';
    goTo(resumeAt, { history: 'push' });
  }

  async function lookup(request: LookupRequest) {
    if (state.busy.value) return;
    state.busy.value = true;
    state.finderError.value = undefined;
    try {
      const found = await client.lookup(request);
      // After an expired session the answers stay for the same order; photos (owned by the old session) went already.
      const expired = core.expiredOrder;
      const sameOrder =
        expired !== undefined && normalizeOrderNumber(expired) === normalizeOrderNumber(found.data.order.order_number);
      core.expiredOrder = undefined;
      afterLookup(found, sameOrder);
      state.notice.value = undefined;
    } catch (error) {
      state.finderError.value = lookupMessage(error, 'token' in request);
    } finally {
      state.busy.value = false;
    }
  }

  function submitLookup() {
    const { orderNumber, zipCode } = state.lookupFields.value;
    const missing: Message[] = [];
    if (!orderNumber.trim()) missing.push({ key: 'finder.order_number_missing', field: 'order-number' });
    if (!zipCode.trim()) missing.push({ key: 'finder.zip_code_missing', field: 'zip-code' });
    if (missing[0]) {
      state.finderError.value = missing[0];
      return Promise.resolve();
    }
    return lookup({ orderNumber: orderNumber.trim(), zipCode: zipCode.trim() });
  }

  async function startWithToken(token: string) {
    linkToken.value = token;
    goTo('finder', { history: 'replace' });
    await lookup({ token });
  }

  function sessionExpired(orderNumber = state.session.value?.data.order.order_number) {
    core.expiredOrder = orderNumber;
    state.uploads.value.forEach((entry) => {
      entry.controller.abort();
      deps.revokeObjectUrl(entry.previewUrl);
    });
    batch(() => {
      state.uploads.value = [];
      state.session.value = undefined;
      const { signature: _signature, ...rest } = state.answers.value;
      state.answers.value = { ...rest, itemPhotos: {}, packagePhotos: [] };
      state.notice.value = { key: 'notices.session_expired' };
    });
    if (linkToken.value) void startWithToken(linkToken.value);
    else goTo('finder');
  }

  return { lookup, submitLookup, startWithToken, sessionExpired };
}
