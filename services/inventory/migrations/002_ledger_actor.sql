-- The back-office user who restocked or adjusted; null for movements a service made (reservations, expiry).
-- Its own migration: 001 is applied in databases already (a changed applied file is refused).
ALTER TABLE ledger ADD COLUMN actor uuid;
