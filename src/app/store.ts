import { batch, computed, effect, signal } from '@preact/signals';
import type { Claim } from '../core/claims.js';
import type { FlowType } from '../core/flows.js';
import type { Language } from '../core/languages.js';
import * as z from 'zod/mini';
import { draftFingerprint, type LookupRequest, type ResolveClient, type ResolveSession } from '../client/index.js';
import { claimDraftSchema } from '../core/claims.js';
import { ResolveError, ValidationError, isRetryable, retryAfterOf } from '../client/errors.js';
import type { EmbedBridge } from './embed-bridge.js';
import {
  buildClaimDraft,
  effectivePreference,
  emptyAnswers,
  firstIncompleteStep,
  stepProblems,
  stepsFor,
  type Answers,
  type Step,
  type StepProblem,
  type StoredPhoto,
} from './plan.js';
import { DRAFT_NAME, parseSavedDraft, type SavedDraft } from './saved-draft.js';
import { formatFileSize } from './format.js';
import { DEFAULT_UPLOAD_LIMIT_BYTES } from '../core/session.js';

/**
 * The flow's state as signals, and everything the customer can do to it. Components read signals
 * and call actions; nothing else changes state. Every change is saved as a draft (debounced), so a
 * reload, a crashed tab or a phone that dropped the page while the camera was open resumes here.
 */

export type PhotoTarget = { kind: 'item'; sku: string } | { kind: 'package' } | { kind: 'signature' };

/** An upload on its way (finished ones live in `answers`). */
export interface UploadEntry {
  key: string;
  target: PhotoTarget;
  name: string;
  /** A local object URL for the preview while the upload runs. */
  previewUrl: string;
  progress: number;
  state: 'uploading' | 'failed';
  error?: Message;
  /** A failed upload another attempt may fix (the network, the server); never a refused file. */
  retryable?: boolean;
  file: File;
  controller: AbortController;
}

/** A localized message: an i18n key under `flow.` and its values. */
export interface Message {
  key: string;
  values?: Record<string, string | number>;
  field?: string;
}

export interface DeepLink {
  orderNumber?: string;
  zipCode?: string;
  flowType?: FlowType;
  token?: string;
}

export interface FlowDeps {
  client: ResolveClient;
  language: () => Language;
  bridge: EmbedBridge;
  deepLink: DeepLink;
  /** Debounce of draft saves (tests set 0). */
  saveDelayMs?: number;
  createObjectUrl?: (file: Blob) => string;
  revokeObjectUrl?: (url: string) => void;
}

export type FlowStore = ReturnType<typeof createFlowStore>;

const targetKey = (target: PhotoTarget) => (target.kind === 'item' ? `item:${target.sku}` : target.kind);
let uploadCounter = 0;

export function createFlowStore(deps: FlowDeps) {
  const createObjectUrl = deps.createObjectUrl ?? ((file: Blob) => URL.createObjectURL(file));
  const revokeObjectUrl = deps.revokeObjectUrl ?? ((url: string) => URL.revokeObjectURL(url));

  const step = signal<Step | 'done' | 'starting'>('starting');
  const session = signal<ResolveSession | undefined>(undefined);
  const answers = signal<Answers>(emptyAnswers());
  const lookupFields = signal({ orderNumber: deps.deepLink.orderNumber ?? '', zipCode: deps.deepLink.zipCode ?? '' });
  const linkToken = signal<string | undefined>(deps.deepLink.token);
  const busy = signal(false);
  const finderError = signal<Message | undefined>(undefined);
  const notice = signal<Message | undefined>(undefined);
  const stepErrors = signal<StepProblem[]>([]);
  const uploads = signal<UploadEntry[]>([]);
  const submitError = signal<Message | undefined>(undefined);
  const pendingId = signal<string | undefined>(undefined);
  const submitted = signal<Claim | undefined>(undefined);
  /** Set when the customer came from the review's "Change" link: "Continue" goes back there. */
  const returnToReview = signal(false);
  let restoring = true;
  /** The order whose session ran out: looking it up again keeps the answers. */
  let expiredOrder: string | undefined;

  const steps = computed(() => stepsFor(answers.value.flowType, session.value?.data.settings));
  const uploadsInFlight = computed(() => uploads.value.filter((entry) => entry.state === 'uploading').length);

  function goTo(next: Step | 'done', options: { fromReview?: boolean; history?: 'push' | 'replace' | 'none' } = {}) {
    batch(() => {
      stepErrors.value = [];
      returnToReview.value = options.fromReview ?? (next === 'review' ? false : returnToReview.value);
      step.value = next;
    });
    const mode = options.history ?? 'push';
    if (mode !== 'none' && typeof history !== 'undefined') {
      const state = { resolveStep: next };
      if (mode === 'push') history.pushState(state, '');
      else history.replaceState(state, '');
    }
  }

  /** Browser back/forward: only to a step this flow has and the customer may be on. */
  function restoreStepFromHistory(value: unknown) {
    const wanted = (value as { resolveStep?: unknown } | null)?.resolveStep;
    if (step.value === 'done' || typeof wanted !== 'string') return;
    if (!session.value) return goTo('finder', { history: 'none' });
    if ((steps.value as string[]).includes(wanted) && wanted !== 'finder') goTo(wanted as Step, { history: 'none' });
  }

  function afterLookup(found: ResolveSession, preserveAnswers = false) {
    const data = found.data;
    const kept = preserveAnswers ? answers.value : emptyAnswers();
    const deepFlow = deps.deepLink.flowType;
    // A deep link's flow is taken only when this order offers it; otherwise the customer picks.
    const flowType = kept.flowType && data.available_flows.includes(kept.flowType) ? kept.flowType : deepFlow && data.available_flows.includes(deepFlow) ? deepFlow : undefined;
    batch(() => {
      session.value = found;
      answers.value = { ...kept, flowType };
      finderError.value = undefined;
    });
    // Answers kept from an expired session resume where something is missing (the photos); a linked
    // flow skips the issue step only, so optional steps (a description) are still offered.
    const afterIssue = stepsFor(flowType, data.settings)[2];
    const resumeAt = preserveAnswers && flowType ? firstIncompleteStep(answers.value, data) : flowType && afterIssue ? afterIssue : 'issue';
    goTo(resumeAt, { history: 'push' });
  }

  async function lookup(request: LookupRequest) {
    if (busy.value) return;
    busy.value = true;
    finderError.value = undefined;
    try {
      const found = await deps.client.lookup(request);
      // After an expired session the answers stay for the same order; photos (owned by the old session) went already.
      const sameOrder = expiredOrder !== undefined && normalize(expiredOrder) === normalize(found.data.order.order_number);
      expiredOrder = undefined;
      afterLookup(found, sameOrder);
      notice.value = undefined;
    } catch (error) {
      finderError.value = lookupMessage(error, 'token' in request);
    } finally {
      busy.value = false;
    }
  }

  function submitLookup() {
    const { orderNumber, zipCode } = lookupFields.value;
    const missing: Message[] = [];
    if (!orderNumber.trim()) missing.push({ key: 'finder.order_number_missing', field: 'order-number' });
    if (!zipCode.trim()) missing.push({ key: 'finder.zip_code_missing', field: 'zip-code' });
    if (missing[0]) {
      finderError.value = missing[0];
      return Promise.resolve();
    }
    return lookup({ orderNumber: orderNumber.trim(), zipCode: zipCode.trim() });
  }

  function update(change: (current: Answers) => Answers) {
    answers.value = change(answers.value);
    if (stepErrors.value.length > 0) stepErrors.value = problemsOf(currentStep());
  }

  const currentStep = (): Step => (step.value === 'done' || step.value === 'starting' ? 'review' : step.value);
  const problemsOf = (target: Step) => (session.value ? stepProblems(target, answers.value, session.value.data, uploadsInFlight.value) : []);

  function next() {
    const current = currentStep();
    const problems = problemsOf(current);
    if (problems.length > 0) {
      stepErrors.value = problems;
      return false;
    }
    const order = steps.value;
    const data = session.value?.data;
    if (returnToReview.value && data) {
      goTo(firstIncompleteStep(answers.value, data));
      return true;
    }
    const following = order[order.indexOf(current) + 1];
    goTo(following ?? 'review');
    return true;
  }

  function back() {
    const order = steps.value;
    const current = currentStep();
    if (returnToReview.value) return goTo('review');
    const previous = order[order.indexOf(current) - 1];
    if (previous && previous !== 'finder') goTo(previous);
    else goTo('finder');
  }

  function chooseFlow(flow: FlowType) {
    update((current) => (current.flowType === flow ? current : { ...emptyAnswers(), quantities: current.quantities, description: current.description, preference: current.preference, flowType: flow }));
  }

  function photosOf(target: PhotoTarget, current = answers.value): StoredPhoto[] {
    if (target.kind === 'item') return current.itemPhotos[target.sku] ?? [];
    if (target.kind === 'package') return current.packagePhotos;
    return current.signature ? [current.signature] : [];
  }

  function withPhotos(current: Answers, target: PhotoTarget, photos: StoredPhoto[]): Answers {
    if (target.kind === 'item') return { ...current, itemPhotos: { ...current.itemPhotos, [target.sku]: photos } };
    if (target.kind === 'package') return { ...current, packagePhotos: photos };
    const { signature: _old, ...rest } = current;
    return photos[0] ? { ...rest, signature: photos[0] } : rest;
  }

  function startUpload(entry: UploadEntry) {
    const active = session.value;
    if (!active) return;
    const patch = (change: Partial<UploadEntry>) => {
      uploads.value = uploads.value.map((item) => (item.key === entry.key ? { ...item, ...change } : item));
    };
    active
      .upload(entry.file, {
        signal: entry.controller.signal,
        onProgress: (progress) => patch({ progress: progress.percent }),
        ...(entry.target.kind === 'signature' ? { original: true } : {}),
      })
      .then((uploaded) => {
        const photo: StoredPhoto = { id: uploaded.id, name: entry.name, ...(uploaded.url ? { url: uploaded.url } : {}) };
        batch(() => {
          uploads.value = uploads.value.filter((item) => item.key !== entry.key);
          update((current) => withPhotos(current, entry.target, entry.target.kind === 'signature' ? [photo] : [...photosOf(entry.target, current), photo]));
        });
        revokeObjectUrl(entry.previewUrl);
      })
      .catch((error: unknown) => {
        if (entry.controller.signal.aborted) return;
        if (error instanceof ResolveError && error.kind === 'session_expired') return sessionExpired();
        const limit = active.data.upload_limit_bytes ?? DEFAULT_UPLOAD_LIMIT_BYTES;
        patch({ state: 'failed', progress: 0, error: uploadMessage(error, formatFileSize(deps.language(), limit)), retryable: isRetryable(error) });
      });
  }

  function addPhotos(target: PhotoTarget, files: readonly File[]) {
    const created = files.map<UploadEntry>((file) => ({
      key: `upload-${++uploadCounter}`,
      target,
      name: file.name || 'photo',
      previewUrl: createObjectUrl(file),
      progress: 0,
      state: 'uploading',
      file,
      controller: new AbortController(),
    }));
    uploads.value = [...uploads.value, ...created];
    created.forEach(startUpload);
  }

  function retryUpload(key: string) {
    const entry = uploads.value.find((item) => item.key === key);
    if (!entry || entry.state !== 'failed' || !entry.retryable) return;
    const fresh: UploadEntry = { ...entry, state: 'uploading', progress: 0, controller: new AbortController() };
    delete fresh.error;
    delete fresh.retryable;
    uploads.value = uploads.value.map((item) => (item.key === key ? fresh : item));
    startUpload(fresh);
  }

  function cancelUpload(key: string) {
    const entry = uploads.value.find((item) => item.key === key);
    if (!entry) return;
    entry.controller.abort();
    revokeObjectUrl(entry.previewUrl);
    uploads.value = uploads.value.filter((item) => item.key !== key);
  }

  function removePhoto(target: PhotoTarget, id: string) {
    update((current) => withPhotos(current, target, photosOf(target, current).filter((photo) => photo.id !== id)));
  }

  async function submit() {
    const active = session.value;
    if (!active || busy.value) return;
    const problems = problemsOf('review');
    if (problems.length > 0) {
      stepErrors.value = problems;
      return;
    }
    busy.value = true;
    submitError.value = undefined;
    try {
      const draft = buildClaimDraft(answers.value, active.data, deps.language());
      const claim = pendingId.value ? await resubmitOrSubmit(active, pendingId.value, draft) : await active.submitClaim(draft);
      finish(claim);
    } catch (error) {
      if (error instanceof ResolveError && error.pendingId) pendingId.value = error.pendingId;
      if (error instanceof ResolveError && error.kind === 'session_expired') return sessionExpired();
      submitError.value = submitMessage(error);
    } finally {
      busy.value = false;
    }
  }

  /**
   * The session ran out (2 h): answers stay, the order is looked up again (automatically for a link),
   * and photos, which belonged to the old session, are asked for again.
   */
  function sessionExpired(orderNumber = session.value?.data.order.order_number) {
    expiredOrder = orderNumber;
    uploads.value.forEach((entry) => {
      entry.controller.abort();
      revokeObjectUrl(entry.previewUrl);
    });
    batch(() => {
      uploads.value = [];
      session.value = undefined;
      const { signature: _signature, ...rest } = answers.value;
      answers.value = { ...rest, itemPhotos: {}, packagePhotos: [] };
      notice.value = { key: 'notices.session_expired' };
    });
    if (linkToken.value) void startWithToken(linkToken.value);
    else goTo('finder');
  }

  /** The id of a submission in the client's outbox made of exactly these answers for this order, if any. */
  async function keptSubmissionFor(data: ResolveSession['data'], kept: Answers): Promise<string | undefined> {
    let draft;
    try {
      draft = z.parse(claimDraftSchema, buildClaimDraft(kept, data, deps.language()));
    } catch {
      return undefined; // not complete enough to have been submitted
    }
    const fingerprint = draftFingerprint(data.order.order_number, draft);
    const entries = await deps.client.pending().catch(() => []);
    return entries.find((entry) => draftFingerprint(entry.orderNumber, entry.draft) === fingerprint)?.id;
  }

  /** The kept submission with its own key; gone from the outbox (sent or refused meanwhile): a new one. */
  async function resubmitOrSubmit(active: ResolveSession, id: string, draft: ReturnType<typeof buildClaimDraft>): Promise<Claim> {
    try {
      return await active.resubmit(id, draft);
    } catch (error) {
      if (!(error instanceof ResolveError && error.key === 'pending_not_found')) throw error;
      pendingId.value = undefined;
      return active.submitClaim(draft);
    }
  }

  function finish(claim: Claim) {
    batch(() => {
      submitted.value = claim;
      pendingId.value = undefined;
      submitError.value = undefined;
    });
    goTo('done', { history: 'replace' });
    void deps.client.clearDraft(DRAFT_NAME).catch(() => undefined);
    deps.bridge.claimSubmitted(claim);
  }

  /** "Report another problem" on the confirmation: the same order, fresh answers. */
  function startAnother() {
    batch(() => {
      submitted.value = undefined;
      answers.value = emptyAnswers();
    });
    goTo(session.value ? 'issue' : 'finder');
  }

  // A submission the outbox sent in the background (after a reload, or back online) completes the flow.
  const offSubmitted = deps.client.on('submitted', (claim, submission) => {
    if (pendingId.value && submission.id === pendingId.value && step.value !== 'done') finish(claim);
  });
  const offRejected = deps.client.on('rejected', (submission, error) => {
    if (pendingId.value && submission.id === pendingId.value) {
      pendingId.value = undefined;
      submitError.value = submitMessage(error);
    }
  });

  function snapshot(): SavedDraft | undefined {
    const current = step.value;
    if (current === 'done' || current === 'starting') return undefined;
    return {
      version: 1,
      step: current,
      lookup: { ...lookupFields.value, ...(linkToken.value ? { token: linkToken.value } : {}) },
      ...(session.value ? { session: session.value.data } : {}),
      answers: answers.value,
      ...(pendingId.value ? { pendingId: pendingId.value } : {}),
    };
  }

  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  let savedStep: string | undefined;
  const saveNow = () => {
    clearTimeout(saveTimer);
    saveTimer = undefined;
    const value = snapshot();
    if (!value) return;
    savedStep = value.step;
    void deps.client.saveDraft(DRAFT_NAME, value).catch(() => undefined);
  };
  const stopSaving = effect(() => {
    // Read every persisted signal so the effect re-runs on any change.
    const [current] = [step.value, answers.value, lookupFields.value, session.value, pendingId.value];
    if (restoring) return;
    // Typing is saved after a pause; a step just reached at once, so that a reload right after it
    // resumes there and not one step earlier.
    if (!deps.saveDelayMs || current !== savedStep) return saveNow();
    clearTimeout(saveTimer);
    saveTimer = setTimeout(saveNow, deps.saveDelayMs);
  });
  // A page being hidden may never run again (a phone drops it, the tab is closed): save what waits.
  const saveWhenHidden = () => {
    if (typeof document === 'undefined' || document.visibilityState === 'hidden') saveNow();
  };
  if (typeof window !== 'undefined') {
    window.addEventListener('pagehide', saveNow);
    document.addEventListener('visibilitychange', saveWhenHidden);
  }

  /**
   * Starts the flow: a saved draft for the same order wins (reload), then a token link, then a
   * deep link with order number and ZIP, then the empty finder.
   */
  async function start() {
    await restore();
    // After the draft told us which submission this page was waiting for: resend what the outbox
    // holds; its answer (the `submitted` event) completes the flow.
    void deps.client.resumePending();
  }

  async function restore() {
    const saved = parseSavedDraft(await deps.client.loadDraft(DRAFT_NAME).catch(() => undefined));
    const link = deps.deepLink;
    const sameOrder = (draft: SavedDraft) =>
      link.token ? draft.lookup.token === link.token : !link.orderNumber || normalize(link.orderNumber) === normalize(draft.lookup.orderNumber);
    // A link naming another flow is a new claim about the same order, not the one in the draft.
    const sameFlow = (draft: SavedDraft) => !link.flowType || !draft.answers.flowType || link.flowType === draft.answers.flowType;
    if (saved && sameOrder(saved) && sameFlow(saved)) {
      const restored = saved.session === undefined ? undefined : deps.client.restoreSession(saved.session);
      batch(() => {
        lookupFields.value = { orderNumber: saved.lookup.orderNumber, zipCode: saved.lookup.zipCode };
        if (saved.lookup.token) linkToken.value = saved.lookup.token;
        answers.value = saved.answers;
        if (saved.pendingId) pendingId.value = saved.pendingId;
      });
      if (restored) {
        session.value = restored;
        // The page may have closed before it learnt that its submission was kept (mid-request, or
        // before the draft was saved again): the outbox entry with these very answers is it.
        if (!pendingId.value) {
          const kept = await keptSubmissionFor(restored.data, saved.answers);
          if (kept) pendingId.value = kept;
        }
        restoring = false;
        goTo(saved.step === 'finder' ? 'issue' : saved.step, { history: 'replace' });
        return;
      }
      if (saved.session !== undefined) {
        restoring = false;
        sessionExpired(saved.lookup.orderNumber || orderNumberOf(saved.session));
        return;
      }
    }
    restoring = false;
    if (link.token) return void (await startWithToken(link.token));
    goTo('finder', { history: 'replace' });
    if (link.orderNumber && link.zipCode) await lookup({ orderNumber: link.orderNumber, zipCode: link.zipCode });
  }

  async function startWithToken(token: string) {
    linkToken.value = token;
    goTo('finder', { history: 'replace' });
    await lookup({ token });
  }

  return {
    // state
    step,
    session,
    answers,
    lookupFields,
    busy,
    finderError,
    notice,
    stepErrors,
    uploads,
    uploadsInFlight,
    submitError,
    pendingId,
    submitted,
    returnToReview,
    steps,
    // actions
    start,
    submitLookup,
    goTo,
    next,
    back,
    restoreStepFromHistory,
    chooseFlow,
    setQuantity: (sku: string, quantity: number) => update((current) => ({ ...current, quantities: { ...current.quantities, [sku]: Math.max(0, Math.floor(quantity)) } })),
    setDropoff: (value: boolean) => update((current) => ({ ...current, dropoffPermission: value })),
    setDescription: (value: string) => update((current) => ({ ...current, description: value })),
    setPreference: (value: NonNullable<Answers['preference']>) => update((current) => ({ ...current, preference: value })),
    preference: () => (session.value ? effectivePreference(answers.value, session.value.data.settings) : undefined),
    photosOf,
    addPhotos,
    retryUpload,
    cancelUpload,
    removePhoto,
    submit,
    startAnother,
    targetKey,
    dispose() {
      stopSaving();
      if (typeof window !== 'undefined') {
        window.removeEventListener('pagehide', saveNow);
        document.removeEventListener('visibilitychange', saveWhenHidden);
      }
      offSubmitted();
      offRejected();
      clearTimeout(saveTimer);
      uploads.value.forEach((entry) => entry.controller.abort());
    },
  };
}

/** The order number of a kept (unparsed) session answer, for matching only. */
function orderNumberOf(kept: unknown): string | undefined {
  const order = (kept as { order?: { order_number?: unknown } } | null)?.order;
  return typeof order?.order_number === 'string' ? order.order_number : undefined;
}

const normalize = (orderNumber: string) => orderNumber.trim().replace(/^#+/, '').toUpperCase();

/** What went wrong at the finder, in the customer's words. */
export function lookupMessage(error: unknown, viaToken: boolean): Message {
  if (!(error instanceof ResolveError)) return { key: 'errors.unexpected' };
  if (error.kind === 'rate_limited') {
    const minutes = Math.max(1, Math.ceil((retryAfterOf(error) ?? 60_000) / 60_000));
    return { key: 'finder.too_many_attempts', values: { count: minutes } };
  }
  if (viaToken && (error.key === 'link_invalid' || error.kind === 'validation' || error.kind === 'not_found')) return { key: 'finder.link_invalid' };
  if (error.key === 'zip_code_mismatch') return { key: 'finder.zip_code_mismatch', field: 'zip-code' };
  if (error.key === 'order_not_found') return { key: 'finder.order_not_found', field: 'order-number' };
  if (error instanceof ValidationError) {
    const zip = error.key === 'zip_code_invalid' || error.fields.some((field) => field.path.includes('zip_code'));
    return zip ? { key: 'finder.zip_code_invalid', field: 'zip-code' } : { key: 'finder.order_number_invalid', field: 'order-number' };
  }
  if (error.kind === 'network') return { key: 'errors.offline' };
  return { key: 'errors.server' };
}

function uploadMessage(error: unknown, limit: string): Message {
  if (error instanceof ResolveError) {
    // A 413 from something in front of the API (a proxy) has no key of ours, but means the same.
    if (error.key === 'upload_too_large' || error.status === 413) return { key: 'evidence.too_large', values: { max: limit } };
    if (error.key === 'upload_limit_reached') return { key: 'evidence.limit_reached' };
    if (error.key === 'upload_type_not_allowed' || error.kind === 'validation') return { key: 'evidence.wrong_type' };
    if (error.kind === 'session_expired') return { key: 'errors.session_expired' };
    if (error.kind === 'network') return { key: 'errors.offline' };
  }
  return { key: 'evidence.upload_failed' };
}

function submitMessage(error: unknown): Message {
  if (error instanceof ResolveError) {
    if (error.pendingId && error.kind === 'session_expired') return { key: 'review.saved_session_expired' };
    // The order's claim limit, not the network: kept and sent later, but say why.
    if (error.key === 'too_many_claims') return { key: 'review.too_many_claims' };
    if (error.pendingId) return { key: 'review.saved_offline' };
    if (error.kind === 'validation') return { key: 'review.refused' };
  }
  return { key: 'errors.server' };
}
