-- Flash-sale allocations: units set aside out of on hand under a ref (the seckill item), taken into seckill orders'
-- reservations one by one, and what was not sold released back once. The CHECK keeps taken + released within it.
CREATE TABLE allocations (
  ref text PRIMARY KEY,
  sku_id uuid NOT NULL,
  quantity bigint NOT NULL CHECK (quantity > 0),
  taken bigint NOT NULL DEFAULT 0 CHECK (taken >= 0),
  released bigint CHECK (released >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT allocations_within_quantity CHECK (taken + coalesce(released, 0) <= quantity)
);

ALTER TABLE ledger DROP CONSTRAINT ledger_kind_check;
ALTER TABLE ledger ADD CONSTRAINT ledger_kind_check
  CHECK (kind IN ('restock', 'adjustment', 'reserve', 'release', 'commit', 'expiry', 'allocate', 'deallocate'));
