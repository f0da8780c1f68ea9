-- The kernel's idempotency records, in every service schema with migrations (applied by the runtime after the
-- service's own migrations, tracked under an idempotency_ prefix that service migrations must not use).
-- IF NOT EXISTS: identity created this very table in its 001 migration before the kernel owned it.
CREATE TABLE IF NOT EXISTS idempotency (
  scope text NOT NULL,
  key text NOT NULL,
  fingerprint text NOT NULL,
  result jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);
CREATE INDEX IF NOT EXISTS idempotency_by_age ON idempotency (created_at);
