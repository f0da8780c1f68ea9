-- Whether the demo catalog was loaded here (src/demo/seed.ts): a row while a seed runs, finished_at once it is whole,
-- so a seed cut short finishes on the next start and a finished one never runs again.
CREATE TABLE demo_seed (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
