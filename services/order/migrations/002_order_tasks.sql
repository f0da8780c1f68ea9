-- Calls to other services that must follow a committed change of an order (release its stock and intent when it is
-- cancelled, commit its stock when it is paid, refund a payment that came too late): written in the same transaction
-- as the change, then carried out by the task job outside any transaction (a call inside one would hold PGlite's only
-- connection while the called service waits for it), retried with backoff until done.
CREATE TABLE order_tasks (
  id bigserial PRIMARY KEY,
  order_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('release', 'commit-stock', 'refund-late-payment')),
  -- What the call needs beyond the order id (the intent of a late payment).
  args jsonb NOT NULL DEFAULT '{}',
  attempts int NOT NULL DEFAULT 0,
  next_at timestamptz NOT NULL DEFAULT now(),
  done_at timestamptz,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (order_id, kind)
);
CREATE INDEX order_tasks_due ON order_tasks (next_at) WHERE done_at IS NULL;
