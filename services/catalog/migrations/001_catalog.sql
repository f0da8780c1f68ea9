-- Catalog's tables, created in the service's own schema (the search_path names it). Display texts are
-- {"zh": …, "en": …} objects; money is integer minor units; every row carries a version for optimistic updates.
CREATE TABLE categories (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  parent_id uuid REFERENCES categories (id),
  level smallint NOT NULL CHECK (level BETWEEN 1 AND 3),
  name jsonb NOT NULL,
  position integer NOT NULL DEFAULT 0,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((level = 1) = (parent_id IS NULL))
);
CREATE INDEX categories_by_parent ON categories (parent_id, position);

CREATE TABLE brands (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name jsonb NOT NULL,
  logo text,
  position integer NOT NULL DEFAULT 0,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Groups and attributes belong to a leaf category and go with it.
CREATE TABLE attribute_groups (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  category_id uuid NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
  name jsonb NOT NULL,
  position integer NOT NULL DEFAULT 0,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attribute_groups_by_category ON attribute_groups (category_id, position);

CREATE TABLE attributes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  category_id uuid NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
  group_id uuid REFERENCES attribute_groups (id) ON DELETE SET NULL,
  kind text NOT NULL CHECK (kind IN ('spec', 'sale')),
  name jsonb NOT NULL,
  "values" jsonb NOT NULL DEFAULT '[]',
  position integer NOT NULL DEFAULT 0,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attributes_by_category ON attributes (category_id, kind, position);

-- An SPU; the category is never deleted under it (categories refuse deletion while they hold products).
CREATE TABLE products (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title jsonb NOT NULL,
  subtitle jsonb NOT NULL,
  description jsonb NOT NULL,
  brand_id uuid REFERENCES brands (id),
  category_id uuid NOT NULL REFERENCES categories (id),
  images jsonb NOT NULL DEFAULT '[]',
  specs jsonb NOT NULL DEFAULT '[]',
  status text NOT NULL CHECK (status IN ('draft', 'on_sale', 'off_sale')),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX products_by_category ON products (category_id, created_at DESC);
CREATE INDEX products_by_brand ON products (brand_id);

-- A SKU; `combination` is its sale-attribute values in a canonical order, unique within its SPU; `seq` keeps
-- SKUs in the order they were added (several share one transaction's now()).
CREATE TABLE skus (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq bigint GENERATED ALWAYS AS IDENTITY,
  product_id uuid NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  attrs jsonb NOT NULL,
  combination text NOT NULL,
  price_amount bigint NOT NULL CHECK (price_amount > 0),
  currency char(3) NOT NULL,
  barcode text UNIQUE,
  images jsonb NOT NULL DEFAULT '[]',
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (product_id, combination)
);

-- The home page: banners and featured lists of products, in position order.
CREATE TABLE home_sections (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('banner', 'featured')),
  title jsonb NOT NULL,
  image text,
  link text,
  product_ids jsonb NOT NULL DEFAULT '[]',
  position integer NOT NULL DEFAULT 0,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
