// Catalog's tables as Drizzle sees them, in the service's own PostgreSQL schema; the SQL that
// creates them is migrations/, which stays the reference.
import { bigint, char, integer, jsonb, pgSchema, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const catalog = pgSchema('catalog');

export interface Text2 {
  zh: string;
  en: string;
}
export interface AttrValue {
  attributeId: string;
  value: string;
}

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const stamps = () => ({
  version: integer('version').notNull().default(1),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});
const localizedText = (name: string) => jsonb(name).$type<Text2>().notNull();
const list = <T>(name: string) => jsonb(name).$type<T[]>().notNull().default([]);

export const categories = catalog.table('categories', {
  id: uuid('id').primaryKey().defaultRandom(),
  parentId: uuid('parent_id'),
  level: smallint('level').notNull(),
  name: localizedText('name'),
  position: integer('position').notNull().default(0),
  ...stamps(),
});

export const brands = catalog.table('brands', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: localizedText('name'),
  logo: text('logo'),
  position: integer('position').notNull().default(0),
  ...stamps(),
});

export const attributeGroups = catalog.table('attribute_groups', {
  id: uuid('id').primaryKey().defaultRandom(),
  categoryId: uuid('category_id').notNull(),
  name: localizedText('name'),
  position: integer('position').notNull().default(0),
  ...stamps(),
});

export const attributes = catalog.table('attributes', {
  id: uuid('id').primaryKey().defaultRandom(),
  categoryId: uuid('category_id').notNull(),
  groupId: uuid('group_id'),
  kind: text('kind').$type<'spec' | 'sale'>().notNull(),
  name: localizedText('name'),
  values: list<string>('values'),
  position: integer('position').notNull().default(0),
  ...stamps(),
});

export const products = catalog.table('products', {
  id: uuid('id').primaryKey().defaultRandom(),
  title: localizedText('title'),
  subtitle: localizedText('subtitle'),
  description: localizedText('description'),
  brandId: uuid('brand_id'),
  categoryId: uuid('category_id').notNull(),
  images: list<string>('images'),
  specs: list<AttrValue>('specs'),
  status: text('status').$type<'draft' | 'on_sale' | 'off_sale'>().notNull(),
  ...stamps(),
});

export const skus = catalog.table('skus', {
  id: uuid('id').primaryKey().defaultRandom(),
  seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
  productId: uuid('product_id').notNull(),
  attrs: jsonb('attrs').$type<AttrValue[]>().notNull(),
  combination: text('combination').notNull(),
  priceAmount: bigint('price_amount', { mode: 'number' }).notNull(),
  currency: char('currency', { length: 3 }).notNull(),
  barcode: text('barcode'),
  images: list<string>('images'),
  ...stamps(),
});

export const homeSections = catalog.table('home_sections', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind').$type<'banner' | 'featured'>().notNull(),
  title: localizedText('title'),
  image: text('image'),
  link: text('link'),
  productIds: list<string>('product_ids'),
  position: integer('position').notNull().default(0),
  ...stamps(),
});
