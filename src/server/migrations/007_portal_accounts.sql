-- Merchant portal: user accounts, their shop memberships, server-side sessions, and what operators
-- decide per shop (helpdesks available, allow-list entries reviewed or published directly).

-- Emails are unique without regard to case; `email` keeps what was typed for display.
CREATE TABLE users (
  id uuid PRIMARY KEY,
  email text NOT NULL,
  -- `scrypt$N$r$p$salt$hash` (base64url): parameters travel with the hash so they can be raised later.
  password_hash text NOT NULL,
  operator boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  password_changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_lower ON users (lower(email));

CREATE TABLE memberships (
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  shop_id uuid NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('admin', 'member')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, shop_id)
);
CREATE INDEX memberships_shop ON memberships (shop_id);

-- The cookie holds a 256-bit random id; only its SHA-256 is stored, so a database dump signs no one in.
CREATE TABLE portal_sessions (
  id_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX portal_sessions_user ON portal_sessions (user_id);

-- Operators' decisions per shop. Shops that existed before the portal keep what they had: both
-- helpdesks and direct publishing of their allow-list.
ALTER TABLE shops ADD COLUMN trusted boolean NOT NULL DEFAULT false;
ALTER TABLE shops ADD COLUMN gorgias_available boolean NOT NULL DEFAULT false;
ALTER TABLE shops ADD COLUMN dixa_available boolean NOT NULL DEFAULT false;
UPDATE shops SET trusted = true, gorgias_available = true, dixa_available = true;

-- One row per allow-list entry the merchant lists: `pending` until an operator approves (`live`)
-- or refuses it. The public embed config serves only `live` entries.
CREATE TABLE allowed_url_reviews (
  shop_id uuid NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
  url text NOT NULL,
  state text NOT NULL CHECK (state IN ('pending', 'live', 'refused')),
  created_at timestamptz NOT NULL DEFAULT now(),
  decided_at timestamptz,
  decided_by uuid REFERENCES users(id) ON DELETE SET NULL,
  PRIMARY KEY (shop_id, url)
);
CREATE INDEX allowed_url_reviews_state ON allowed_url_reviews (state, created_at);
INSERT INTO allowed_url_reviews (shop_id, url, state, decided_at)
  SELECT shop_id, entry, 'live', now() FROM embed_configs, jsonb_array_elements_text(config->'allowed_urls') AS entry
  ON CONFLICT DO NOTHING;
