-- What happened to a claim, for the merchant portal's activity list: created, status and preference
-- changes with who made them, and delivery outcomes. Written in the transaction of the change it
-- records (the claim's creation, the merchant's update, the worker's outcome, the merchant's retry).
CREATE TABLE claim_activity (
  id uuid PRIMARY KEY,
  -- Orders entries written in one transaction (they share `at`, which is the transaction's now()).
  seq bigint GENERATED ALWAYS AS IDENTITY,
  shop_id uuid NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
  claim_id uuid NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
  at timestamptz NOT NULL DEFAULT now(),
  kind text NOT NULL CHECK (kind IN ('created', 'status_changed', 'preference_changed', 'delivery_succeeded', 'delivery_parked', 'delivery_retried')),
  -- {kind: customer|user|api_key|system, email}
  actor jsonb NOT NULL,
  -- JSON strings today (a status, a preference, a delivery state); JSON so richer values can follow.
  from_value jsonb,
  to_value jsonb,
  -- For delivery entries: {id, target, webhook_id, event_name, error_code}, kept as a copy so the
  -- entry outlives a deleted webhook (whose deliveries go with it).
  delivery jsonb
);
CREATE INDEX claim_activity_claim ON claim_activity (claim_id, at, seq);

-- Claims older than this table: their creation, and the delivery outcomes their jobs still show.
INSERT INTO claim_activity (id, shop_id, claim_id, at, kind, actor)
SELECT gen_random_uuid(), shop_id, id, created_at, 'created', '{"kind": "customer", "email": null}'::jsonb
FROM claims
ORDER BY created_at, id;

INSERT INTO claim_activity (id, shop_id, claim_id, at, kind, actor, to_value, delivery)
SELECT gen_random_uuid(), shop_id, claim_id,
  CASE WHEN state = 'delivered' THEN coalesce(delivered_at, updated_at) ELSE updated_at END,
  CASE WHEN state = 'delivered' THEN 'delivery_succeeded' ELSE 'delivery_parked' END,
  '{"kind": "system", "email": null}'::jsonb,
  to_jsonb(state),
  jsonb_build_object('id', id, 'target', target, 'webhook_id', webhook_id, 'event_name', event_name,
    'error_code', CASE WHEN state = 'parked' THEN last_error->>'key' END)
FROM deliveries
WHERE state IN ('delivered', 'parked')
ORDER BY updated_at, id;
