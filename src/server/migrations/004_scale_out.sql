-- Scale-out state held in the database: upload caps and lookup throttling.
-- Files and bytes uploaded per customer session and per order, counted atomically in the database
-- so that concurrent uploads, and uploads spread over several API processes, cannot pass a cap.
-- A file takes its slot (`files`) before its bytes arrive and adds its `bytes` once stored; a
-- refused or aborted upload gives its slot back.
CREATE TABLE upload_usage (
  scope text NOT NULL CHECK (scope IN ('session', 'order')),
  scope_id uuid NOT NULL,
  files integer NOT NULL DEFAULT 0 CHECK (files >= 0),
  bytes bigint NOT NULL DEFAULT 0 CHECK (bytes >= 0),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, scope_id)
);

-- Uploads made before the counters existed count too.
INSERT INTO upload_usage (scope, scope_id, files, bytes)
SELECT 'session', session_id, count(*), coalesce(sum(size), 0) FROM uploads GROUP BY session_id;
INSERT INTO upload_usage (scope, scope_id, files, bytes)
SELECT 'order', order_id, count(*), coalesce(sum(size), 0) FROM uploads GROUP BY order_id;

-- Failed order lookups, one row per failure (and per attempt in flight), so lookup throttling
-- holds across every API process on the database. Keys: `client:<address or IPv6 /64>` and
-- `order:<shop id>:<order key>`. Rows older than the window are swept.
CREATE TABLE lookup_failures (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key text NOT NULL,
  failed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX lookup_failures_key ON lookup_failures (key, failed_at DESC);
CREATE INDEX lookup_failures_age ON lookup_failures (failed_at);
