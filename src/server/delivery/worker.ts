import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import { draftUploadIds } from '../../core/claims.js';
import { EVENT_FILE_URL_TTL_SECONDS, upgradeLegacyClaimEvent } from '../../core/claim-events.js';
import { webhookEventSchema } from '../../core/webhooks.js';
import { readClaimEvent } from '../claim-event-log.js';
import { claimView, findClaim } from '../claims.js';
import type { ServerContext } from '../context.js';
import {
  leaseDueJobs,
  markJobDelivered,
  parkJob,
  releaseInterruptedJob,
  saveJobProgress,
  scheduleJobRetry,
  type DeliveryErrorRecord,
  type DeliveryRow,
} from '../delivery-jobs.js';
import { integrationSecretContext, readDixa, readGorgias } from '../integration-settings.js';
import { findOrderById } from '../orders.js';
import { findShopById } from '../shops.js';
import { findUploads } from '../upload-intake.js';
import { signedFileUrl } from '../tokens.js';
import { findWebhook, webhookSecretContext } from '../webhook-store.js';
import { deliverClaimToDixa } from './dixa.js';
import { DeliveryError, toDeliveryFailure } from './errors.js';
import { deliverClaimToGorgias } from './gorgias.js';
import type { HttpOptions } from './http.js';
import { buildClaimDeliveryInput, type ClaimDeliveryInput, type ClaimFileAccess } from './input.js';
import { parseDeliveryProgress, type AttemptContext, type DeliveryProgress, type DeliveryResult } from './progress.js';
import { decideRetry, DEFAULT_MAX_ATTEMPTS, type BackoffOptions } from './retry.js';
import { deliverWebhook } from './webhooks.js';

/**
 * The delivery worker: runs in the API process, leases due delivery jobs (delivery-jobs.ts:
 * `FOR UPDATE SKIP LOCKED`, so several processes on one PostgreSQL take disjoint jobs), runs the
 * connector with the job's stored progress, persists every checkpoint into the job row under its
 * lease before the connector continues, and records the outcome: delivered, due again after
 * decideRetry's backoff (Retry-After as a floor), or parked with its error.
 *
 * A lease moves `next_attempt_at` to the lease's end. A worker that dies mid-delivery (killed
 * process) leaves the job `in_progress` until then; the next worker resumes from the checkpoint,
 * and since `create_sent_at` was saved before the create left, it looks the ticket or
 * conversation up before creating anything. Every write carries the lease token, so a worker
 * whose lease ran out cannot overwrite the job of the one that took over.
 */

export interface DeliveryWorkerOptions {
  /** How often to look for due jobs when nothing wakes the worker (default 1 s). */
  pollIntervalMs?: number;
  /**
   * How long a job stays with the worker that leased it (default 10 min). It must outlast the
   * longest attempt (uploads and creates wait up to a minute, pacing adds to it): a lease that
   * runs out while a create is still in flight lets a second worker look too early. Each
   * checkpoint renews it.
   */
  leaseMs?: number;
  /** Jobs run at once (default 4); pacing per helpdesk account applies on top. */
  concurrency?: number;
  /** Attempts before a job is parked (default 18, about a day of backoff). */
  maxAttempts?: number;
  /** Backoff between attempts (full jitter; tests make it short). */
  backoff?: BackoffOptions;
  /** Caps every helpdesk request's timeout (tests). */
  maxRequestTimeoutMs?: number;
  /** How long stop() lets running attempts finish before aborting them (default 5 s). */
  stopGraceMs?: number;
}

export const DEFAULT_DELIVERY_WORKER = {
  pollIntervalMs: 1_000,
  leaseMs: 10 * 60 * 1000,
  concurrency: 4,
  stopGraceMs: 5_000,
} as const;

/** The job was taken over by another worker (our lease ran out): stop without writing anything. */
class LeaseLost extends Error {
  constructor() {
    super('delivery lease lost');
    this.name = 'LeaseLost';
  }
}

export class DeliveryWorker {
  private readonly options: Required<Omit<DeliveryWorkerOptions, 'backoff' | 'maxRequestTimeoutMs'>> &
    Pick<DeliveryWorkerOptions, 'backoff' | 'maxRequestTimeoutMs'>;
  private readonly running = new Set<Promise<void>>();
  /** Jobs this worker is attempting right now: never leased again by it, even once their lease ran out. */
  private readonly runningJobs = new Set<string>();
  private readonly abort = new AbortController();
  private stopping = false;
  private loop: Promise<void> | undefined;
  private nudge: (() => void) | undefined;
  private woken = false;

  constructor(
    private readonly ctx: ServerContext,
    options: DeliveryWorkerOptions = {},
  ) {
    this.options = {
      pollIntervalMs: options.pollIntervalMs ?? DEFAULT_DELIVERY_WORKER.pollIntervalMs,
      leaseMs: options.leaseMs ?? DEFAULT_DELIVERY_WORKER.leaseMs,
      concurrency: Math.max(1, options.concurrency ?? DEFAULT_DELIVERY_WORKER.concurrency),
      maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      stopGraceMs: options.stopGraceMs ?? DEFAULT_DELIVERY_WORKER.stopGraceMs,
      backoff: options.backoff,
      maxRequestTimeoutMs: options.maxRequestTimeoutMs,
    };
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Jobs were queued: look now instead of at the next poll. */
  wake(): void {
    this.woken = true;
    this.nudge?.();
  }

  /**
   * Stops leasing, lets running attempts finish for `stopGraceMs`, then aborts them (their jobs
   * are due again at once, the aborted attempt not counted). Resolves when nothing runs any more.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.nudge?.();
    await this.loop;
    const timer = setTimeout(() => this.abort.abort(), this.options.stopGraceMs);
    await Promise.allSettled([...this.running]);
    clearTimeout(timer);
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      const free = this.freeSlots();
      let jobs: DeliveryRow[] = [];
      if (free > 0) {
        // Cleared before leasing: a wake() during the lease means more may be due after it.
        this.woken = false;
        try {
          jobs = await this.lease(free);
        } catch (error) {
          if (this.stopping) break;
          this.ctx.log(`delivery worker: leasing failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      for (const job of jobs) {
        this.runningJobs.add(job.id);
        const attempt: Promise<void> = this.attempt(job)
          .catch((error: unknown) =>
            this.ctx.log(`delivery ${job.id}: ${error instanceof Error ? error.stack : String(error)}`),
          )
          .finally(() => {
            this.running.delete(attempt);
            this.runningJobs.delete(job.id);
            this.nudge?.();
          });
        this.running.add(attempt);
      }
      // A full batch means more may be due: lease again at once (while there is room).
      if (free > 0 && jobs.length === free) continue;
      await this.idle();
    }
  }

  private freeSlots(): number {
    return this.options.concurrency - this.running.size;
  }

  /**
   * Until there is something to do: a wake-up counts only while a slot is free. With every slot
   * busy the worker waits for an attempt to finish (or the poll interval), and a wake-up that came
   * meanwhile is kept for when a slot frees; returning at once would turn the loop into a busy
   * spin on the microtask queue that starves the process's I/O.
   */
  private idle(): Promise<void> {
    if (this.stopping || (this.woken && this.freeSlots() > 0)) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, this.options.pollIntervalMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.nudge = () => {
        this.nudge = undefined;
        done();
      };
    });
  }

  private lease(limit: number): Promise<DeliveryRow[]> {
    return leaseDueJobs(this.ctx.db, {
      limit,
      leaseMs: this.options.leaseMs,
      token: randomUUID(),
      except: [...this.runningJobs],
    });
  }

  /** One attempt of one leased job, and its outcome recorded under the lease. */
  private async attempt(job: DeliveryRow): Promise<void> {
    const { db, log } = this.ctx;
    const token = job.lease_token;
    if (!token) return;
    const context: AttemptContext = {
      progress: parseDeliveryProgress(job.progress),
      attempt: job.attempts,
      checkpoint: async (progress: DeliveryProgress) => {
        if (!(await saveJobProgress(db, job.id, token, progress, this.options.leaseMs))) throw new LeaseLost();
      },
    };
    const label = `delivery ${job.id} (${job.target.startsWith('webhook:') ? 'webhook' : job.target}, attempt ${job.attempts})`;
    try {
      const result = await this.deliver(job, context);
      const recorded = await markJobDelivered(db, job.id, token, result);
      log(
        `${label}: delivered${result.remoteId ? ` as ${result.remoteId}` : ''}${result.recovered ? ' (found, not created again)' : ''}${recorded ? '' : ' — lease lost, not recorded'}`,
      );
    } catch (error) {
      if (error instanceof LeaseLost) {
        log(`${label}: lease lost to another worker; leaving the job to it`);
        return;
      }
      if (this.abort.signal.aborted) {
        // Shutdown cut it short: due again at once, and the cut attempt does not count.
        await releaseInterruptedJob(db, job.id, token);
        log(`${label}: interrupted by shutdown, due again at next start`);
        return;
      }
      const failure = toDeliveryFailure(error);
      const record: DeliveryErrorRecord = {
        key: failure.key,
        message: failure.message,
        retryable: failure.retryable,
        status: failure.status,
      };
      const decision = decideRetry(failure, job.attempts - job.attempts_at_requeue, {
        ...this.options.backoff,
        maxAttempts: this.options.maxAttempts,
      });
      if (decision.retry) {
        await scheduleJobRetry(db, job.id, token, record, decision.delayMs);
        log(`${label}: ${failure.key} (${failure.message}); retry in ${(decision.delayMs / 1000).toFixed(1)} s`);
      } else {
        await parkJob(db, job.id, token, record);
        log(`${label}: parked (${decision.reason}): ${failure.key} (${failure.message})`);
      }
    }
  }

  private httpOptions(): HttpOptions & { pacers: ServerContext['delivery']['pacers'] } {
    const { delivery, log } = this.ctx;
    return {
      pacers: delivery.pacers,
      signal: this.abort.signal,
      log: (line) => log(`  → ${line}`),
      // Loopback stand-ins only when the operator said so; every other connection must be public.
      allowInsecureHostsForTesting: delivery.allowLoopbackHosts,
      ...(delivery.fetch ? { fetch: delivery.fetch } : {}),
      ...(this.options.maxRequestTimeoutMs ? { maxTimeoutMs: this.options.maxRequestTimeoutMs } : {}),
    };
  }

  private async deliver(job: DeliveryRow, context: AttemptContext): Promise<DeliveryResult> {
    const { db, delivery } = this.ctx;
    if (job.target.startsWith('webhook:')) return this.deliverToWebhook(job);
    const gone = (key: 'integration_disabled' | 'dixa_email_integration_required', message: string) =>
      new DeliveryError({ kind: 'config', key, retryable: false, message });
    if (job.target === 'gorgias') {
      const settings = await readGorgias(db, job.shop_id);
      if (!settings?.enabled) throw gone('integration_disabled', 'Gorgias is switched off or not set up');
      const apiKey = await delivery.keyring.open(settings.sealedKey, integrationSecretContext(job.shop_id, 'gorgias'));
      const { input, files } = await this.claimInput(job);
      return deliverClaimToGorgias(
        input,
        {
          endpoint: settings.endpoint,
          email: settings.email,
          api_key: apiKey,
          tags: settings.tags,
          custom_fields: settings.customFields,
        },
        { ...context, ...this.httpOptions(), files, allowInsecureHostsForTesting: delivery.allowLoopbackHosts },
      );
    }
    if (job.target === 'dixa') {
      const settings = await readDixa(db, job.shop_id);
      if (!settings?.enabled) throw gone('integration_disabled', 'Dixa is switched off or not set up');
      if (!settings.emailIntegrationId)
        throw gone('dixa_email_integration_required', 'Dixa has no email integration ID');
      const token = await delivery.keyring.open(settings.sealedToken, integrationSecretContext(job.shop_id, 'dixa'));
      const { input, files } = await this.claimInput(job);
      return deliverClaimToDixa(
        input,
        {
          api_token: token,
          email_integration_id: settings.emailIntegrationId,
          default_agent_id: settings.defaultAgentId,
          tags: settings.tags,
          custom_attributes: settings.customAttributes,
        },
        {
          ...context,
          ...this.httpOptions(),
          files,
          ...(delivery.dixaBaseUrl ? { baseUrl: delivery.dixaBaseUrl } : {}),
        },
      );
    }
    throw new DeliveryError({
      kind: 'config',
      key: 'delivery_unexpected_response',
      retryable: false,
      message: `unknown target ${job.target}`,
    });
  }

  /**
   * The claim as it is now, rebuilt on every attempt: file URLs are signed afresh (a job retried
   * days later still hands the helpdesk links that work).
   */
  private async claimInput(job: DeliveryRow): Promise<{ input: ClaimDeliveryInput; files: ClaimFileAccess }> {
    const { db, blobs, signer, publicOrigin } = this.ctx;
    const shop = await findShopById(db, job.shop_id);
    const claim = shop ? await findClaim(db, shop, job.claim_id) : undefined;
    const order = shop && claim ? await findOrderById(db, shop, claim.order_id) : undefined;
    if (!shop || !claim || !order)
      throw new DeliveryError({
        kind: 'config',
        key: 'attachment_unavailable',
        retryable: false,
        message: 'the claim or its order is gone',
      });
    const ids = draftUploadIds(claim.draft);
    const uploads = await findUploads(db, ids);
    const byId = new Map(uploads.map((upload) => [upload.id, upload]));
    const input = buildClaimDeliveryInput({
      claim: claimView(this.ctx, shop, claim, order, { fullAddress: true }),
      customer: { name: order.input.customer_name, email: order.input.email },
      shipments: order.input.shipments,
      draft: claim.draft,
      uploads: byId,
    });
    const files: ClaimFileAccess = {
      read: async (id) => {
        const upload = byId.get(id);
        return upload ? blobs.get(upload.storage_key) : undefined;
      },
      signedUrl: (id, ttlSeconds) => signedFileUrl(signer, publicOrigin, id, ttlSeconds),
    };
    return { input, files };
  }

  private async deliverToWebhook(job: DeliveryRow): Promise<DeliveryResult> {
    const { db, delivery } = this.ctx;
    const webhook = job.webhook_id ? await findWebhook(db, job.shop_id, job.webhook_id) : undefined;
    if (!webhook || webhook.status !== 'active') {
      throw new DeliveryError({
        kind: 'config',
        key: 'webhook_inactive',
        retryable: false,
        message: 'the webhook is inactive or gone',
      });
    }
    // Events recorded in the earlier format are upgraded on the way out (see claim-events.ts).
    const parsed = z.safeParse(
      webhookEventSchema,
      this.resignFileUrls(upgradeLegacyClaimEvent(await readClaimEvent(db, job.event_ref))),
    );
    if (!parsed.success) {
      throw new DeliveryError({
        kind: 'config',
        key: 'delivery_unexpected_response',
        retryable: false,
        message: 'the stored event is not a valid claim event',
      });
    }
    const secret = await delivery.keyring.open(webhook.secret_sealed, webhookSecretContext(webhook.id));
    // The delivery job's id: unique per event and receiver, the same on every retry.
    const sent = await deliverWebhook(webhook.url, secret, parsed.data, job.id, {
      ...this.httpOptions(),
      allowInsecureHostsForTesting: delivery.allowLoopbackHosts,
    });
    this.ctx.log(`  → webhook answered ${sent.status}`);
    // The receiver's answer code, kept with the job: the portal lists it with each delivery.
    return { remoteId: '', remoteUrl: null, recovered: false, progress: { answer_status: sent.status }, warnings: [] };
  }

  /**
   * The event as recorded, with its file URLs signed again when it is sent, valid for
   * EVENT_FILE_URL_TTL_SECONDS (30 days) from then: a receiver may fetch photos long after the
   * claim, and a webhook retried after days must not carry expired links. Only URLs of this API's
   * `/v1/files/` are touched.
   */
  private resignFileUrls(value: unknown): unknown {
    const { signer, publicOrigin } = this.ctx;
    const prefix = `${publicOrigin}/v1/files/`;
    const walk = (node: unknown): unknown => {
      if (typeof node === 'string') {
        if (!node.startsWith(prefix)) return node;
        const id = /^[0-9a-f-]{36}/.exec(node.slice(prefix.length))?.[0];
        return id ? signedFileUrl(signer, publicOrigin, id, EVENT_FILE_URL_TTL_SECONDS) : node;
      }
      if (Array.isArray(node)) return node.map(walk);
      if (node && typeof node === 'object')
        return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, walk(child)]));
      return node;
    };
    return walk(value);
  }
}
