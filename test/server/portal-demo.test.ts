import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DIXA_AGENT } from '../../demo/dixa-stand-in/state.js';
import { startDemoStack, type DemoStack } from '../../demo/stack.js';
import {
  dixaAgentListSchema,
  dixaCustomAttributeListSchema,
  dixaEmailEndpointListSchema,
  gorgiasCustomFieldListSchema,
  webhookDeliveryListSchema,
  webhookTestResultSchema,
} from '../../src/core/portal.js';
import { webhookListSchema, webhookWithSecretSchema } from '../../src/core/webhooks.js';
import { submitClaim } from './delivery-support.js';
import { signIn, type PortalClient } from './portal-support.js';

/**
 * The demo's portal: the printed accounts sign in at the API origin, and through them the settings
 * pages' pick lists come from the demo's Gorgias and Dixa stand-ins; webhook test events reach the
 * demo receiver signed; a webhook's last deliveries are listed.
 */
describe('demo portal accounts, helpdesk pick lists and webhook tests', () => {
  let stack: DemoStack;
  let admin: PortalClient;
  const base = () => `http://127.0.0.1:${stack.api.port}`;
  const shopPath = (path: string) => `/v1/shops/${stack.shopSlug}${path}`;

  beforeAll(async () => {
    stack = await startDemoStack({ log: () => {} });
    admin = await signIn(
      stack.api.origin,
      stack.portalAccounts.admin.email,
      stack.portalAccounts.admin.password,
      base(),
    );
  }, 240_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('prints the portal URL on the API origin and accounts that sign in with their roles', async () => {
    expect(stack.portalUrl).toBe(`${stack.api.origin}/portal/`);
    expect(admin.session.shops).toEqual([{ slug: 'demo-shop', name: 'Demo Shop', role: 'admin' }]);
    const operator = await signIn(
      stack.api.origin,
      stack.portalAccounts.operator.email,
      stack.portalAccounts.operator.password,
      base(),
    );
    expect(operator.session.user.operator).toBe(true);
    const member = await signIn(
      stack.api.origin,
      stack.portalAccounts.member.email,
      stack.portalAccounts.member.password,
      base(),
    );
    expect(member.session.shops).toEqual([{ slug: 'demo-shop', name: 'Demo Shop', role: 'member' }]);
  });

  it('lists the Gorgias ticket fields, the Dixa email endpoints, agents and conversation attributes with the stored credentials', async () => {
    const fields = gorgiasCustomFieldListSchema.parse(
      await (await admin.call('GET', shopPath('/integrations/gorgias/custom-fields'))).json(),
    );
    expect(fields.data.map((field) => field.id)).toEqual(expect.arrayContaining([11, 12, 13]));
    const endpoints = dixaEmailEndpointListSchema.parse(
      await (await admin.call('GET', shopPath('/integrations/dixa/email-endpoints'))).json(),
    );
    expect(endpoints.data.map((endpoint) => endpoint.address)).toContain('support@acme.email.dixa.io');
    const agents = dixaAgentListSchema.parse(
      await (await admin.call('GET', shopPath('/integrations/dixa/agents'))).json(),
    );
    expect(agents.data.map((agent) => agent.id)).toContain(DEFAULT_DIXA_AGENT);
    const attributes = dixaCustomAttributeListSchema.parse(
      await (await admin.call('GET', shopPath('/integrations/dixa/custom-attributes'))).json(),
    );
    expect(attributes.data.length).toBeGreaterThan(0);
  });

  it('sends a signed test event to a webhook and says what the receiver answered; a dead receiver is reported, not thrown', async () => {
    const hooks = webhookListSchema.parse(await (await admin.call('GET', shopPath('/webhooks'))).json());
    const hook = hooks.data[0];
    expect(hook).toBeTruthy();
    const before = stack.helpdesks.receiver.received.length;
    const result = webhookTestResultSchema.parse(
      await (await admin.call('POST', shopPath(`/webhooks/${hook?.uuid}/test`))).json(),
    );
    expect(result).toMatchObject({ delivered: true, error: null });
    expect(result.status).toBeGreaterThanOrEqual(200);
    expect(result.status).toBeLessThan(300);
    expect(stack.helpdesks.receiver.received.length).toBe(before + 1);
    expect(stack.helpdesks.receiver.received[0]).toMatchObject({
      ref: result.event_ref,
      signatureValid: true,
      event: 'claims/created',
    });

    const dead = webhookWithSecretSchema.parse(
      await (await admin.call('POST', shopPath('/webhooks'), { url: 'http://127.0.0.1:9/nobody-listens' })).json(),
    );
    const failed = webhookTestResultSchema.parse(
      await (
        await admin.call('POST', shopPath(`/webhooks/${dead.uuid}/test`), undefined, { 'Accept-Language': 'de' })
      ).json(),
    );
    expect(failed.delivered).toBe(false);
    expect(failed.error?.key).toBe('delivery_network_error');
    expect(failed.error?.message).toBeTruthy();
    expect((await admin.call('DELETE', shopPath(`/webhooks/${dead.uuid}`))).status).toBe(204);
  });

  it('lists a webhook’s last deliveries with their state and the receiver’s answer', async () => {
    const hook = webhookListSchema.parse(await (await admin.call('GET', shopPath('/webhooks'))).json()).data[0];
    const claim = await submitClaim(
      (path) => `${base()}${path}`,
      stack.shopSlug,
      '1001',
      {},
      { zipCode: '10119', sku: 'MUG-STONE-01' },
    );
    const deadline = Date.now() + 60_000;
    let deliveries = webhookDeliveryListSchema.parse(
      await (await admin.call('GET', shopPath(`/webhooks/${hook?.uuid}/deliveries`))).json(),
    );
    while (
      !deliveries.data.some((d) => d.claim_id === claim.uuid && d.state === 'delivered') &&
      Date.now() < deadline
    ) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      deliveries = webhookDeliveryListSchema.parse(
        await (await admin.call('GET', shopPath(`/webhooks/${hook?.uuid}/deliveries`))).json(),
      );
    }
    const delivered = deliveries.data.find((d) => d.claim_id === claim.uuid);
    expect(delivered).toMatchObject({
      state: 'delivered',
      event_name: 'claims/created',
      target: 'webhook',
      webhook_id: hook?.uuid,
    });
    // The demo receiver's 2xx, as the merchant sees it in the portal.
    expect(delivered?.answer_status).toBeGreaterThanOrEqual(200);
    expect(delivered?.answer_status).toBeLessThan(300);
  }, 90_000);
});
