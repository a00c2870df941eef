-- Helpdesk integrations, merchant webhooks, and one delivery job per claim and target.

-- One row per shop and helpdesk. `config` holds the normalized, non-secret settings (Gorgias:
-- endpoint, email; Dixa: email_integration_id, default_agent_id); the API key / token is only
-- ever stored sealed (AES-256-GCM, key from SECRETS_KEY or the data directory) next to a preview.
CREATE TABLE integration_settings (
  shop_id uuid NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
  provider text NOT NULL CHECK (provider IN ('gorgias', 'dixa')),
  enabled boolean NOT NULL DEFAULT false,
  config jsonb NOT NULL,
  secret_sealed text NOT NULL,
  secret_preview text NOT NULL,
  -- Tag names per flow type / resolution preference / shipment phase (helpdeskTagSettingsSchema).
  tags jsonb NOT NULL,
  -- Gorgias custom-field or Dixa custom-attribute mappings.
  field_mappings jsonb NOT NULL DEFAULT '[]',
  verified_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (shop_id, provider)
);

CREATE TABLE webhooks (
  id uuid PRIMARY KEY,
  shop_id uuid NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
  url text NOT NULL,
  enabled_events jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('active', 'inactive')),
  secret_sealed text NOT NULL,
  secret_preview text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhooks_shop ON webhooks (shop_id, created_at);

-- Written in the claim's transaction, one per target the event goes to: `gorgias`, `dixa` or
-- `webhook:<uuid>`. Workers lease due rows with FOR UPDATE SKIP LOCKED (a lease moves
-- `next_attempt_at` to its end, so a dead worker's job is simply due again); `lease_token` makes a
-- worker whose lease ran out unable to write over its successor. `progress` is the connector's
-- checkpoint (what was uploaded, that a create was sent, the remote id): the exactly-once record.
CREATE TABLE deliveries (
  id uuid PRIMARY KEY,
  shop_id uuid NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
  claim_id uuid NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
  event_ref uuid NOT NULL REFERENCES outbox(id) ON DELETE CASCADE,
  event_name text NOT NULL,
  target text NOT NULL CHECK (target IN ('gorgias', 'dixa') OR target LIKE 'webhook:%'),
  -- A deleted webhook takes its pending deliveries with it.
  webhook_id uuid REFERENCES webhooks(id) ON DELETE CASCADE,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'in_progress', 'delivered', 'parked')),
  -- Every attempt ever made; the retry budget counts from `attempts_at_requeue` (a manual retry).
  attempts integer NOT NULL DEFAULT 0,
  attempts_at_requeue integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  lease_token uuid,
  last_error jsonb,
  remote_id text,
  remote_url text,
  progress jsonb NOT NULL DEFAULT '{}',
  warnings jsonb NOT NULL DEFAULT '[]',
  delivered_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (event_ref, target)
);
-- Exactly one helpdesk job per claim and helpdesk, whatever else happens.
CREATE UNIQUE INDEX deliveries_claim_helpdesk ON deliveries (claim_id, target) WHERE target IN ('gorgias', 'dixa');
CREATE INDEX deliveries_claim ON deliveries (claim_id, created_at);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE state IN ('pending', 'in_progress');
