-- Payment's tables, in the service's own schema: one intent per order, the processor's notifications applied (the
-- inbox that makes each one count once), and refunds (one full refund per intent).

CREATE TABLE intents (
  id uuid PRIMARY KEY,
  order_id uuid NOT NULL UNIQUE,
  buyer_id uuid NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  currency text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'cancelled', 'refunded')),
  expires_at timestamptz NOT NULL,
  failure_reason text,
  -- The processor's charge, once one is known (succeeded or declined).
  charge_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- The reconciliation job's scan: pending intents, oldest first.
CREATE INDEX intents_pending_by_age ON intents (created_at) WHERE status = 'pending';

CREATE TABLE notifications (
  id uuid PRIMARY KEY,
  intent_id uuid NOT NULL REFERENCES intents (id),
  kind text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE refunds (
  id uuid PRIMARY KEY,
  -- A refund is of the whole amount, so an intent has at most one.
  intent_id uuid NOT NULL UNIQUE REFERENCES intents (id),
  idempotency_key text NOT NULL,
  reason text NOT NULL,
  amount bigint NOT NULL,
  currency text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'succeeded')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refunds_pending ON refunds (created_at) WHERE status = 'pending';
