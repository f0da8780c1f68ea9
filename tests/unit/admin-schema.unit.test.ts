// The back office's generated screens (apps/admin): the field kinds, validation and bodies derived from the contract's
// JSON schemas, and every route its resources and menu name being a real route of the gateway. Pure, so no browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gatewayRoutes, routeKey } from '@mall/contracts';
import operations from '../../apps/admin/src/api/operations.json' with { type: 'json' };
import { menu, resources } from '../../apps/admin/src/resources.ts';
import { apiFieldErrors, bodyOf, columnsOf, fieldsOf, filtersOf, validate, type JsonSchema } from '../../apps/admin/src/schema/fields.ts';

type Ops = Record<
  string,
  { query: Array<{ name: string; required?: boolean; schema: JsonSchema }>; body: JsonSchema | null; response: JsonSchema | null }
>;
const ops = operations as unknown as Ops;
const t = (key: string, values?: Record<string, unknown>) => (values ? `${key}:${JSON.stringify(values)}` : key);
const productBody = ops['POST /api/admin/catalog/products']!.body!;

test('every route the screens and the menu name is a route of the gateway, present in operations.json', () => {
  const routes = new Set(gatewayRoutes.map(routeKey));
  const named = [
    ...Object.values(resources).flatMap((r) => [r.list, r.create, r.update, r.remove, ...(r.actions ?? []).map((a) => a.op)]),
    ...menu.flatMap((group) => group.items.map((item) => item.needs)),
  ].filter((key): key is string => key !== undefined);
  for (const key of named) {
    assert.ok(routes.has(key), `${key} is not a gateway route`);
    assert.ok(key in ops, `${key} is missing from operations.json (npm run openapi)`);
  }
});

test('operations.json is the contracts of today: each back-office route of the gateway is in it', () => {
  const adminRoutes = gatewayRoutes.filter((route) => route.path.startsWith('/api/admin/')).map(routeKey);
  assert.deepEqual(
    Object.keys(ops)
      .filter((key) => key.includes('/api/admin/'))
      .sort(),
    adminRoutes.sort(),
  );
});

test('a product form has its kinds from the schema: localized texts, a nullable lookup, pictures and SKU items', () => {
  const fields = Object.fromEntries(fieldsOf(productBody).map((f) => [f.name, f]));
  assert.equal(fields.title?.kind, 'object');
  assert.deepEqual(
    fields.title?.fields.map((f) => [f.name, f.kind, f.required]),
    [
      ['zh', 'text', true],
      ['en', 'text', true],
    ],
  );
  assert.deepEqual([fields.brandId?.kind, fields.brandId?.nullable, fields.brandId?.required], ['text', true, false]);
  assert.equal(fields.images?.kind, 'images');
  assert.equal(fields.status?.kind, 'choice');
  assert.deepEqual(fields.status?.choices, ['draft', 'on_sale', 'off_sale']);
  assert.equal(fields.skus?.kind, 'list');
  const sku = Object.fromEntries(fields.skus!.fields.map((f) => [f.name, f]));
  assert.equal(sku.price?.kind, 'object');
  assert.deepEqual(
    sku.price?.fields.map((f) => [f.name, f.kind]),
    [
      ['amount', 'integer'],
      ['currency', 'text'],
    ],
  );
  assert.equal(sku.attrs?.kind, 'list');
});

test('validation follows the schema: required, lengths, patterns, bounds, inside lists too', () => {
  const fields = fieldsOf(productBody);
  const errors = validate(
    fields,
    {
      title: { zh: '', en: 'x'.repeat(201) },
      categoryId: 'not-a-uuid',
      skus: [{ attrs: [], price: { amount: -1, currency: 'CNY' } }],
    },
    t,
  );
  assert.equal(errors['title.zh'], 'form.required');
  assert.equal(errors['title.en'], 'form.maxLength:{"n":200}');
  assert.equal(errors.categoryId, 'form.pattern');
  assert.equal(errors['skus.0.price.amount'], 'form.minimum:{"n":0}');
  assert.equal(errors['skus.0.price.currency'], undefined);
  const fine = validate(
    fields,
    { title: { zh: '耳机', en: 'Headphones' }, categoryId: '0b6f7a4e-8f1e-4c55-9a43-7b0c3c1b2d11', skus: [] },
    t,
  );
  assert.deepEqual(fine, {});
});

test('a body sends what was given: optional empties dropped, a cleared nullable field as null', () => {
  const fields = fieldsOf(ops['PATCH /api/admin/catalog/brands/:id']!.body!);
  const body = bodyOf(fields, { version: 3, name: { zh: '品牌', en: 'Brand' }, logo: '', position: undefined });
  assert.deepEqual(body, { version: 3, name: { zh: '品牌', en: 'Brand' }, logo: null });
});

test("the API's field errors land on the form's paths; list filters leave the paging out", () => {
  assert.deepEqual(apiFieldErrors([{ path: '/body/skus/0/price/amount', message: 'must be >= 0' }]), {
    'skus.0.price.amount': 'must be >= 0',
  });
  const filters = filtersOf(ops['GET /api/admin/catalog/products']!.query).map((f) => f.name);
  assert.deepEqual(filters, ['categoryId', 'brandId', 'status']);
  const item = (ops['GET /api/admin/users']!.response!.properties!.users as JsonSchema).items;
  assert.deepEqual(
    columnsOf(item).map((c) => c.name),
    ['id', 'email', 'nickname', 'roles', 'ban', 'createdAt'],
  );
});
