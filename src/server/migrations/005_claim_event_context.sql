-- Claim events in Karla's envelope: the shop system's order id is kept in its own column (the
-- rest of the order's ids and names live in `data`), and the event's context reads only the
-- order's newest claims, through an index, so intake time does not grow with the order's history.
ALTER TABLE orders ADD COLUMN external_id text;
UPDATE orders SET external_id = data->>'external_id' WHERE data ? 'external_id';
CREATE INDEX orders_external_id ON orders (shop_id, external_id) WHERE external_id IS NOT NULL;

CREATE INDEX claims_order_newest ON claims (order_id, created_at DESC, id DESC);
DROP INDEX claims_order;

-- Webhooks carry a merchant's description, as Karla's webhook entity does.
ALTER TABLE webhooks ADD COLUMN description text;
