-- Claim intake under floods: the session a claim came from (claims per session are limited),
-- an index for "claims of this order in the last 24 hours", and the Idempotency-Keys that were
-- answered with an earlier identical claim instead of a new one, so their retries get that claim
-- again even after the duplicate window has passed.
ALTER TABLE claims ADD COLUMN session_id uuid;
CREATE INDEX claims_order_created ON claims (order_id, created_at);
CREATE INDEX claims_session ON claims (session_id) WHERE session_id IS NOT NULL;

CREATE TABLE claim_duplicate_keys (
  shop_id uuid NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
  idempotency_key text NOT NULL,
  claim_id uuid NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
  order_id uuid NOT NULL,
  request_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (shop_id, idempotency_key)
);
