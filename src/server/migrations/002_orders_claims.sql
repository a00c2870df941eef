-- Orders, the shop's Resolve settings, uploads, claims (idempotent), and the outbox of claim events.
CREATE TABLE server_secrets (
  name text PRIMARY KEY,
  value text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE orders (
  id uuid PRIMARY KEY,
  shop_id uuid NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
  order_number text NOT NULL,
  -- normalizeOrderNumber(order_number): `#1001` and `1001` are one order.
  order_key text NOT NULL,
  -- normalizeZipCode(zip_code): compared without case, spaces or hyphens.
  zip_key text NOT NULL,
  data jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (shop_id, order_key)
);

CREATE TABLE resolve_settings (
  shop_id uuid PRIMARY KEY REFERENCES shops(id) ON DELETE CASCADE,
  settings jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE uploads (
  id uuid PRIMARY KEY,
  shop_id uuid NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
  order_id uuid NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  session_id uuid NOT NULL,
  content_type text NOT NULL,
  size integer NOT NULL,
  storage_key text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX uploads_session ON uploads (session_id);

CREATE TABLE claims (
  id uuid PRIMARY KEY,
  shop_id uuid NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
  order_id uuid NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  -- The customer's Idempotency-Key and a hash of the draft it came with: the same key with the
  -- same draft returns this claim, with another draft it is refused.
  idempotency_key text NOT NULL,
  request_hash text NOT NULL,
  draft jsonb NOT NULL,
  reason text NOT NULL,
  resolution_preference text NOT NULL,
  status text NOT NULL DEFAULT 'pending',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (shop_id, idempotency_key)
);
CREATE INDEX claims_shop_created ON claims (shop_id, created_at DESC);
CREATE INDEX claims_order ON claims (order_id);

-- Events written in the same transaction as the change they describe; a worker delivers them
-- (SELECT ... FOR UPDATE SKIP LOCKED on available_at, then marks delivered_at).
CREATE TABLE outbox (
  id uuid PRIMARY KEY,
  shop_id uuid NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
  claim_id uuid REFERENCES claims(id) ON DELETE CASCADE,
  event_name text NOT NULL,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  available_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0,
  delivered_at timestamptz,
  last_error text
);
CREATE INDEX outbox_pending ON outbox (available_at) WHERE delivered_at IS NULL;
