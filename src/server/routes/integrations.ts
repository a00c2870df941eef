import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiErrorDetail } from '../../core/api-error.js';
import {
  DEFAULT_HELPDESK_TAGS,
  dixaSettingsInputSchema,
  dixaSettingsPatchSchema,
  gorgiasSettingsInputSchema,
  gorgiasSettingsPatchSchema,
  type IntegrationErrorKey,
} from '../../core/integrations.js';
import { paginationQuerySchema } from '../../core/orders.js';
import { DEFAULT_WEBHOOK_EVENTS, webhookCreateSchema, webhookUpdateSchema } from '../../core/webhooks.js';
import { integrationAuth, merchantAuth, type AppEnv } from '../auth.js';
import { actorOf } from '../claim-activity.js';
import { findClaim } from '../claims.js';
import type { ServerContext } from '../context.js';
import type { FieldError, Verification } from '../delivery/common.js';
import { normalizeDixaSettings, verifyDixaEmailIntegration, verifyDixaToken } from '../delivery/dixa.js';
import { normalizeGorgiasCredentials, verifyGorgiasCredentials } from '../delivery/gorgias.js';
import { generateWebhookSecret, validateWebhookUrl } from '../delivery/webhooks.js';
import { ApiError } from '../errors.js';
import { errorMessage } from '../i18n.js';
import { deliveryView, listClaimDeliveries, requeueDelivery } from '../delivery-jobs.js';
import {
  deleteIntegration,
  dixaView,
  gorgiasView,
  integrationSecretContext,
  patchIntegration,
  readDixa,
  readGorgias,
  writeIntegration,
  type Provider,
} from '../integration-settings.js';
import { readJsonBody } from '../json-body.js';
import type { Shop } from '../shops.js';
import {
  createWebhook,
  deleteWebhook,
  findWebhook,
  listWebhooks,
  updateWebhook,
  webhookView,
} from '../webhook-store.js';
import { isUuid, parseInput } from '../request-input.js';
import { helpdeskOptions } from './helpdesk-options.js';

/** Settings that do not normalize: every field's problem at once, the first one's key on top. */
function invalidFields(errors: readonly FieldError[]): ApiError {
  const details: ApiErrorDetail[] = errors.map((error) => ({
    loc: ['body', error.field],
    msg: errorMessage(error.key, 'en'),
    type: error.key,
  }));
  return new ApiError(422, errors[0]?.key ?? 'validation_failed', details);
}

/**
 * The helpdesk said no (or could not be asked): its key on top (`gorgias_auth_failed`, …), the
 * field it concerns in `errors[].loc`, the helpdesk's own words in `errors[].msg`. Refusals are
 * 422 (the merchant's input is wrong); an unreachable or failing helpdesk is 502 (try again).
 */
function verificationFailed(
  failure: Extract<Verification<unknown>, { ok: false }>,
  field: (key: IntegrationErrorKey) => string,
): ApiError {
  const status: ContentfulStatusCode = failure.retryable ? 502 : 422;
  return new ApiError(status, failure.key, [
    { loc: ['body', field(failure.key)], msg: failure.message, type: failure.key },
  ]);
}

const gorgiasField = (key: IntegrationErrorKey) =>
  key === 'gorgias_account_not_found' || key.startsWith('gorgias_endpoint')
    ? 'endpoint'
    : key === 'gorgias_email_invalid'
      ? 'email'
      : 'api_key';
const dixaField = (key: IntegrationErrorKey) =>
  key.startsWith('dixa_email_integration')
    ? 'email_integration_id'
    : key === 'dixa_agent_id_invalid'
      ? 'default_agent_id'
      : 'api_token';

/**
 * Merchant endpoints (HTTP Basic) for helpdesk integrations, webhooks and claim deliveries:
 *
 * - `GET|PUT|PATCH|DELETE /v1/shops/{slug}/integrations/gorgias|dixa`: PUT normalizes and checks
 *   the credentials against the helpdesk before anything is stored; PATCH toggles and edits the
 *   non-secret settings; answers mask secrets.
 * - `POST|GET /v1/shops/{slug}/webhooks`, `GET|PATCH|DELETE /v1/shops/{slug}/webhooks/{uuid}`.
 * - `GET /v1/shops/{slug}/claims/{uuid}/deliveries`, `POST .../deliveries/{id}/retry`.
 */
export function integrationRoutes(ctx: ServerContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const auth = merchantAuth(ctx);
  // A helpdesk an operator has not enabled for the shop does not exist for its merchant.
  const authFor = { gorgias: integrationAuth(ctx, 'gorgias'), dixa: integrationAuth(ctx, 'dixa') };
  const { delivery } = ctx;
  const { gorgias: gorgiasOptions, dixa: dixaOptions } = helpdeskOptions(ctx);
  const openStored = (shop: Shop, provider: Provider, sealed: string) =>
    delivery.keyring.open(sealed, integrationSecretContext(shop.id, provider));

  // -------------------------------------------------------------------------------------------
  // Gorgias

  app.get('/v1/shops/:slug/integrations/gorgias', authFor.gorgias, async (c) => {
    const stored = await readGorgias(ctx.db, c.get('shop').id);
    if (!stored) throw new ApiError(404, 'integration_not_found');
    return c.json(gorgiasView(stored));
  });

  app.put('/v1/shops/:slug/integrations/gorgias', authFor.gorgias, async (c) => {
    const shop = c.get('shop');
    const input = parseInput(gorgiasSettingsInputSchema, await readJsonBody(c), 'body');
    const stored = await readGorgias(ctx.db, shop.id);
    // An omitted (or blank) key keeps the stored one: the merchant only ever sees its preview.
    const newKey = input.api_key?.trim() ? input.api_key : undefined;
    const apiKey = newKey ?? (stored ? await openStored(shop, 'gorgias', stored.sealedKey) : '');
    const normalized = normalizeGorgiasCredentials(
      { endpoint: input.endpoint, email: input.email, api_key: apiKey },
      gorgiasOptions,
    );
    if (!normalized.ok) throw invalidFields(normalized.errors);
    const verified = await verifyGorgiasCredentials(normalized.value, gorgiasOptions);
    if (!verified.ok) throw verificationFailed(verified, gorgiasField);
    await writeIntegration(ctx.db, delivery.keyring, shop.id, 'gorgias', {
      enabled: input.enabled ?? stored?.enabled ?? false,
      config: { endpoint: normalized.value.endpoint, email: normalized.value.email },
      secret: newKey === undefined ? undefined : normalized.value.api_key,
      tags: input.tags ?? stored?.tags ?? DEFAULT_HELPDESK_TAGS,
      fieldMappings: input.custom_fields ?? stored?.customFields ?? [],
      verified: true,
    });
    const saved = await readGorgias(ctx.db, shop.id);
    if (!saved) throw new Error('gorgias settings vanished after saving');
    return c.json(gorgiasView(saved), stored ? 200 : 201);
  });

  app.patch('/v1/shops/:slug/integrations/gorgias', authFor.gorgias, async (c) => {
    const shop = c.get('shop');
    const patch = parseInput(gorgiasSettingsPatchSchema, await readJsonBody(c), 'body');
    if (!(await readGorgias(ctx.db, shop.id))) throw new ApiError(404, 'integration_not_found');
    await patchIntegration(ctx.db, shop.id, 'gorgias', {
      enabled: patch.enabled,
      tags: patch.tags,
      fieldMappings: patch.custom_fields,
    });
    const saved = await readGorgias(ctx.db, shop.id);
    if (!saved) throw new ApiError(404, 'integration_not_found');
    return c.json(gorgiasView(saved));
  });

  // -------------------------------------------------------------------------------------------
  // Dixa

  app.get('/v1/shops/:slug/integrations/dixa', authFor.dixa, async (c) => {
    const stored = await readDixa(ctx.db, c.get('shop').id);
    if (!stored) throw new ApiError(404, 'integration_not_found');
    return c.json(dixaView(stored));
  });

  app.put('/v1/shops/:slug/integrations/dixa', authFor.dixa, async (c) => {
    const shop = c.get('shop');
    const input = parseInput(dixaSettingsInputSchema, await readJsonBody(c), 'body');
    const stored = await readDixa(ctx.db, shop.id);
    const newToken = input.api_token?.trim() ? input.api_token : undefined;
    const token = newToken ?? (stored ? await openStored(shop, 'dixa', stored.sealedToken) : '');
    const normalized = normalizeDixaSettings({
      api_token: token,
      email_integration_id:
        input.email_integration_id === undefined ? stored?.emailIntegrationId : input.email_integration_id,
      default_agent_id: input.default_agent_id === undefined ? stored?.defaultAgentId : input.default_agent_id,
    });
    if (!normalized.ok) throw invalidFields(normalized.errors);
    const values = normalized.value;
    const enabled = input.enabled ?? stored?.enabled ?? false;
    if (enabled && !values.email_integration_id) throw emailIntegrationRequired('enabled');
    const tokenCheck = await verifyDixaToken(values.api_token, dixaOptions);
    if (!tokenCheck.ok) throw verificationFailed(tokenCheck, dixaField);
    if (values.email_integration_id) {
      // A real EmailEndpoint of this account: not a queue name, an agent's email or another account's address.
      const endpoint = await verifyDixaEmailIntegration(values.api_token, values.email_integration_id, dixaOptions);
      if (!endpoint.ok) throw verificationFailed(endpoint, dixaField);
    }
    await writeIntegration(ctx.db, delivery.keyring, shop.id, 'dixa', {
      enabled,
      config: { email_integration_id: values.email_integration_id, default_agent_id: values.default_agent_id },
      secret: newToken === undefined ? undefined : values.api_token,
      tags: input.tags ?? stored?.tags ?? DEFAULT_HELPDESK_TAGS,
      fieldMappings: input.custom_attributes ?? stored?.customAttributes ?? [],
      verified: true,
    });
    const saved = await readDixa(ctx.db, shop.id);
    if (!saved) throw new Error('dixa settings vanished after saving');
    return c.json(dixaView(saved), stored ? 200 : 201);
  });

  app.patch('/v1/shops/:slug/integrations/dixa', authFor.dixa, async (c) => {
    const shop = c.get('shop');
    const patch = parseInput(dixaSettingsPatchSchema, await readJsonBody(c), 'body');
    const stored = await readDixa(ctx.db, shop.id);
    if (!stored) throw new ApiError(404, 'integration_not_found');
    if (patch.enabled && !stored.emailIntegrationId) throw emailIntegrationRequired('enabled');
    await patchIntegration(ctx.db, shop.id, 'dixa', {
      enabled: patch.enabled,
      tags: patch.tags,
      fieldMappings: patch.custom_attributes,
    });
    const saved = await readDixa(ctx.db, shop.id);
    if (!saved) throw new ApiError(404, 'integration_not_found');
    return c.json(dixaView(saved));
  });

  for (const provider of ['gorgias', 'dixa'] as const) {
    app.delete(`/v1/shops/:slug/integrations/${provider}`, authFor[provider], async (c) => {
      if (!(await deleteIntegration(ctx.db, c.get('shop').id, provider)))
        throw new ApiError(404, 'integration_not_found');
      return c.body(null, 204);
    });
  }

  // -------------------------------------------------------------------------------------------
  // Webhooks

  const checkedUrl = (url: string) => {
    const checked = validateWebhookUrl(url, { allowInsecureHostsForTesting: delivery.allowLoopbackHosts });
    if (!checked.ok)
      throw new ApiError(422, 'webhook_url_invalid', [
        { loc: ['body', 'url'], msg: checked.reason, type: checked.key },
      ]);
    return checked.url;
  };

  app.post('/v1/shops/:slug/webhooks', auth, async (c) => {
    const input = parseInput(webhookCreateSchema, await readJsonBody(c), 'body');
    // Shown in this answer and never again.
    const secret = input.secret ?? generateWebhookSecret();
    const row = await createWebhook(ctx.db, delivery.keyring, c.get('shop').id, {
      url: checkedUrl(input.url),
      description: input.description ?? null,
      enabledEvents: input.enabled_events ?? DEFAULT_WEBHOOK_EVENTS,
      status: input.status ?? 'active',
      secret,
    });
    return c.json({ ...webhookView(row), secret }, 201);
  });

  app.get('/v1/shops/:slug/webhooks', auth, async (c) => {
    const query = parseInput(paginationQuerySchema, c.req.query(), 'query');
    const { rows, total } = await listWebhooks(ctx.db, c.get('shop').id, query.page, query.per_page);
    return c.json({ data: rows.map(webhookView), page: query.page, per_page: query.per_page, total });
  });

  const webhookId = (c: Context<AppEnv>) => {
    const id = c.req.param('uuid') ?? '';
    if (!isUuid(id)) throw new ApiError(404, 'webhook_not_found');
    return id.toLowerCase();
  };

  app.get('/v1/shops/:slug/webhooks/:uuid', auth, async (c) => {
    const row = await findWebhook(ctx.db, c.get('shop').id, webhookId(c));
    if (!row) throw new ApiError(404, 'webhook_not_found');
    return c.json(webhookView(row));
  });

  app.patch('/v1/shops/:slug/webhooks/:uuid', auth, async (c) => {
    const id = webhookId(c);
    const update = parseInput(webhookUpdateSchema, await readJsonBody(c), 'body');
    const row = await updateWebhook(ctx.db, delivery.keyring, c.get('shop').id, id, {
      url: update.url === undefined ? undefined : checkedUrl(update.url),
      description: update.description,
      enabledEvents: update.enabled_events,
      status: update.status,
      secret: update.secret,
    });
    if (!row) throw new ApiError(404, 'webhook_not_found');
    return c.json(update.secret ? { ...webhookView(row), secret: update.secret } : webhookView(row));
  });

  app.delete('/v1/shops/:slug/webhooks/:uuid', auth, async (c) => {
    if (!(await deleteWebhook(ctx.db, c.get('shop').id, webhookId(c)))) throw new ApiError(404, 'webhook_not_found');
    return c.body(null, 204);
  });

  // -------------------------------------------------------------------------------------------
  // Deliveries of a claim

  const claimId = async (c: Context<AppEnv>) => {
    const id = c.req.param('uuid') ?? '';
    const claim = isUuid(id) ? await findClaim(ctx.db, c.get('shop'), id.toLowerCase()) : undefined;
    if (!claim) throw new ApiError(404, 'claim_not_found');
    return claim.id;
  };

  app.get('/v1/shops/:slug/claims/:uuid/deliveries', auth, async (c) => {
    const rows = await listClaimDeliveries(ctx.db, c.get('shop').id, await claimId(c));
    return c.json({ data: rows.map(deliveryView) });
  });

  app.post('/v1/shops/:slug/claims/:uuid/deliveries/:id/retry', auth, async (c) => {
    const claim = await claimId(c);
    const id = c.req.param('id') ?? '';
    if (!isUuid(id)) throw new ApiError(404, 'delivery_not_found');
    const result = await requeueDelivery(
      ctx.db,
      c.get('shop').id,
      claim,
      id.toLowerCase(),
      actorOf(c.get('principal')),
    );
    if (!result.ok) {
      if (result.reason === 'not_found') throw new ApiError(404, 'delivery_not_found');
      throw new ApiError(409, result.reason === 'delivered' ? 'delivery_already_delivered' : 'delivery_in_progress');
    }
    delivery.wake();
    return c.json(deliveryView(result.row), 202);
  });

  return app;
}

function emailIntegrationRequired(field: string): ApiError {
  return new ApiError(422, 'dixa_email_integration_required', [
    {
      loc: ['body', field],
      msg: errorMessage('dixa_email_integration_required', 'en'),
      type: 'dixa_email_integration_required',
    },
  ]);
}
