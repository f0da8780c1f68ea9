-- The storefront's read model: one row per product on sale, rewritten in the transaction of every write that
-- changes what a shopper sees (listing.ts), so a change is searchable as soon as it commits. Filters, facets,
-- sorting and full-text search read this table alone.
CREATE TABLE product_listing (
  product_id uuid PRIMARY KEY REFERENCES products (id) ON DELETE CASCADE,
  -- The leaf and its ancestors (top, middle, leaf): a filter by a category of any level is one array test.
  category_path uuid[] NOT NULL,
  category_id uuid NOT NULL,
  brand_id uuid,
  title jsonb NOT NULL,
  image text,
  min_price bigint NOT NULL CHECK (min_price > 0),
  max_price bigint NOT NULL CHECK (max_price >= min_price),
  currency char(3) NOT NULL,
  -- The sale-attribute values of its SKUs as 'attributeId:value', for the attr filter.
  attrs text[] NOT NULL DEFAULT '{}',
  listed_at timestamptz NOT NULL,
  -- Terms from domain/search-text.ts: words for the 'english' configuration, CJK bigrams for 'simple';
  -- the title's weigh more (A) than the brand's, category's and subtitle's (C).
  title_words text NOT NULL DEFAULT '',
  title_bigrams text NOT NULL DEFAULT '',
  other_words text NOT NULL DEFAULT '',
  other_bigrams text NOT NULL DEFAULT '',
  search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english'::regconfig, title_words), 'A') ||
    setweight(to_tsvector('simple'::regconfig, title_bigrams), 'A') ||
    setweight(to_tsvector('english'::regconfig, other_words), 'C') ||
    setweight(to_tsvector('simple'::regconfig, other_bigrams), 'C')
  ) STORED
);
CREATE INDEX product_listing_search ON product_listing USING gin (search);
-- Typo tolerance for latin words ("headphnes"): trigram word similarity on the title's words.
CREATE INDEX product_listing_title_trgm ON product_listing USING gin (title_words public.gin_trgm_ops);
CREATE INDEX product_listing_category ON product_listing USING gin (category_path);
CREATE INDEX product_listing_attrs ON product_listing USING gin (attrs);
CREATE INDEX product_listing_brand ON product_listing (brand_id);
CREATE INDEX product_listing_price ON product_listing (min_price);
CREATE INDEX product_listing_newest ON product_listing (listed_at DESC);
