-- Order's tables, created in the service's own schema (the search_path names it).

-- The number buyers quote is the date and this sequence.
CREATE SEQUENCE order_no_seq;

CREATE TABLE orders (
  id uuid PRIMARY KEY,
  order_no text NOT NULL UNIQUE,
  buyer_id uuid NOT NULL,
  status text NOT NULL CHECK (status IN ('PENDING_PAYMENT', 'PAID', 'SHIPPED', 'DELIVERED', 'COMPLETED', 'CANCELLED', 'REFUND_REQUESTED', 'REFUNDED')),
  currency char(3) NOT NULL,
  items_amount bigint NOT NULL CHECK (items_amount >= 0),
  shipping_amount bigint NOT NULL CHECK (shipping_amount >= 0),
  total_amount bigint NOT NULL CHECK (total_amount = items_amount + shipping_amount),
  address jsonb NOT NULL,
  expires_at timestamptz NOT NULL,
  payment_intent_id uuid,
  pay_url text,
  carrier text,
  tracking_no text,
  shipped_at timestamptz,
  refund_reason text,
  refund_approved_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orders_buyer_created ON orders (buyer_id, created_at DESC);
CREATE INDEX orders_status_created ON orders (status, created_at DESC);
-- The timeout job's scan: unpaid orders by when they expire.
CREATE INDEX orders_unpaid_expiry ON orders (expires_at) WHERE status = 'PENDING_PAYMENT';

-- Each line as it was priced: a snapshot of catalog's title, sale attributes, image and unit price.
CREATE TABLE order_lines (
  order_id uuid NOT NULL REFERENCES orders (id),
  position int NOT NULL,
  sku_id uuid NOT NULL,
  product_id uuid NOT NULL,
  title jsonb NOT NULL,
  attrs jsonb NOT NULL,
  image text,
  unit_amount bigint NOT NULL CHECK (unit_amount >= 0),
  quantity int NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (order_id, position),
  UNIQUE (order_id, sku_id)
);

CREATE TABLE order_status_history (
  id bigserial PRIMARY KEY,
  order_id uuid NOT NULL REFERENCES orders (id),
  from_status text,
  to_status text NOT NULL,
  actor text NOT NULL CHECK (actor IN ('buyer', 'staff', 'system')),
  actor_id uuid,
  reason text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX order_status_history_order ON order_status_history (order_id, id);

-- One-time checkout tokens: issued by a preview, bound to its buyer and lines, spent by the first submit.
CREATE TABLE submit_tokens (
  token text PRIMARY KEY,
  buyer_id uuid NOT NULL,
  lines jsonb NOT NULL,
  expires_at timestamptz NOT NULL,
  -- Set by the first submit: every later submit of the token answers this order.
  order_id uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX submit_tokens_expiry ON submit_tokens (expires_at) WHERE order_id IS NULL;

-- The checkout sagas' progress: the step reached, the state the steps built, and a lease so that one runner at a time
-- drives a saga (the request that started it, or the recovery job once the lease lapsed).
CREATE TABLE sagas (
  id uuid PRIMARY KEY,
  kind text NOT NULL,
  status text NOT NULL CHECK (status IN ('running', 'compensating', 'done', 'compensated')),
  step int NOT NULL DEFAULT 0,
  state jsonb NOT NULL,
  error jsonb,
  attempts int NOT NULL DEFAULT 0,
  lease_until timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sagas_unfinished ON sagas (lease_until) WHERE status IN ('running', 'compensating');
