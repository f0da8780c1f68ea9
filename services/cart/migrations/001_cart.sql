-- Cart's tables, created in the service's own schema (the search_path names it).
-- One row per line: a cart is its lines, keyed by the owner (`m:<user id>` for a member, `g:<token digest>` for a guest).
-- No price of record is kept: only the price when added, to flag a change; every read asks catalog for the current one.
CREATE TABLE cart_lines (
  cart_key text NOT NULL,
  sku_id uuid NOT NULL,
  quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 999),
  selected boolean NOT NULL DEFAULT true,
  added_price bigint NOT NULL CHECK (added_price >= 0),
  added_currency char(3) NOT NULL,
  added_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (cart_key, sku_id)
);

-- The sweep of abandoned guest carts reads lines by age.
CREATE INDEX cart_lines_guest_updated ON cart_lines (updated_at) WHERE cart_key LIKE 'g:%';

-- Orders whose purchased lines were dropped: order.paid is applied once per order, whatever its event ids.
CREATE TABLE paid_orders (
  order_id uuid PRIMARY KEY,
  buyer_id uuid NOT NULL,
  lines_removed integer NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
