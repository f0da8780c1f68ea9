-- The simulated card processor's books, in its own schema: one charge per payment intent, its refunds, and the
-- notifications it owes the merchant (kept until acknowledged, so a restart loses none).

CREATE TABLE charges (
  id uuid PRIMARY KEY,
  -- The merchant's payment intent: one charge each, so a double submit cannot charge twice.
  intent_id uuid NOT NULL UNIQUE,
  amount bigint NOT NULL CHECK (amount > 0),
  currency text NOT NULL,
  status text NOT NULL CHECK (status IN ('succeeded', 'declined')),
  decline_reason text,
  card_last4 text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE refunds (
  -- The merchant's refund id: what makes a retried refund the same refund.
  id uuid PRIMARY KEY,
  charge_id uuid NOT NULL UNIQUE REFERENCES charges (id),
  amount bigint NOT NULL,
  currency text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE notifications (
  id uuid PRIMARY KEY,
  charge_id uuid NOT NULL REFERENCES charges (id),
  -- The exact JSON that is signed and sent, every attempt alike.
  body text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz,
  -- Given up after the configured attempts; the merchant's reconciliation settles the intent instead.
  abandoned_at timestamptz,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE delivered_at IS NULL AND abandoned_at IS NULL;
