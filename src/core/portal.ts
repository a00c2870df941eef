import * as z from 'zod/mini';
import { allowListEntrySchema } from './embed-config.js';
import { embedConfigSchema } from './embed-config.js';
import { deliverySchema } from './integrations.js';
import { pageOf } from './orders.js';
import { SHOP_SLUG_PATTERN } from './shop-slug.js';
import { storableString, storableText } from './stored-text.js';

/**
 * The merchant portal's contract with the reference API: accounts, sessions, the shop profile,
 * integration availability, the operator's routes and the lists the settings pages choose from.
 *
 * The portal signs in with `POST /v1/portal/session` and from then on uses the SAME merchant
 * routes as API-key clients (`/v1/shops/{slug}/…`, schemas in integrations.ts, embed-config.ts,
 * webhooks.ts, claims.ts, resolve-settings.ts), authenticated by the session cookie instead of HTTP
 * Basic. Every state-changing request with a session cookie must carry `X-CSRF-Token` (from the
 * session answer) and come from the API's own origin (`Origin` / `Sec-Fetch-Site`); otherwise
 * `403 csrf_failed`.
 *
 * Routes (all JSON; errors are `apiErrorBodySchema`):
 *
 *   Session (cookie `__Host-resolve_session`, or `resolve_session` on loopback http)
 *   POST   /v1/portal/session                    signInRequestSchema → 200 portalSessionSchema (sets the cookie)
 *                                                401 sign_in_failed (unknown email = wrong password), 429 too_many_attempts
 *   GET    /v1/portal/session                    → 200 portalSessionSchema | 401 unauthorized
 *   DELETE /v1/portal/session                    → 204 (CSRF) — the session is revoked server-side
 *   GET    /v1/portal/csrf                       → 200 csrfTokenSchema
 *   POST   /v1/portal/password                   passwordChangeSchema → 200 portalSessionSchema (CSRF);
 *                                                every other session of the user ends; 422 current_password_wrong
 *
 *   Merchant (API key, or a session of a member/admin of the shop, or an operator;
 *   members: reads only → 403 forbidden on writes; another shop: 404 shop_not_found)
 *   GET    /v1/shops/{slug}/profile              → shopProfileSchema
 *   GET    /v1/shops/{slug}/integrations         → integrationAvailabilitySchema
 *   GET    /v1/shops/{slug}/integrations/gorgias/custom-fields  → gorgiasCustomFieldListSchema
 *   GET    /v1/shops/{slug}/integrations/dixa/email-endpoints   → dixaEmailEndpointListSchema
 *   GET    /v1/shops/{slug}/integrations/dixa/agents            → dixaAgentListSchema
 *   GET    /v1/shops/{slug}/integrations/dixa/custom-attributes → dixaCustomAttributeListSchema
 *            (the four lists ask the helpdesk with the stored credentials: 404 integration_not_found
 *            before they are saved; the helpdesk's refusals as in PUT …/integrations/*)
 *   …/integrations/gorgias|dixa[/…]              403 integration_not_available unless an operator enabled it
 *   GET|PUT /v1/shops/{slug}/resolve/embed-config/settings, PUT …/resolve/embed-config
 *                                                → embedConfigSettingsSchema (allowed_urls = the merchant's
 *                                                list; allowed_url_states = each entry's review state)
 *   POST   /v1/shops/{slug}/webhooks/{uuid}/test        → webhookTestResultSchema (a signed claims/created sample)
 *   GET    /v1/shops/{slug}/webhooks/{uuid}/deliveries  → webhookDeliveryListSchema (newest first, last 20)
 *
 *   Operator (session of a user with the operator flag; anyone else 403 forbidden)
 *   GET    /v1/operator/shops?q=&page=&per_page=  → operatorShopListSchema
 *   POST   /v1/operator/shops                    shopCreateSchema → 201 operatorShopSchema | 409 shop_exists
 *   GET    /v1/operator/shops/{slug}             → operatorShopSchema
 *   PATCH  /v1/operator/shops/{slug}             operatorShopPatchSchema → operatorShopSchema
 *   GET    /v1/operator/allowed-urls?state=pending|live|refused  → pendingAllowedUrlListSchema
 *   POST   /v1/operator/shops/{slug}/allowed-urls/decision  allowedUrlDecisionSchema → allowedUrlStateSchema
 *                                                404 allowed_url_not_found
 *   GET    /v1/operator/shops/{slug}/users       → shopUserListSchema
 *   POST   /v1/operator/shops/{slug}/users       shopUserAddSchema → 201 shopUserAddedSchema
 */

export const CSRF_HEADER = 'X-CSRF-Token';
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

const timestamp = z.iso.datetime({ offset: true });
const slugSchema = z.string().check(z.regex(SHOP_SLUG_PATTERN));

export const emailSchema = z.email().check(z.maxLength(320), storableText());
export const passwordSchema = storableString().check(
  z.minLength(MIN_PASSWORD_LENGTH),
  z.maxLength(MAX_PASSWORD_LENGTH),
);

// ---------------------------------------------------------------------------------------------
// Accounts and sessions

export const SHOP_ROLES = ['admin', 'member'] as const;
export type ShopRole = (typeof SHOP_ROLES)[number];
export const shopRoleSchema = z.enum(SHOP_ROLES);

/** A shop the signed-in user may open, with their role in it. */
export const portalShopSchema = z.object({
  slug: slugSchema,
  name: z.string(),
  role: shopRoleSchema,
});
export type PortalShop = z.infer<typeof portalShopSchema>;

export const portalUserSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  /** Runs the platform: every shop (as an admin) and the operator routes. */
  operator: z.boolean(),
});
export type PortalUser = z.infer<typeof portalUserSchema>;

/** `GET|POST /v1/portal/session`, `POST /v1/portal/password`: who is signed in, where, and the CSRF token. */
export const portalSessionSchema = z.object({
  user: portalUserSchema,
  /** The shops of the user's memberships (operators: their memberships only; all shops are in /v1/operator/shops). */
  shops: z.array(portalShopSchema),
  csrf_token: z.string(),
  expires_at: timestamp,
});
export type PortalSession = z.infer<typeof portalSessionSchema>;

/** `POST /v1/portal/session`. Only lengths here: a wrong shape is the same `sign_in_failed` as a wrong password. */
export const signInRequestSchema = z.object({
  email: storableString().check(z.maxLength(320)),
  password: storableString().check(z.maxLength(MAX_PASSWORD_LENGTH)),
});
export type SignInRequest = z.infer<typeof signInRequestSchema>;

/** `POST /v1/portal/password`. */
export const passwordChangeSchema = z.object({
  current_password: storableString().check(z.maxLength(MAX_PASSWORD_LENGTH)),
  new_password: passwordSchema,
});
export type PasswordChange = z.infer<typeof passwordChangeSchema>;

/** `GET /v1/portal/csrf`. */
export const csrfTokenSchema = z.object({ csrf_token: z.string() });

// ---------------------------------------------------------------------------------------------
// Shop profile and integrations

export const INTEGRATION_PROVIDERS = ['gorgias', 'dixa'] as const;
export type IntegrationProvider = (typeof INTEGRATION_PROVIDERS)[number];

/** Which helpdesks an operator enabled for the shop (the portal shows only those). */
export const integrationFlagsSchema = z.object({ gorgias: z.boolean(), dixa: z.boolean() });
export type IntegrationFlags = z.infer<typeof integrationFlagsSchema>;

const integrationStatusSchema = z.object({
  /** An operator enabled it for this shop; otherwise every route of it answers 403 integration_not_available. */
  available: z.boolean(),
  /** Settings were saved (credentials verified). */
  configured: z.boolean(),
  /** Claims are delivered to it. */
  enabled: z.boolean(),
});

/** `GET /v1/shops/{slug}/integrations`. */
export const integrationAvailabilitySchema = z.object({
  gorgias: integrationStatusSchema,
  dixa: integrationStatusSchema,
});
export type IntegrationAvailability = z.infer<typeof integrationAvailabilitySchema>;

/** `GET /v1/shops/{slug}/profile`: what the Shop profile page and its snippets need. */
export const shopProfileSchema = z.object({
  slug: slugSchema,
  name: z.string(),
  /** The caller's role here (`admin` for API keys and operators). */
  role: shopRoleSchema,
  /** Allow-list entries publish directly, without an operator's review. */
  trusted: z.boolean(),
  /** For the snippets: `data-api-origin` and the origin serving `/embed/bundle.min.js`. */
  api_origin: z.string(),
  app_origin: z.string(),
  integrations: integrationFlagsSchema,
});
export type ShopProfile = z.infer<typeof shopProfileSchema>;

/** `GET …/integrations/gorgias/custom-fields`: active ticket fields of the account. */
export const gorgiasCustomFieldOptionSchema = z.object({
  id: z.int(),
  label: z.string(),
  data_type: z.string(),
  choices: z.optional(z.array(z.union([z.string(), z.number(), z.boolean()]))),
});
export const gorgiasCustomFieldListSchema = z.object({ data: z.array(gorgiasCustomFieldOptionSchema) });
export type GorgiasCustomFieldOption = z.infer<typeof gorgiasCustomFieldOptionSchema>;

/** `GET …/integrations/dixa/email-endpoints`: the account's email contact endpoints (the email integration IDs). */
export const dixaEmailEndpointSchema = z.object({ address: z.string(), name: z.nullable(z.string()) });
export const dixaEmailEndpointListSchema = z.object({ data: z.array(dixaEmailEndpointSchema) });
export type DixaEmailEndpoint = z.infer<typeof dixaEmailEndpointSchema>;

/** `GET …/integrations/dixa/agents`: candidates for the default agent. */
export const dixaAgentSchema = z.object({
  id: z.string(),
  name: z.nullable(z.string()),
  email: z.nullable(z.string()),
});
export const dixaAgentListSchema = z.object({ data: z.array(dixaAgentSchema) });
export type DixaAgent = z.infer<typeof dixaAgentSchema>;

/** `GET …/integrations/dixa/custom-attributes`: conversation attributes a claim field can fill. */
export const dixaCustomAttributeOptionSchema = z.object({ id: z.string(), label: z.string(), type: z.string() });
export const dixaCustomAttributeListSchema = z.object({ data: z.array(dixaCustomAttributeOptionSchema) });
export type DixaCustomAttributeOption = z.infer<typeof dixaCustomAttributeOptionSchema>;

// ---------------------------------------------------------------------------------------------
// Allow-list review

/**
 * `pending`: added by the merchant, waiting for an operator (not served to the bundle).
 * `live`: served by the public embed config. `refused`: an operator said no (not served).
 */
export const ALLOWED_URL_STATES = ['pending', 'live', 'refused'] as const;
export type AllowedUrlState = (typeof ALLOWED_URL_STATES)[number];

export const allowedUrlStateSchema = z.object({
  url: z.string(),
  state: z.enum(ALLOWED_URL_STATES),
  created_at: timestamp,
  decided_at: z.nullable(timestamp),
});
export type AllowedUrlStateEntry = z.infer<typeof allowedUrlStateSchema>;

/**
 * The merchant's view of the embed config (`GET|PUT …/resolve/embed-config/settings`, and the answer
 * to `PUT …/resolve/embed-config`): `allowed_urls` is everything the merchant listed; the public
 * config serves only the `live` ones.
 */
export const embedConfigSettingsSchema = z.extend(embedConfigSchema, {
  allowed_url_states: z.array(allowedUrlStateSchema),
});
export type EmbedConfigSettings = z.infer<typeof embedConfigSettingsSchema>;

// ---------------------------------------------------------------------------------------------
// Webhooks

/** `POST …/webhooks/{uuid}/test`: a signed `claims/created` sample, sent now (not queued, not retried). */
export const webhookTestResultSchema = z.object({
  delivered: z.boolean(),
  /** The receiver's HTTP status, when it answered. */
  status: z.nullable(z.int()),
  /** Why it failed, in the caller's language (null when delivered). */
  error: z.nullable(z.object({ key: z.string(), message: z.string() })),
  event_ref: z.uuid(),
  duration_ms: z.number(),
});
export type WebhookTestResult = z.infer<typeof webhookTestResultSchema>;

/** One delivery of a claim event to this webhook; `answer_status` is the receiver's last HTTP status when known. */
export const webhookDeliverySchema = z.extend(deliverySchema, { answer_status: z.nullable(z.int()) });
export const webhookDeliveryListSchema = z.object({ data: z.array(webhookDeliverySchema) });
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;

// ---------------------------------------------------------------------------------------------
// Operator

export const operatorShopSchema = z.object({
  slug: slugSchema,
  name: z.string(),
  trusted: z.boolean(),
  integrations: integrationFlagsSchema,
  pending_urls: z.int().check(z.gte(0)),
  created_at: timestamp,
});
export type OperatorShop = z.infer<typeof operatorShopSchema>;

export const operatorShopListSchema = pageOf(operatorShopSchema);
export type OperatorShopList = z.infer<typeof operatorShopListSchema>;

/** `GET /v1/operator/shops` query: `q` matches slug or name (case-insensitive substring). */
export const operatorShopQuerySchema = z.object({ q: z.optional(storableString().check(z.maxLength(100))) });

/** `POST /v1/operator/shops`. */
export const shopCreateSchema = z.object({
  slug: slugSchema,
  name: storableString().check(z.trim(), z.minLength(1), z.maxLength(200)),
});
export type ShopCreate = z.infer<typeof shopCreateSchema>;

/** `PATCH /v1/operator/shops/{slug}`. */
export const operatorShopPatchSchema = z.object({
  name: z.optional(storableString().check(z.trim(), z.minLength(1), z.maxLength(200))),
  trusted: z.optional(z.boolean()),
  integrations: z.optional(z.partial(integrationFlagsSchema)),
});
export type OperatorShopPatch = z.infer<typeof operatorShopPatchSchema>;

/** `GET /v1/operator/allowed-urls`: entries of every shop, oldest first. */
export const pendingAllowedUrlSchema = z.extend(allowedUrlStateSchema, {
  shop_slug: slugSchema,
  shop_name: z.string(),
});
export const pendingAllowedUrlListSchema = z.object({ data: z.array(pendingAllowedUrlSchema) });
export type PendingAllowedUrl = z.infer<typeof pendingAllowedUrlSchema>;
export const allowedUrlQuerySchema = z.object({ state: z.optional(z.enum(ALLOWED_URL_STATES)) });

/** `POST /v1/operator/shops/{slug}/allowed-urls/decision`. */
export const allowedUrlDecisionSchema = z.object({
  url: allowListEntrySchema,
  decision: z.enum(['approve', 'refuse']),
});
export type AllowedUrlDecision = z.infer<typeof allowedUrlDecisionSchema>;

export const shopUserSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  role: shopRoleSchema,
  created_at: timestamp,
});
export type ShopUser = z.infer<typeof shopUserSchema>;
export const shopUserListSchema = z.object({ data: z.array(shopUserSchema) });

/** `POST /v1/operator/shops/{slug}/users`: adds a membership, creating the account when the email is new. */
export const shopUserAddSchema = z.object({ email: emailSchema, role: shopRoleSchema });
export type ShopUserAdd = z.infer<typeof shopUserAddSchema>;

/** A new account's one-time password is shown here once (null when the account existed). */
export const shopUserAddedSchema = z.object({ user: shopUserSchema, one_time_password: z.nullable(z.string()) });
export type ShopUserAdded = z.infer<typeof shopUserAddedSchema>;

/** Error keys the portal routes add (messages in `errors` of every locales/*.json). */
export const PORTAL_ERROR_KEYS = [
  'sign_in_failed',
  'csrf_failed',
  'forbidden',
  'integration_not_available',
  'current_password_wrong',
  'shop_exists',
  'allowed_url_not_found',
] as const;
export type PortalErrorKey = (typeof PORTAL_ERROR_KEYS)[number];
