-- Seckill's tables, in the service's own schema: flash-sale sessions, their items, and the grab tickets.
CREATE TABLE sessions (
  id uuid PRIMARY KEY,
  idempotency_key text UNIQUE,
  title text NOT NULL,
  status text NOT NULL CHECK (status IN ('DRAFT', 'PUBLISHED', 'CLOSED')),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sessions_by_end ON sessions (ends_at) WHERE status <> 'CLOSED';

CREATE TABLE session_items (
  id uuid PRIMARY KEY,
  session_id uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  position int NOT NULL,
  sku_id uuid NOT NULL,
  price_amount bigint NOT NULL CHECK (price_amount >= 0),
  currency text NOT NULL,
  quantity int NOT NULL CHECK (quantity > 0),
  per_user_limit int NOT NULL CHECK (per_user_limit > 0),
  -- Units given back to inventory at the close; null until then.
  returned int,
  UNIQUE (session_id, sku_id)
);
CREATE INDEX session_items_by_sku ON session_items (sku_id);

-- One row per successful grab. seq is the buyer's n-th unit of the item (the Lua script counts it): the unique index
-- is the last line of defence against a buyer getting more than the limit, whatever happened to the KV store.
CREATE TABLE tickets (
  id uuid PRIMARY KEY,
  item_id uuid NOT NULL REFERENCES session_items (id),
  buyer_id uuid NOT NULL,
  seq int NOT NULL,
  status text NOT NULL CHECK (status IN ('QUEUED', 'ORDER_CREATED', 'FAILED')),
  order_id uuid,
  failure text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT tickets_seq_positive CHECK (seq > 0)
);
-- A failed ticket gave its unit back to the sale (and its place in the buyer's count), so it no longer counts here.
CREATE UNIQUE INDEX tickets_one_per_seq ON tickets (buyer_id, item_id, seq) WHERE status <> 'FAILED';
CREATE INDEX tickets_queued ON tickets (updated_at) WHERE status = 'QUEUED';
CREATE INDEX tickets_by_item ON tickets (item_id);
