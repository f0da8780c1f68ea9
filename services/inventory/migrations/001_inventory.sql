-- Inventory's tables, in the service's own schema (the search_path names it): stock per SKU, reservations and
-- their lines, and the append-only ledger of every movement.

-- The CHECKs make oversell impossible whatever the code above does: reserved never exceeds on hand.
CREATE TABLE stock (
  sku_id uuid PRIMARY KEY,
  on_hand bigint NOT NULL DEFAULT 0,
  reserved bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT stock_reserved_not_negative CHECK (reserved >= 0),
  CONSTRAINT stock_reserved_within_on_hand CHECK (reserved <= on_hand)
);

CREATE TABLE reservations (
  ref text PRIMARY KEY,
  status text NOT NULL CHECK (status IN ('held', 'confirmed', 'cancelled', 'expired')),
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- The expiry job's scan: only holds, by expiry.
CREATE INDEX reservations_held_by_expiry ON reservations (expires_at) WHERE status = 'held';

CREATE TABLE reservation_lines (
  ref text NOT NULL REFERENCES reservations (ref),
  sku_id uuid NOT NULL,
  quantity bigint NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (ref, sku_id)
);
CREATE INDEX reservation_lines_by_sku ON reservation_lines (sku_id);

CREATE TABLE ledger (
  id bigserial PRIMARY KEY,
  sku_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('restock', 'adjustment', 'reserve', 'release', 'commit', 'expiry')),
  on_hand_delta bigint NOT NULL,
  reserved_delta bigint NOT NULL,
  reason text NOT NULL,
  reference text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ledger_by_sku ON ledger (sku_id, id);

-- Append-only: a movement, once written, is history; a correction is a new adjustment.
CREATE FUNCTION ledger_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the stock ledger is append-only';
END;
$$;
CREATE TRIGGER ledger_append_only BEFORE UPDATE OR DELETE ON ledger FOR EACH ROW EXECUTE FUNCTION ledger_is_append_only();
