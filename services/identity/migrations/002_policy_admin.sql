-- The back office's policy tables: user bans, IP rules, and the one-row policy version that every
-- change of roles, permissions, bans or IP rules bumps, so gateways can ask "anything new?" cheaply.
CREATE TABLE policy_version (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  version integer NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO policy_version (singleton, version) VALUES (true, 1) ON CONFLICT DO NOTHING;

CREATE TABLE bans (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  reason text NOT NULL,
  expires_at timestamptz,
  banned_at timestamptz NOT NULL DEFAULT now()
);

-- cidr is stored normalised as text ("10.0.0.0/8", "2001:db8::/32"); the service validates it.
CREATE TABLE ip_rules (
  cidr text PRIMARY KEY,
  action text NOT NULL CHECK (action IN ('deny', 'allow')),
  reason text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now()
);
