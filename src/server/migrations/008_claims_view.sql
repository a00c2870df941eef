-- The merchant portal's Claims view: newest first per shop (keyset pages on created_at, id), the
-- filters that narrow most, the delivery badge, and the search box.

-- Newest first, ties broken by id, so a page boundary (created_at, id) is exact.
CREATE INDEX claims_shop_newest ON claims (shop_id, created_at DESC, id DESC);
DROP INDEX claims_shop_created;
CREATE INDEX claims_shop_status_newest ON claims (shop_id, status, created_at DESC, id DESC);
CREATE INDEX claims_shop_flow_newest ON claims (shop_id, (draft->>'flow_type'), created_at DESC, id DESC);

-- Parked and open jobs are few; the badge and the delivery filter look them up per claim.
CREATE INDEX deliveries_claim_state ON deliveries (claim_id, state);
CREATE INDEX deliveries_parked ON deliveries (shop_id, claim_id) WHERE state = 'parked';

-- Search: prefixes of the order key, of the email and of the name, without case. `lower()` folds
-- only ASCII under the C collation, so the letters of the shops' languages (ü, ł, é, …) are folded
-- here too; the query folds the search text with the same function. text_pattern_ops lets
-- `LIKE 'prefix%'` use the index whatever the database's collation.
CREATE FUNCTION search_fold(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT translate(lower(value), 'ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞŸŒĄĆĘŁŃŚŹŻČĎĚŇŘŠŤŮŽ', 'àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿœąćęłńśźżčďěňřšťůž') $$;
CREATE INDEX orders_shop_key_prefix ON orders (shop_id, order_key text_pattern_ops);
CREATE INDEX orders_shop_email_prefix ON orders (shop_id, search_fold(data->>'email') text_pattern_ops);
CREATE INDEX orders_shop_name_prefix ON orders (shop_id, search_fold(data->>'customer_name') text_pattern_ops);
