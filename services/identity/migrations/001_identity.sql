-- Identity's tables: accounts, roles and permissions, refresh-token families, addresses,
-- idempotency records, signing keys, and the one-row marker of the first-admin bootstrap.
CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL,
  password_hash text NOT NULL,
  nickname text,
  phone text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- Emails are stored normalised; the index on lower() keeps them unique even if a writer forgets.
CREATE UNIQUE INDEX users_email_unique ON users (lower(email));

CREATE TABLE roles (
  name text PRIMARY KEY,
  description text NOT NULL DEFAULT ''
);

CREATE TABLE role_inherits (
  role text NOT NULL REFERENCES roles (name) ON DELETE CASCADE,
  inherits text NOT NULL REFERENCES roles (name) ON DELETE CASCADE,
  PRIMARY KEY (role, inherits),
  CHECK (role <> inherits)
);

CREATE TABLE permissions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  role text NOT NULL REFERENCES roles (name) ON DELETE CASCADE,
  pattern text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('key', 'regex')),
  methods text[] NOT NULL,
  UNIQUE (role, pattern, kind)
);

CREATE TABLE user_roles (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role text NOT NULL REFERENCES roles (name) ON DELETE CASCADE,
  granted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, role)
);

-- A family is one login session; every rotation of its refresh token stays in the family.
CREATE TABLE refresh_families (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  revoked_reason text
);
CREATE INDEX refresh_families_live_by_user ON refresh_families (user_id) WHERE revoked_at IS NULL;

CREATE TABLE refresh_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  family_id uuid NOT NULL REFERENCES refresh_families (id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  expires_at timestamptz NOT NULL,
  rotated_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
-- Serves the cascade from a family and the pruning job's "any live token left?" question.
CREATE INDEX refresh_tokens_by_family ON refresh_tokens (family_id, expires_at);

CREATE TABLE addresses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  recipient text NOT NULL,
  phone text NOT NULL,
  line1 text NOT NULL,
  line2 text NOT NULL DEFAULT '',
  city text NOT NULL,
  region text NOT NULL DEFAULT '',
  postal_code text NOT NULL,
  country text NOT NULL,
  is_default boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX addresses_by_user ON addresses (user_id);
-- The last line of defence for "one default per user".
CREATE UNIQUE INDEX addresses_one_default ON addresses (user_id) WHERE is_default;

-- The first answer of a create call, replayed when the same key comes back.
CREATE TABLE idempotency (
  scope text NOT NULL,
  key text NOT NULL,
  fingerprint text NOT NULL,
  result jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_by_age ON idempotency (created_at);

CREATE TABLE signing_keys (
  kid text PRIMARY KEY,
  private_jwk jsonb NOT NULL,
  public_jwk jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz
);
-- Every instance must sign with the same key: at most one is active.
CREATE UNIQUE INDEX signing_keys_one_active ON signing_keys ((true)) WHERE retired_at IS NULL;

-- One row, ever: whoever inserts it creates the first admin, so two instances starting together make one admin.
CREATE TABLE bootstrap (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  admin_user_id uuid NOT NULL REFERENCES users (id) DEFERRABLE INITIALLY DEFERRED,
  created_at timestamptz NOT NULL DEFAULT now()
);
