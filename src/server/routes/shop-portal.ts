import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ClaimEvent } from '../../core/claim-events.js';
import type {
  IntegrationAvailability,
  IntegrationProvider,
  ShopProfile,
  WebhookDelivery,
  WebhookTestResult,
} from '../../core/portal.js';
import { merchantAuth, type AppEnv } from '../auth.js';
import type { ServerContext } from '../context.js';
import { listDixaAgents, listDixaConversationAttributes, listDixaEmailEndpoints } from '../delivery/dixa.js';
import { DeliveryError } from '../delivery/errors.js';
import { listGorgiasTicketFields } from '../delivery/gorgias.js';
import { deliverWebhook } from '../delivery/webhooks.js';
import { ApiError } from '../errors.js';
import { errorMessage, languageFromAcceptLanguage } from '../i18n.js';
import { DELIVERY_COLUMNS, deliveryView, type DeliveryRow } from '../delivery-jobs.js';
import { integrationSecretContext, readDixa, readGorgias } from '../integration-settings.js';
import { findWebhook, webhookSecretContext } from '../webhook-store.js';
import { readShopPolicy, requireIntegrationAvailable } from '../shop-policy.js';
import type { Shop } from '../shops.js';
import { isUuid } from '../request-input.js';
import { parseDeliveryProgress } from '../delivery/progress.js';
import { helpdeskOptions } from './helpdesk-options.js';

const RECENT_DELIVERIES = 20;

/**
 * Merchant routes the portal's pages need beyond the settings themselves (same authentication as
 * every merchant route: API key or a member's session):
 *
 * - `GET /v1/shops/{slug}/profile`, `GET /v1/shops/{slug}/integrations` (availability and state);
 * - the helpdesk's own lists to choose from, asked with the stored credentials:
 *   `…/integrations/gorgias/custom-fields`, `…/integrations/dixa/email-endpoints|agents|custom-attributes`;
 * - `POST …/webhooks/{uuid}/test` (a signed sample event, sent now) and `GET …/webhooks/{uuid}/deliveries`.
 */
export function shopPortalRoutes(ctx: ServerContext): Hono<AppEnv> {
  const { db, delivery } = ctx;
  const app = new Hono<AppEnv>();
  const auth = merchantAuth(ctx);
  const { connector, gorgias: gorgiasOptions, dixa: dixaOptions } = helpdeskOptions(ctx);

  app.get('/v1/shops/:slug/profile', auth, async (c) => {
    const shop = c.get('shop');
    const policy = await readShopPolicy(db, shop);
    const profile: ShopProfile = {
      slug: shop.slug,
      name: shop.name,
      role: c.get('role'),
      trusted: policy.trusted,
      api_origin: ctx.publicOrigin,
      app_origin: ctx.appOrigin,
      integrations: policy.integrations,
    };
    return c.json(profile);
  });

  app.get('/v1/shops/:slug/integrations', auth, async (c) => {
    const shop = c.get('shop');
    const policy = await readShopPolicy(db, shop);
    const [gorgias, dixa] = await Promise.all([readGorgias(db, shop.id), readDixa(db, shop.id)]);
    const answer: IntegrationAvailability = {
      gorgias: {
        available: policy.integrations.gorgias,
        configured: Boolean(gorgias),
        enabled: Boolean(gorgias?.enabled),
      },
      dixa: { available: policy.integrations.dixa, configured: Boolean(dixa), enabled: Boolean(dixa?.enabled) },
    };
    return c.json(answer);
  });

  // -------------------------------------------------------------------------------------------
  // The helpdesk's lists, for the settings pages to choose from

  const gorgiasCredentials = async (shop: Shop) => {
    await requireIntegrationAvailable(db, shop, 'gorgias');
    const stored = await readGorgias(db, shop.id);
    if (!stored) throw new ApiError(404, 'integration_not_found');
    const apiKey = await delivery.keyring.open(stored.sealedKey, integrationSecretContext(shop.id, 'gorgias'));
    return { endpoint: stored.endpoint, email: stored.email, api_key: apiKey };
  };
  const dixaToken = async (shop: Shop) => {
    await requireIntegrationAvailable(db, shop, 'dixa');
    const stored = await readDixa(db, shop.id);
    if (!stored) throw new ApiError(404, 'integration_not_found');
    return delivery.keyring.open(stored.sealedToken, integrationSecretContext(shop.id, 'dixa'));
  };

  app.get('/v1/shops/:slug/integrations/gorgias/custom-fields', auth, async (c) => {
    const credentials = await gorgiasCredentials(c.get('shop'));
    const fields = await askHelpdesk('gorgias', () => listGorgiasTicketFields(credentials, gorgiasOptions));
    const data = fields
      .filter((field) => !field.deactivated_datetime)
      .map((field) => ({
        id: field.id,
        label: field.label,
        data_type: field.definition.data_type,
        ...(field.definition.input_settings?.choices ? { choices: field.definition.input_settings.choices } : {}),
      }));
    return c.json({ data });
  });

  app.get('/v1/shops/:slug/integrations/dixa/email-endpoints', auth, async (c) => {
    const token = await dixaToken(c.get('shop'));
    return c.json({ data: await askHelpdesk('dixa', () => listDixaEmailEndpoints(token, dixaOptions)) });
  });

  app.get('/v1/shops/:slug/integrations/dixa/agents', auth, async (c) => {
    const token = await dixaToken(c.get('shop'));
    const agents = await askHelpdesk('dixa', () => listDixaAgents(token, dixaOptions));
    return c.json({
      data: agents.map((agent) => ({ id: agent.id, name: agent.displayName ?? null, email: agent.email ?? null })),
    });
  });

  app.get('/v1/shops/:slug/integrations/dixa/custom-attributes', auth, async (c) => {
    const token = await dixaToken(c.get('shop'));
    const attributes = await askHelpdesk('dixa', () => listDixaConversationAttributes(token, dixaOptions));
    return c.json({
      data: attributes.map((attribute) => ({
        id: attribute.id,
        label: attribute.label,
        type: attribute.inputDefinition._type,
      })),
    });
  });

  // -------------------------------------------------------------------------------------------
  // Webhooks: a test event now, and the last deliveries

  const webhookFromPath = async (c: Context<AppEnv>) => {
    const id = c.req.param('uuid') ?? '';
    const row = isUuid(id) ? await findWebhook(db, c.get('shop').id, id.toLowerCase()) : undefined;
    if (!row) throw new ApiError(404, 'webhook_not_found');
    return row;
  };

  app.post('/v1/shops/:slug/webhooks/:uuid/test', auth, async (c) => {
    const shop = c.get('shop');
    const webhook = await webhookFromPath(c);
    const secret = await delivery.keyring.open(webhook.secret_sealed, webhookSecretContext(webhook.id));
    const event = sampleEvent(shop);
    // Its own delivery id, sent as Karla-Event-Id and returned, so the merchant can find it at the receiver.
    const eventId = randomUUID();
    const started = performance.now();
    let result: WebhookTestResult;
    try {
      const sent = await deliverWebhook(webhook.url, secret, event, eventId, {
        ...connector,
        allowInsecureHostsForTesting: delivery.allowLoopbackHosts,
      });
      result = { delivered: true, status: sent.status, error: null, event_ref: eventId, duration_ms: 0 };
    } catch (error) {
      if (!(error instanceof DeliveryError)) throw error;
      const language = languageFromAcceptLanguage(c.req.header('accept-language'));
      result = {
        delivered: false,
        status: error.status,
        error: { key: error.key, message: errorMessage(error.key, language) },
        event_ref: eventId,
        duration_ms: 0,
      };
    }
    result.duration_ms = Math.round(performance.now() - started);
    return c.json(result);
  });

  app.get('/v1/shops/:slug/webhooks/:uuid/deliveries', auth, async (c) => {
    const webhook = await webhookFromPath(c);
    const rows = await db.query<DeliveryRow>(
      `SELECT ${DELIVERY_COLUMNS} FROM deliveries WHERE shop_id = $1 AND webhook_id = $2 ORDER BY created_at DESC, id LIMIT $3`,
      [c.get('shop').id, webhook.id, RECENT_DELIVERIES],
    );
    const data: WebhookDelivery[] = rows.map((row) => {
      const view = deliveryView(row);
      // Delivered: the receiver's 2xx, kept with the job; otherwise the status of the last failure, if any.
      const answered = parseDeliveryProgress(row.progress).answer_status;
      const answerStatus =
        view.state === 'delivered' && answered !== undefined ? answered : (view.last_error?.status ?? null);
      return { ...view, answer_status: answerStatus };
    });
    return c.json({ data });
  });

  return app;
}

/**
 * One call to the helpdesk for a list. Its refusals keep their keys (a revoked key is
 * `gorgias_auth_failed`, 422); an unreachable or failing helpdesk is 502, as for the settings PUT.
 */
async function askHelpdesk<T>(provider: IntegrationProvider, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof DeliveryError)) throw error;
    const status: ContentfulStatusCode = error.retryable ? 502 : 422;
    throw new ApiError(status, error.key, [{ loc: ['integration', provider], msg: error.message, type: error.key }]);
  }
}

/** A `claims/created` event as receivers get them, recognisably a test (fixed sample claim, example.com customer). */
function sampleEvent(shop: Shop): ClaimEvent {
  const now = new Date().toISOString();
  const claimId = '00000000-0000-4000-8000-000000000000';
  return {
    source: 'claims',
    ref: 'claims/created',
    version: 1,
    triggered_at: now,
    event_group: 'claim_created',
    event_data: {
      claim_id: claimId,
      event_name: 'created',
      event_group: 'claim_created',
      created_at: now,
      updated_at: now,
      resolution_preference: 'refund',
      reason: 'partial_damage',
      status: 'pending',
      description: 'Test event sent from the Resolve portal.',
      customer_signature_image_url: null,
      selected_items: [],
      image_urls: [],
      optional_image_urls: [],
      flow_type: 'defective',
    },
    context: {
      order: {
        id: '00000000-0000-4000-8000-000000000001',
        external_id: 'test-order-0001',
        external_customer_id: 'test-customer-0001',
        order_number: 'TEST-0001',
        zip_code: '00000',
        currency: 'EUR',
        placed_at: now,
        address: null,
      },
      customer: {
        external_id: 'test-customer-0001',
        name: 'Test Customer',
        first_name: 'Test',
        last_name: 'Customer',
        email: 'test.customer@example.com',
      },
      shipments: [],
      claims: [{ uuid: claimId, status: 'pending', reason: 'partial_damage' }],
    },
    shop_slug: shop.slug,
    shop_id: shop.id,
  };
}
