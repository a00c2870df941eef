import type { ReadonlySignal, Signal } from '@preact/signals';
import type { Claim } from '../../core/claims.js';
import type { FlowType } from '../../core/flows.js';
import type { Language } from '../../core/languages.js';
import type { ResolveClient, ResolveSession } from '../../client/index.js';
import type { EmbedBridge } from '../embed-bridge.js';
import type { Answers, Step, StepProblem, StoredPhoto } from '../plan.js';

/**
 * The flow's contract with its components: state as signals, and everything the customer can do
 * to it. Components read signals and call actions; nothing else changes state.
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

/** What the store needs besides the client (which the flow's page loads after the first render). */
export type CoreDeps = Omit<FlowDeps, 'client'>;

export type FlowStep = Step | 'done' | 'starting';

/** How a step change touches the browser history. */
export interface GoToOptions {
  /** Set when the customer came from the review's "Change" link: "Continue" goes back there. */
  fromReview?: boolean;
  history?: 'push' | 'replace' | 'none';
}

/** The flow's state: what components read. */
export interface FlowState {
  step: Signal<FlowStep>;
  session: Signal<ResolveSession | undefined>;
  answers: Signal<Answers>;
  lookupFields: Signal<{ orderNumber: string; zipCode: string }>;
  busy: Signal<boolean>;
  finderError: Signal<Message | undefined>;
  notice: Signal<Message | undefined>;
  stepErrors: Signal<StepProblem[]>;
  uploads: Signal<UploadEntry[]>;
  uploadsInFlight: ReadonlySignal<number>;
  submitError: Signal<Message | undefined>;
  pendingId: Signal<string | undefined>;
  submitted: Signal<Claim | undefined>;
  returnToReview: Signal<boolean>;
  steps: ReadonlySignal<Step[]>;
}

export interface FlowActions {
  /** Restores a saved draft, or follows the deep link, or shows the empty finder. */
  start(): Promise<void>;
  submitLookup(): Promise<void>;
  goTo(next: Step | 'done', options?: GoToOptions): void;
  /** Validates the current step and moves on; false when it has problems (shown in `stepErrors`). */
  next(): boolean;
  back(): void;
  /** Browser back/forward, with the step kept in `history.state`. */
  restoreStepFromHistory(value: unknown): void;
  chooseFlow(flow: FlowType): void;
  setQuantity(sku: string, quantity: number): void;
  setDropoff(value: boolean): void;
  setDescription(value: string): void;
  setPreference(value: NonNullable<Answers['preference']>): void;
  preference(): Answers['preference'] | undefined;
  photosOf(target: PhotoTarget, current?: Answers): StoredPhoto[];
  addPhotos(target: PhotoTarget, files: readonly File[]): void;
  retryUpload(key: string): void;
  cancelUpload(key: string): void;
  removePhoto(target: PhotoTarget, id: string): void;
  submit(): Promise<void>;
  /** "Report another problem" on the confirmation: the same order, fresh answers. */
  startAnother(): void;
  targetKey(target: PhotoTarget): string;
  /** Stops saving, listening and uploading (tests, page teardown). */
  dispose(): void;
}

export interface FlowStore extends FlowState, FlowActions {}
