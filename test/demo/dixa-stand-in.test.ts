import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDixaStandIn, type DixaStandIn } from '../../demo/dixa-stand-in/index.js';
import { DEFAULT_DIXA_AGENT, DEFAULT_DIXA_TOKEN, DIXA_ATTRIBUTE_IDS } from '../../demo/dixa-stand-in/state.js';
import { PNG, TestFiles, VirtualClock, PHOTO_B } from '../server/delivery/support.js';

/** The Dixa stand-in behaves as the reference describes Dixa: auth, rate limit, validation, errors. */

const clock = new VirtualClock();
const files = new TestFiles();
let dixa: DixaStandIn;

beforeAll(async () => {
  await files.start();
  dixa = await startDixaStandIn({
    now: clock.now,
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
  clock.advance(10_000);
});

const api = (path: string, init: RequestInit & { json?: unknown } = {}, token = DEFAULT_DIXA_TOKEN) => {
  clock.advance(100); // one token back per call: these tests are not about the rate limit
  const { json, ...rest } = init;
  return fetch(`${dixa.origin}${path}`, {
    ...rest,
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    headers: {
      authorization: token,
      ...(json === undefined ? {} : { 'content-type': 'application/json' }),
      ...init.headers,
    },
  });
};

async function endUser(email = 'jane@example.com', displayName = 'Jane Doe'): Promise<string> {
  const response = await api('/v1/endusers', { method: 'POST', json: { displayName, email } });
  return ((await response.json()) as { data: { id: string } }).data.id;
}

const conversation = (
  requesterId: string,
  overrides: Record<string, unknown> = {},
  message: Record<string, unknown> = {},
) => ({
  _type: 'Email',
  requesterId,
  emailIntegrationId: 'support@acme.email.dixa.io',
  subject: 'Damaged order – order #1001',
  language: 'en',
  message: {
    _type: 'Inbound',
    content: { _type: 'Html', value: '<p>broken</p>' },
    attachments: [],
    externalId: 'claim-1',
    ...message,
  },
  ...overrides,
});

describe('Dixa stand-in: authentication and rate limit', () => {
  it('takes the token raw or as Bearer, refuses anything else with 401 {message}', async () => {
    expect((await api('/v1/contact-endpoints')).status).toBe(200);
    expect((await api('/v1/contact-endpoints', {}, `Bearer ${DEFAULT_DIXA_TOKEN}`)).status).toBe(200);
    const refused = await api('/v1/contact-endpoints', {}, 'wrong');
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ message: 'Unauthorized' });
  });

  it('refuses writes with a read-only token (403)', async () => {
    const response = await api('/v1/endusers', { method: 'POST', json: { email: 'a@b.co' } }, 'read-only-token');
    expect(response.status).toBe(403);
  });

  it('allows bursts of 4, then 10 per second, per token; 429 without headers', async () => {
    const burst = [];
    for (let n = 0; n < 5; n++)
      burst.push(
        (await fetch(`${dixa.origin}/v1/custom-attributes`, { headers: { authorization: DEFAULT_DIXA_TOKEN } })).status,
      );
    expect(burst).toEqual([200, 200, 200, 200, 429]);
    const limited = await fetch(`${dixa.origin}/v1/custom-attributes`, {
      headers: { authorization: DEFAULT_DIXA_TOKEN },
    });
    expect(limited.headers.get('retry-after')).toBeNull();
    expect(await limited.json()).toEqual({ message: 'Too Many Requests' });
    clock.advance(100);
    expect(
      (await fetch(`${dixa.origin}/v1/custom-attributes`, { headers: { authorization: DEFAULT_DIXA_TOKEN } })).status,
    ).toBe(200);
  });
});

describe('Dixa stand-in: contact endpoints and end users', () => {
  it('lists email endpoints and finds one by address', async () => {
    const list = (await (await api('/v1/contact-endpoints?_type=EmailEndpoint')).json()) as {
      data: { _type: string; address: string }[];
    };
    expect(list.data.map((e) => e.address)).toEqual(['support@acme.email.dixa.io', 'returns@acme.email.dixa.io']);
    expect(list.data.every((e) => e._type === 'EmailEndpoint')).toBe(true);
    expect((await api('/v1/contact-endpoints/support%40acme.email.dixa.io')).status).toBe(200);
    expect((await api('/v1/contact-endpoints/agent%40acme.test')).status).toBe(404);
    expect((await api('/v1/contact-endpoints?_type=Queue')).status).toBe(400);
  });

  it('creates end users (201 data.id), finds them by email, refuses email and phone together', async () => {
    const id = await endUser();
    const found = (await (await api('/v1/endusers?email=JANE@example.com')).json()) as { data: { id: string }[] };
    expect(found.data.map((u) => u.id)).toEqual([id]);
    expect((await api('/v1/endusers?email=a@b.co&phone=1')).status).toBe(400);
    expect((await api('/v1/endusers', { method: 'POST', json: { email: 'jane@example.com' } })).status).toBe(400);
  });
});

describe('Dixa stand-in: conversations', () => {
  it('creates an Email conversation, downloading its attachments (201 data.id)', async () => {
    const requester = await endUser();
    const response = await api('/v1/conversations', {
      method: 'POST',
      json: conversation(
        requester,
        {},
        { attachments: [{ url: files.signedUrl(PHOTO_B, 60), prettyName: 'photo-1.png' }] },
      ),
    });
    expect(response.status).toBe(201);
    const { data } = (await response.json()) as { data: { id: number } };
    expect(Number.isInteger(data.id)).toBe(true);
    const [stored] = dixa.state.conversations;
    const attachment = stored!.messages[0]!.attachments[0]!;
    expect(Buffer.from(dixa.state.files.get(attachment.fileId)!.bytes).equals(PNG)).toBe(true);
    const served = await fetch(`${dixa.origin}/files/${attachment.fileId}`);
    expect(served.headers.get('content-type')).toBe('image/png');
  });

  it('refuses a second message with the same externalId: 400 Duplicate externalId', async () => {
    const requester = await endUser();
    expect((await api('/v1/conversations', { method: 'POST', json: conversation(requester) })).status).toBe(201);
    const again = await api('/v1/conversations', { method: 'POST', json: conversation(requester) });
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ message: 'Duplicate externalId' });
    expect(dixa.state.conversations).toHaveLength(1);
  });

  it('fails the whole request when an attachment cannot be downloaded: 400 Failure to download attachment', async () => {
    const requester = await endUser();
    files.reachable = false;
    const response = await api('/v1/conversations', {
      method: 'POST',
      json: conversation(requester, {}, { attachments: [{ url: files.signedUrl(PHOTO_B, 60) }] }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: 'Failure to download attachment' });
    files.reachable = true;
    const missing = await api('/v1/conversations', {
      method: 'POST',
      json: conversation(
        requester,
        {},
        { attachments: [{ url: files.signedUrl('99999999-9999-4999-8999-999999999999', 60) }] },
      ),
    });
    expect(await missing.json()).toEqual({ message: 'Failure to download attachment' });
    expect(dixa.state.conversations).toHaveLength(0);
  });

  it.each([
    ['a Chat conversation', { _type: 'Chat' }],
    ['no subject', { subject: undefined }],
    ['an unknown requester', { requesterId: 'nobody' }],
    ['a queue name as email integration', { emailIntegrationId: 'Support queue' }],
    ['an agent email as email integration', { emailIntegrationId: 'agent@acme.test' }],
    ['an outbound message', { message: { _type: 'Outbound', content: { _type: 'Text', value: 'x' } } }],
    ['a message without content', { message: { _type: 'Inbound' } }],
  ])('refuses %s with 400 Invalid value for: body', async (_name, overrides) => {
    const requester = await endUser();
    const response = await api('/v1/conversations', { method: 'POST', json: conversation(requester, overrides) });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toMatch(/^Invalid value for: body/);
  });

  it('lists an end user’s conversations and a conversation’s messages with their externalId', async () => {
    const requester = await endUser();
    await api('/v1/conversations', { method: 'POST', json: conversation(requester) });
    const list = (await (await api(`/v1/endusers/${requester}/conversations`)).json()) as {
      data: { id: number; channel: string }[];
    };
    expect(list.data).toHaveLength(1);
    expect(list.data[0]!.channel).toBe('Email');
    const messages = (await (await api(`/v1/conversations/${list.data[0]!.id}/messages`)).json()) as {
      data: { externalId: string }[];
    };
    expect(messages.data.map((m) => m.externalId)).toEqual(['claim-1']);
  });

  it('pages an end user’s conversations oldest first with pageLimit and a pageKey in meta.next', async () => {
    const requester = await endUser();
    for (let n = 1; n <= 3; n++)
      await api('/v1/conversations', {
        method: 'POST',
        json: conversation(requester, {}, { externalId: `claim-${n}` }),
      });
    const first = (await (await api(`/v1/endusers/${requester}/conversations?pageLimit=2`)).json()) as {
      data: { id: number }[];
      meta?: { next?: string };
    };
    expect(first.data).toHaveLength(2);
    const pageKey = new URL(first.meta!.next!).searchParams.get('pageKey');
    const second = (await (
      await api(`/v1/endusers/${requester}/conversations?pageLimit=2&pageKey=${pageKey}`)
    ).json()) as { data: { id: number }[]; meta?: unknown };
    expect(second.data).toHaveLength(1);
    expect(second.meta).toBeUndefined();
    expect([...first.data, ...second.data].map((c) => c.id)).toEqual(dixa.state.conversations.map((c) => c.id));
  });

  it('takes a nested Select value only as a path of active option values from the top', async () => {
    const requester = await endUser();
    const { data } = (await (
      await api('/v1/conversations', { method: 'POST', json: conversation(requester) })
    ).json()) as { data: { id: number } };
    const patch = (value: unknown) =>
      api(`/v1/conversations/${data.id}/custom-attributes`, {
        method: 'PATCH',
        json: { [DIXA_ATTRIBUTE_IDS.reason]: value },
      });
    expect((await patch(['damage', 'partial_damage'])).status).toBe(200);
    expect((await patch(['lost'])).status).toBe(200);
    expect((await patch(['partial_damage'])).status).toBe(400);
    expect((await patch(['lost', 'partial_damage'])).status).toBe(400);
  });

  it('tags in bulk, sets custom attributes (Text string, Select option values), claims for an agent, adds notes', async () => {
    const requester = await endUser();
    const { data } = (await (
      await api('/v1/conversations', { method: 'POST', json: conversation(requester) })
    ).json()) as { data: { id: number } };
    const path = `/v1/conversations/${data.id}`;
    expect(
      (
        await api(`${path}/tags/bulk`, {
          method: 'POST',
          json: { data: [{ name: 'resolve' }, { name: 'Resolve' }, { name: 'wants-refund' }] },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await api(`${path}/custom-attributes`, {
          method: 'PATCH',
          json: { [DIXA_ATTRIBUTE_IDS.orderNumber]: '#1001', [DIXA_ATTRIBUTE_IDS.claimType]: ['defective'] },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await api(`${path}/custom-attributes`, {
          method: 'PATCH',
          json: { [DIXA_ATTRIBUTE_IDS.claimType]: ['broken'] },
        })
      ).status,
    ).toBe(400);
    expect(
      (await api(`${path}/custom-attributes`, { method: 'PATCH', json: { [DIXA_ATTRIBUTE_IDS.contactOnly]: 'x' } }))
        .status,
    ).toBe(400);
    expect(
      (await api(`${path}/claim`, { method: 'PUT', json: { agentId: DEFAULT_DIXA_AGENT, force: false } })).status,
    ).toBe(204);
    expect(
      (
        await api(`${path}/claim`, {
          method: 'PUT',
          json: { agentId: '00000000-0000-4000-8000-000000000000', force: false },
        })
      ).status,
    ).toBe(404);
    expect((await api(`${path}/notes`, { method: 'POST', json: { message: 'internal' } })).status).toBe(201);
    const [stored] = dixa.state.conversations;
    expect(stored).toMatchObject({
      tags: ['resolve', 'wants-refund'],
      customAttributes: { [DIXA_ATTRIBUTE_IDS.orderNumber]: '#1001', [DIXA_ATTRIBUTE_IDS.claimType]: ['defective'] },
      assignedAgentId: DEFAULT_DIXA_AGENT,
    });
    expect(stored!.notes.map((n) => n.message)).toEqual(['internal']);
  });

  it('lists conversations on GET / with everything escaped', async () => {
    const requester = await endUser('jane@example.com', '<i>Jane</i>');
    await api('/v1/conversations', {
      method: 'POST',
      json: conversation(
        requester,
        { subject: '<script>alert(1)</script>' },
        { content: { _type: 'Html', value: '<img src=x onerror=alert(2)>' } },
      ),
    });
    await api(`/v1/conversations/${dixa.state.conversations[0]!.id}/tags/bulk`, {
      method: 'POST',
      json: { data: [{ name: '<b>tag</b>' }] },
    });
    const page = await (await fetch(`${dixa.origin}/`)).text();
    expect(page).not.toMatch(/<script>alert|<img src=x|<b>tag|<i>Jane/);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('srcdoc="&lt;img src=x onerror=alert(2)&gt;"');
  });
});
