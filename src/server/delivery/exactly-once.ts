import type { FieldError } from './common.js';
import { DeliveryError } from './errors.js';
import type { AttemptContext, DeliveryProgress, DeliveryResult, DeliveryWarning } from './progress.js';

/**
 * The part of delivery every helpdesk connector shares: the checkpointed progress, "find before
 * create" when an earlier create may have happened, and follow-up steps done once. A connector
 * supplies only what is specific to its helpdesk (how to find, prepare and create the object).
 */

/** The attempt's progress and the one way to change it: every change is persisted first. */
export class Checkpoints {
  private current: DeliveryProgress;

  constructor(private readonly context: AttemptContext) {
    this.current = { ...context.progress };
  }

  get progress(): DeliveryProgress {
    return this.current;
  }

  /** Persists `patch` merged into the progress before the connector goes on. */
  async save(patch: Partial<DeliveryProgress>): Promise<void> {
    this.current = { ...this.current, ...patch };
    await this.context.checkpoint(this.current);
  }
}

export interface FindOrCreate<Prepared> {
  /**
   * The object an earlier attempt created, if any. Given: asked before creating whenever the
   * outcome of an earlier create is unknown (`create_sent_at` set, or any later attempt).
   * Omitted: the helpdesk deduplicates the create itself (and `create` recovers the object).
   */
  find?: () => Promise<string | undefined>;
  /** Everything the create needs that may be redone safely (uploads, the end user, …). */
  prepare: () => Promise<Prepared>;
  /** The create request; `recovered` when the helpdesk answered that it already had it. */
  create: (prepared: Prepared) => Promise<{ remoteId: string; recovered: boolean }>;
  remoteUrl: (remoteId: string) => string | null;
}

/**
 * Exactly once: an object already recorded is returned; an unknown earlier outcome makes it look
 * first; `create_sent_at` is persisted before the create leaves and `remote_id` as soon as known.
 */
export async function findOrCreate<Prepared>(
  context: AttemptContext,
  checkpoints: Checkpoints,
  steps: FindOrCreate<Prepared>,
  clockIso: () => string,
): Promise<{ remoteId: string; recovered: boolean }> {
  const known = checkpoints.progress.remote_id;
  if (known) return { remoteId: known, recovered: true };

  if (steps.find && (checkpoints.progress.create_sent_at || context.attempt > 1)) {
    const existing = await steps.find();
    if (existing) {
      await checkpoints.save({ remote_id: existing, remote_url: steps.remoteUrl(existing) });
      return { remoteId: existing, recovered: true };
    }
  }

  const prepared = await steps.prepare();
  await checkpoints.save({ create_sent_at: clockIso() });
  const created = await steps.create(prepared);
  await checkpoints.save({ remote_id: created.remoteId, remote_url: steps.remoteUrl(created.remoteId) });
  return created;
}

export type FollowUpStep = NonNullable<DeliveryProgress['steps']>[number];

/**
 * Runs a follow-up on the created object unless an earlier attempt did, then remembers it. The
 * step decides itself whether a failure throws (retry later) or is only a warning.
 */
export async function followUpOnce(
  checkpoints: Checkpoints,
  name: FollowUpStep,
  run: () => Promise<void>,
): Promise<void> {
  if (checkpoints.progress.steps?.includes(name)) return;
  await run();
  await checkpoints.save({ steps: [...(checkpoints.progress.steps ?? []), name] });
}

/** The result every connector answers with. */
export function deliveryResult(
  outcome: { remoteId: string; recovered: boolean },
  remoteUrl: string | null,
  checkpoints: Checkpoints,
  warnings: DeliveryWarning[],
): DeliveryResult {
  return {
    remoteId: outcome.remoteId,
    remoteUrl,
    recovered: outcome.recovered,
    progress: checkpoints.progress,
    warnings,
  };
}

/** Stored settings that no longer pass normalization: a configuration problem, not retried. */
export function invalidSettings(
  helpdesk: string,
  errors: readonly FieldError[],
  fallbackKey: FieldError['key'],
): DeliveryError {
  return new DeliveryError({
    kind: 'config',
    key: errors[0]?.key ?? fallbackKey,
    message: `${helpdesk} settings are invalid: ${errors.map((e) => e.field).join(', ')}`,
  });
}
