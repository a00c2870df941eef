import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDixaStandIn, type DixaStandIn } from '../../../demo/dixa-stand-in/index.js';
import { DEFAULT_DIXA_AGENT, DEFAULT_DIXA_TOKEN, DIXA_ATTRIBUTE_IDS } from '../../../demo/dixa-stand-in/state.js';
import { locales } from '../../../locales/index.js';
import {
  deliverClaimToDixa,
  normalizeDixaSettings,
  verifyDixaEmailIntegration,
  verifyDixaToken,
  type DixaDeliverySettings,
  type DixaOptions,
} from '../../../src/server/delivery/dixa.js';
import { DeliveryError } from '../../../src/server/delivery/errors.js';
import { PacerRegistry } from '../../../src/server/delivery/pacing.js';
import type { AttemptContext } from '../../../src/server/delivery/progress.js';
import {
  CLAIM_ID,
  JPEG,
  PNG,
  TestFiles,
  VirtualClock,
  deliverWithRetries,
  sampleInput,
  singleAttempt,
} from './support.js';

let dixa: DixaStandIn;
let clock: VirtualClock;
let options: DixaOptions;
const files = new TestFiles();

beforeAll(async () => {
  await files.start();
  clock = new VirtualClock();
  dixa = await startDixaStandIn({
    now: () => clock.now(),
    tokens: [DEFAULT_DIXA_TOKEN, { token: 'read-only-token', readOnly: true }],
    attachmentTimeoutMs: 1_000,
  });
});
afterAll(async () => {
  await dixa.close();
  await files.stop();
});
beforeEach(() => {
  dixa.state.reset();
  files.reachable = true;
  clock = new VirtualClock(clock.now() + 60_000);
  // The stand-in listens on loopback: allowed only with the testing flag, like in the API.
  options = {
    baseUrl: dixa.origin,
    allowInsecureHostsForTesting: true,
    clock,
    pacers: new PacerRegistry(clock),
    timeoutMs: 2_000,
  };
});

const settings = (overrides: Partial<DixaDeliverySettings> = {}): DixaDeliverySettings => ({
  api_token: DEFAULT_DIXA_TOKEN,
  email_integration_id: 'support@acme.email.dixa.io',
  default_agent_id: DEFAULT_DIXA_AGENT,
  ...overrides,
});

const deliver = (
  context: AttemptContext,
  input = sampleInput(),
  overrides: Partial<DixaDeliverySettings> = {},
  extra: Partial<DixaOptions> = {},
) => deliverClaimToDixa(input, settings(overrides), { ...options, ...extra, ...context, files });

describe('Dixa settings', () => {
  it('trims, drops a pasted Bearer prefix, lower-cases the address and the agent id', () => {
    expect(
      normalizeDixaSettings({
        api_token: '  Bearer abc.def  ',
        email_integration_id: ' Support@Acme.Email.Dixa.io ',
        default_agent_id: ` ${DEFAULT_DIXA_AGENT.toUpperCase()} `,
      }),
    ).toEqual({
      ok: true,
      value: {
        api_token: 'abc.def',
        email_integration_id: 'support@acme.email.dixa.io',
        default_agent_id: DEFAULT_DIXA_AGENT,
      },
    });
    expect(normalizeDixaSettings({ api_token: 'abc', email_integration_id: '', default_agent_id: '' })).toEqual({
      ok: true,
      value: { api_token: 'abc', email_integration_id: null, default_agent_id: null },
    });
  });

  it('refuses a missing token, a queue name as integration and a non-UUID agent, all at once', () => {
    expect(
      normalizeDixaSettings({ api_token: ' ', email_integration_id: 'Support queue', default_agent_id: 'agent-7' }),
    ).toEqual({
      ok: false,
      errors: [
        { field: 'api_token', key: 'dixa_token_missing' },
        { field: 'email_integration_id', key: 'dixa_email_integration_invalid' },
        { field: 'default_agent_id', key: 'dixa_agent_id_invalid' },
      ],
    });
  });

  it('verifies the token with GET /v1/contact-endpoints?_type=EmailEndpoint, sending it raw', async () => {
    const result = await verifyDixaToken(DEFAULT_DIXA_TOKEN, options);
    expect(result).toEqual({
      ok: true,
      value: [
        { address: 'support@acme.email.dixa.io', name: 'Acme Support' },
        { address: 'returns@acme.email.dixa.io', name: 'Acme Returns' },
      ],
    });
    const [request] = dixa.state.requests;
    expect(request).toMatchObject({ method: 'GET', path: '/v1/contact-endpoints', query: { _type: 'EmailEndpoint' } });
    expect(request!.headers.authorization).toBe(DEFAULT_DIXA_TOKEN);
    expect(await verifyDixaToken('wrong', options)).toMatchObject({
      ok: false,
      key: 'dixa_auth_failed',
      retryable: false,
      status: 401,
    });
    expect(await verifyDixaToken(`  Bearer ${DEFAULT_DIXA_TOKEN} `, options)).toMatchObject({ ok: true });
    expect(dixa.state.requests.at(-1)!.headers.authorization).toBe(DEFAULT_DIXA_TOKEN);
    expect(await verifyDixaToken('   ', options)).toMatchObject({ ok: false, key: 'dixa_token_missing' });
  });

  it('accepts only an EmailEndpoint address of the account as the email integration ID', async () => {
    expect(await verifyDixaEmailIntegration(DEFAULT_DIXA_TOKEN, ' Returns@acme.email.dixa.io', options)).toEqual({
      ok: true,
      value: { address: 'returns@acme.email.dixa.io', name: 'Acme Returns' },
    });
    expect(await verifyDixaEmailIntegration(DEFAULT_DIXA_TOKEN, 'agent@acme.test', options)).toMatchObject({
      ok: false,
      key: 'dixa_email_integration_not_found',
    });
    expect(await verifyDixaEmailIntegration(DEFAULT_DIXA_TOKEN, 'Support queue', options)).toMatchObject({
      ok: false,
      key: 'dixa_email_integration_invalid',
    });
    expect(await verifyDixaEmailIntegration(DEFAULT_DIXA_TOKEN, '+4532123456', options)).toMatchObject({
      ok: false,
      key: 'dixa_email_integration_invalid',
    });
    expect(await verifyDixaEmailIntegration('wrong', 'support@acme.email.dixa.io', options)).toMatchObject({
      ok: false,
      key: 'dixa_auth_failed',
    });
  });
});

describe('deliverClaimToDixa: the requests it sends', () => {
  it('finds or creates the end user, creates one Email conversation, then tags, attributes and the claim', async () => {
    const input = sampleInput({ language: 'fr' });
    const context = singleAttempt();
    const result = await deliver(context, input, {
      custom_attributes: [
        { attribute_id: DIXA_ATTRIBUTE_IDS.orderNumber, source: 'order_number' },
        { attribute_id: DIXA_ATTRIBUTE_IDS.claimType, source: 'flow_type' },
        { attribute_id: DIXA_ATTRIBUTE_IDS.contactOnly, source: 'claim_id' }, // not a conversation attribute: warned
      ],
    });

    const routes = dixa.state.requests.map((r) => `${r.method} ${r.path.replace(/\/\d+\b/, '/{id}')}`);
    expect(routes).toEqual([
      'GET /v1/endusers',
      'POST /v1/endusers',
      'POST /v1/conversations',
      'POST /v1/conversations/{id}/tags/bulk',
      'GET /v1/custom-attributes',
      'PATCH /v1/conversations/{id}/custom-attributes',
      'PUT /v1/conversations/{id}/claim',
    ]);
    expect(dixa.state.requests.every((r) => r.headers.authorization === DEFAULT_DIXA_TOKEN)).toBe(true);
    expect(dixa.state.requests[0]!.query).toEqual({ email: 'jane@example.com' });
    expect(dixa.state.requests[1]!.body).toEqual({
      displayName: 'Jane Doe',
      email: 'jane@example.com',
      firstName: 'Jane',
      lastName: 'Doe',
    });

    const body = dixa.state.requests[2]!.body as Record<string, any>;
    const fr = locales.fr.delivery;
    expect(body).toMatchObject({
      _type: 'Email',
      requesterId: dixa.state.endUsers[0]!.id,
      emailIntegrationId: 'support@acme.email.dixa.io',
      subject: `${fr.reason.partial_damage} – commande #1001 [2F1C3B4A]`,
      language: 'fr',
      message: { _type: 'Inbound', content: { _type: 'Html' }, externalId: CLAIM_ID },
    });
    expect(body.message.content.value).toContain(fr.flow.defective);
    expect(body.message.content.value).toContain('Plate &quot;Nordic&quot;');
    expect(body.message.attachments.map((a: { prettyName: string }) => a.prettyName)).toEqual([
      'photo-MUG-01-1.jpg',
      'photo-MUG-01-2.png',
      'package-1.png',
    ]);
    expect(
      body.message.attachments.every((a: { url: string }) =>
        /\/v1\/files\/[0-9a-f-]{36}\?expires=\d+&signature=/.test(a.url),
      ),
    ).toBe(true);
    expect(files.signed.slice(-3).every((s) => s.ttl === 3600)).toBe(true);

    expect(dixa.state.requests[3]!.body).toEqual({
      data: [{ name: 'resolve' }, { name: 'resolve-defective' }, { name: 'wants-refund' }],
    });
    expect(dixa.state.requests[5]!.body).toEqual({
      [DIXA_ATTRIBUTE_IDS.orderNumber]: '#1001',
      [DIXA_ATTRIBUTE_IDS.claimType]: ['defective'],
    });
    expect(dixa.state.requests[6]!.body).toEqual({ agentId: DEFAULT_DIXA_AGENT, force: false });

    const [conversation] = dixa.state.conversationsFor(CLAIM_ID);
    expect(conversation).toMatchObject({
      tags: ['resolve', 'resolve-defective', 'wants-refund'],
      assignedAgentId: DEFAULT_DIXA_AGENT,
    });
    const downloaded = conversation!.messages[0]!.attachments.map((a) =>
      Buffer.from(dixa.state.files.get(a.fileId)!.bytes),
    );
    expect(downloaded.map((bytes) => bytes.equals(JPEG) || bytes.equals(PNG))).toEqual([true, true, true]);
    expect(result).toMatchObject({ remoteId: String(conversation!.id), recovered: false, remoteUrl: null });
    expect(result.warnings.map((w) => w.code)).toEqual(['custom_attribute_skipped']);
    expect(context.saved.at(-1)).toMatchObject({
      remote_id: String(conversation!.id),
      end_user_id: dixa.state.endUsers[0]!.id,
      steps: ['tags', 'attributes', 'assigned'],
    });
  });

  it('reuses the end user for the next claim of the same customer and skips what is not configured', async () => {
    await deliver(singleAttempt(), sampleInput({ attachments: false }), { default_agent_id: null });
    await deliver(
      singleAttempt(),
      sampleInput({ attachments: false, claim: { uuid: '7c7c7c7c-7c7c-4c7c-8c7c-7c7c7c7c7c7c' } }),
      {
        default_agent_id: null,
        tags: {
          flow_type: { enabled: false },
          resolution_preference: { enabled: false },
          shipment_phase: { enabled: false },
          always: [],
        },
      },
    );
    expect(dixa.state.endUsers).toHaveLength(1);
    expect(dixa.state.conversations).toHaveLength(2);
    expect(dixa.state.requestsTo('POST', '/v1/endusers')).toHaveLength(1);
    expect(dixa.state.requests.filter((r) => r.path.endsWith('/claim'))).toHaveLength(0);
    expect(dixa.state.requests.filter((r) => r.path.endsWith('/tags/bulk'))).toHaveLength(1);
  });

  it('keeps the claim delivered when Dixa refuses the agent (a warning, not a failure)', async () => {
    const result = await deliver(singleAttempt(), sampleInput({ attachments: false }), {
      default_agent_id: '00000000-0000-4000-8000-000000000000',
    });
    expect(result.warnings.map((w) => w.code)).toEqual(['assigned_failed']);
    expect(dixa.state.conversations).toHaveLength(1);
  });
});

describe('deliverClaimToDixa: exactly one conversation when Dixa misbehaves', () => {
  it('waits out a 429 (no Retry-After: a second), then creates once', async () => {
    dixa.state.failNext({ status: 429, method: 'POST', path: '/v1/conversations' });
    const { attempts } = await deliverWithRetries((ctx) => deliver(ctx));
    expect(attempts).toBe(1);
    expect(clock.sleeps).toContain(1_000);
    expect(dixa.state.conversationsFor(CLAIM_ID)).toHaveLength(1);
  });

  it('retries a 500 from before the conversation existed: one conversation', async () => {
    dixa.state.failNext({ status: 500, method: 'POST', path: '/v1/conversations' });
    const { attempts, failures, result } = await deliverWithRetries((ctx) => deliver(ctx));
    expect(attempts).toBe(2);
    expect(failures[0]).toMatchObject({ kind: 'server', status: 500, retryable: true });
    expect(result.recovered).toBe(false);
    expect(dixa.state.conversationsFor(CLAIM_ID)).toHaveLength(1);
  });

  it.each([
    [
      'a 500 after Dixa created it',
      () => dixa.state.failNext({ status: 500, method: 'POST', path: '/v1/conversations', afterProcessing: true }),
      'server',
    ],
    ['a dropped connection after the create', () => dixa.state.dropConnectionAfterCreate(), 'network'],
    [
      'a timeout while Dixa was creating it',
      () => dixa.state.delayNext(1_500, { method: 'POST', path: '/v1/conversations' }),
      'timeout',
    ],
  ])(
    'after %s: the retry meets Duplicate externalId, finds the conversation, finishes the follow-ups once',
    async (_name, arm, kind) => {
      arm();
      const impatient: typeof fetch = (url, init) =>
        fetch(url, {
          ...init,
          signal: AbortSignal.any([init?.signal ?? new AbortController().signal, AbortSignal.timeout(500)]),
        });
      const { failures, result } = await deliverWithRetries((ctx) =>
        deliver(ctx, sampleInput(), {}, { fetch: impatient }),
      );
      expect(failures[0]).toMatchObject({ kind, retryable: true });
      expect(result.recovered).toBe(true);
      const conversations = dixa.state.conversationsFor(CLAIM_ID);
      expect(conversations).toHaveLength(1);
      expect(result.remoteId).toBe(String(conversations[0]!.id));
      expect(dixa.state.requestsTo('POST', '/v1/conversations').map((r) => r.status)).toEqual([
        kind === 'server' ? 500 : 0,
        400,
      ]);
      expect(conversations[0]!.tags).toEqual(['resolve', 'resolve-defective', 'wants-refund']);
      expect(conversations[0]!.assignedAgentId).toBe(DEFAULT_DIXA_AGENT);
      expect(dixa.state.endUsers).toHaveLength(1);
    },
  );

  it('finds its conversation on a later page of a customer with 250 earlier conversations (pageKey)', async () => {
    // The customer wrote a lot before: their end user exists with 250 conversations, listed oldest first.
    await deliver(
      singleAttempt(),
      sampleInput({ claim: { uuid: '00000000-0000-4000-8000-000000000001' }, attachments: false }),
      { default_agent_id: null },
    );
    const requesterId = dixa.state.endUsers[0]!.id;
    const template = dixa.state.conversations[0]!;
    for (let n = 0; n < 250; n++) {
      dixa.state.conversations.push({
        ...template,
        id: dixa.state.newConversationId(),
        messages: [{ ...template.messages[0]!, externalId: null }],
        tags: [],
        customAttributes: {},
        notes: [],
      });
    }
    dixa.state.failNext({ status: 500, method: 'POST', path: '/v1/conversations', afterProcessing: true });
    const { result, attempts } = await deliverWithRetries((ctx) => deliver(ctx, sampleInput({ attachments: false })));
    expect(attempts).toBe(2);
    expect(result.recovered).toBe(true);
    expect(result.remoteId).toBe(String(dixa.state.conversationsFor(CLAIM_ID)[0]!.id));
    expect(dixa.state.conversations.filter((c) => c.requesterId === requesterId)).toHaveLength(252);
    const pages = dixa.state.requestsTo('GET', `/v1/endusers/${requesterId}/conversations`);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.at(-1)!.query.pageKey).toEqual(expect.any(String));
  });

  it('sets a nested Select option as the path of values Dixa expects', async () => {
    await deliver(singleAttempt(), sampleInput({ attachments: false }), {
      custom_attributes: [
        { attribute_id: DIXA_ATTRIBUTE_IDS.reason, source: 'reason' },
        { attribute_id: DIXA_ATTRIBUTE_IDS.claimType, source: 'flow_type' },
      ],
    });
    const [patch] = dixa.state.requestsTo(
      'PATCH',
      `/v1/conversations/${dixa.state.conversations[0]!.id}/custom-attributes`,
    );
    expect(patch!.status).toBe(200);
    expect(patch!.body).toEqual({
      [DIXA_ATTRIBUTE_IDS.reason]: ['damage', 'partial_damage'],
      [DIXA_ATTRIBUTE_IDS.claimType]: ['defective'],
    });
    expect(dixa.state.conversations[0]!.customAttributes[DIXA_ATTRIBUTE_IDS.reason]).toEqual([
      'damage',
      'partial_damage',
    ]);
  });

  it('classifies an unreachable attachment (retryable, with its own key) and creates nothing', async () => {
    files.reachable = false;
    const error = await deliver(singleAttempt()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({
      kind: 'attachment',
      key: 'dixa_attachment_unreachable',
      status: 400,
      retryable: true,
    });
    expect(dixa.state.conversations).toHaveLength(0);
    files.reachable = true;
    const { result } = await deliverWithRetries((ctx) => deliver(ctx));
    expect(result.recovered).toBe(false);
    expect(dixa.state.conversationsFor(CLAIM_ID)).toHaveLength(1);
  });

  it('resumes the follow-ups after a failed one without touching the conversation again', async () => {
    dixa.state.failNext({ status: 503, method: 'POST', path: /\/tags\/bulk$/ });
    const { attempts, result } = await deliverWithRetries((ctx) => deliver(ctx));
    expect(attempts).toBe(2);
    expect(result.recovered).toBe(true);
    expect(dixa.state.requestsTo('POST', '/v1/conversations')).toHaveLength(1);
    expect(dixa.state.conversationsFor(CLAIM_ID)[0]!.tags).toHaveLength(3);
    expect(dixa.state.requests.filter((r) => r.path.endsWith('/claim'))).toHaveLength(1);
  });

  it('stops on a revoked token, a read-only token and a missing email integration', async () => {
    await expect(
      deliver(singleAttempt(), sampleInput({ attachments: false }), { api_token: 'revoked' }),
    ).rejects.toMatchObject({ key: 'dixa_auth_failed', retryable: false });
    await expect(
      deliver(singleAttempt(), sampleInput({ attachments: false }), { api_token: 'read-only-token' }),
    ).rejects.toMatchObject({ key: 'dixa_permission_denied', retryable: false });
    await expect(
      deliver(singleAttempt(), sampleInput({ attachments: false }), { email_integration_id: null }),
    ).rejects.toMatchObject({ kind: 'config', retryable: false });
  });
});

describe('pacing against the token limit', () => {
  it('delivers 6 claims concurrently (40+ requests) without a single 429', async () => {
    const start = clock.now();
    await Promise.all(
      Array.from({ length: 6 }, (_, n) =>
        deliver(
          singleAttempt(),
          sampleInput({
            attachments: false,
            claim: { uuid: `8d8d8d8d-8d8d-4d8d-8d8d-${String(n).padStart(12, '0')}` },
          }),
          {},
          { fetch: clock.fetch },
        ),
      ),
    );
    const statuses = dixa.state.requests.map((r) => r.status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(0);
    expect(dixa.state.conversations).toHaveLength(6);
    // Beyond the burst of 4, every request waited for its tenth of a second.
    expect(clock.now() - start).toBeGreaterThanOrEqual((statuses.length - 4) * 100 - 1);
  });
});
