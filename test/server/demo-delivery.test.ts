import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoStack, type DemoStack } from '../../demo/stack.js';
import { allDelivered, merchantClient, submitClaim } from './delivery-support.js';

/**
 * `npm run demo`'s wiring: the demo shop's Gorgias and Dixa integrations and webhook are
 * configured (and verified) through the merchant API at start, so a claim submitted on the demo
 * becomes a ticket, a conversation and a signed webhook, each listed on its stand-in's page with
 * its photos. The API's public origin is `api.localhost`, so Dixa's photo downloads prove the
 * `*.localhost` mapping too.
 */
describe('demo stack delivery', () => {
  let stack: DemoStack;
  beforeAll(async () => {
    stack = await startDemoStack({ log: () => {} });
  });
  afterAll(async () => {
    await stack.close();
  });

  it('delivers a claim on the demo shop to both stand-ins and the webhook receiver', async () => {
    const url = (path: string) => `http://127.0.0.1:${stack.api.port}${path}`;
    const merchant = merchantClient(
      url,
      `Basic ${Buffer.from(`${stack.username}:${stack.apiKey}`).toString('base64')}`,
      stack.shopSlug,
    );
    const claim = await submitClaim(url, stack.shopSlug, '1001', {}, { zipCode: '10119', sku: 'MUG-STONE-01' });
    await merchant.waitFor(claim.uuid, allDelivered(3));

    const [ticket] = stack.helpdesks.gorgias.state.ticketsFor(claim.uuid);
    expect(ticket?.messages[0]?.attachments).toHaveLength(3);
    expect(ticket?.tags.map((tag) => tag.name)).toContain('shipment-delivered');
    const [conversation] = stack.helpdesks.dixa.state.conversationsFor(claim.uuid);
    expect(conversation?.messages[0]?.attachments).toHaveLength(3);
    expect(stack.helpdesks.receiver.received[0]).toMatchObject({ event: 'claims/created', signatureValid: true });

    const gorgiasPage = await (await fetch(stack.helpdesks.gorgias.origin)).text();
    expect(gorgiasPage).toContain('#1001');
    expect(gorgiasPage).toMatch(/<img [^>]*src="[^"]*\/uploads\//);
    const dixaPage = await (await fetch(stack.helpdesks.dixa.origin)).text();
    expect(dixaPage).toContain(claim.uuid.slice(0, 8));
    expect(dixaPage).toContain('<img');
    const receiverPage = await (await fetch(stack.helpdesks.receiver.origin)).text();
    expect(receiverPage).toContain('signature ✅ valid');
    expect(stack.helpdesks.pages.gorgias).toMatch(/^http:\/\/gorgias\.localhost:\d+$/);
  });
});
