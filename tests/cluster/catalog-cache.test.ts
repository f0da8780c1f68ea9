// The catalog's storefront cache with real processes: two catalog instances (each with its LRU, one Redis, one
// NATS), an inventory, an identity and a gateway. A price changed through the back office shows on both
// instances' product page within 1 s, though each held the old page in its LRU (which alone would keep it 30 s).
// The processes find each other through a static registry, so that no other run's instances on the shared etcd
// take part.
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CatalogContract } from '@mall/contracts/catalog';
import { IdentityContract } from '@mall/contracts/identity';
import { StaticRegistry } from '@mall/platform/registry';
import { createClient, HttpTransport, type Client } from '@mall/platform/rpc';
import { Cluster, type LaunchedInstance } from '@mall/platform/runtime';
import { forgetRowsAfterwards } from '@mall/platform/testkit';
import { modules } from '../../launch/services.ts';
import { serverEnv } from '../fixture/harness.ts';
import { Browser, uniqueEmail } from '../../services/gateway/test/harness.ts';
import { within } from './harness.ts';

const text = (en: string) => ({ zh: `中文 ${en}`, en });
const key = () => `t-${randomUUID()}`;

let cluster: Cluster;
let browser: Browser;
const transports: HttpTransport[] = [];
const registries: StaticRegistry[] = [];
let forgetRows = async (): Promise<void> => {};

/** A typed client of exactly the given instances. */
async function clientOf<C extends typeof CatalogContract | typeof IdentityContract>(
  contract: C,
  instances: LaunchedInstance[],
): Promise<Client<C>> {
  const registry = new StaticRegistry({ [contract.service]: instances.map((i) => i.url) });
  const transport = await HttpTransport.connect(contract.service, registry, { healthIntervalMs: 0 });
  registries.push(registry);
  transports.push(transport);
  return createClient(contract, transport);
}

before(async () => {
  forgetRows = await forgetRowsAfterwards('catalog');
  const verbose = Boolean(process.env.MALL_TEST_VERBOSE);
  cluster = await Cluster.launch(
    [
      { service: 'identity', module: modules.identity!, instances: 1 },
      { service: 'inventory', module: modules.inventory!, instances: 1 },
    ],
    {
      env: { ...serverEnv, MALL_POSTGRES_POOL_SIZE: '4' },
      onLine: (prefix, line) => void ((verbose || /"level":"(error|fatal)"/.test(line)) && process.stdout.write(`${prefix} ${line}\n`)),
    },
  );
  const url = (service: string) => cluster.instances(service).map((i) => i.url);
  const staticEnv = (services: Record<string, string[]>) => ({
    MALL_REGISTRY: 'static',
    MALL_STATIC_SERVICES: Object.entries(services)
      .map(([name, urls]) => `${name}=${urls.join(',')}`)
      .join(';'),
  });
  const catalogEnv = staticEnv({ inventory: url('inventory') });
  for (let i = 0; i < 2; i++) await cluster.start({ service: 'catalog', module: modules.catalog!, env: catalogEnv });
  await cluster.start({
    service: 'gateway',
    module: modules.gateway!,
    env: staticEnv({ identity: url('identity'), inventory: url('inventory'), catalog: url('catalog') }),
  });
  browser = new Browser(cluster.instances('gateway')[0]!.url);
});

after(async () => {
  await browser?.close();
  for (const t of transports) await t.close();
  for (const r of registries) await r.close();
  await cluster?.stop();
  await forgetRows();
});

async function catalogManagerToken(): Promise<string> {
  const identity = await clientOf(IdentityContract, cluster.instances('identity'));
  const email = uniqueEmail('cache-manager');
  const registered = await browser.call('POST', '/api/auth/register', { body: { email, password: 'a good password' } });
  assert.equal(registered.status, 201, JSON.stringify(registered.body));
  await identity.setUserRoles({ userId: registered.body.user.id, roles: ['catalog-manager'] });
  const login = await browser.call('POST', '/api/auth/login', { body: { email, password: 'a good password' } });
  assert.equal(login.status, 200, JSON.stringify(login.body));
  return login.body.accessToken as string;
}

test('a price changed through the back office shows on both catalog instances within 1 s', async () => {
  const [first, second] = cluster.instances('catalog');
  const a = await clientOf(CatalogContract, [first!]);
  const b = await clientOf(CatalogContract, [second!]);
  // The product, made through one instance's RPC (what the back office does is the price change below).
  let parentId: string | undefined;
  for (const level of ['top', 'middle', 'leaf'])
    parentId = (await a.createCategory({ idempotencyKey: key(), name: text(`cache ${level}`), ...(parentId ? { parentId } : {}) })).id;
  const colour = await a.createAttribute({
    idempotencyKey: key(),
    categoryId: parentId!,
    kind: 'sale',
    name: text('colour'),
    values: ['red'],
  });
  const product = await a.createProduct({
    idempotencyKey: key(),
    title: text('Cached Headphones'),
    categoryId: parentId!,
    status: 'on_sale',
    skus: [{ attrs: [{ attributeId: colour.id, value: 'red' }], price: { amount: 19900, currency: 'CNY' } }],
  });
  const sku = product.skus[0]!;
  // Both instances hold the page in their LRU (and Redis holds it), twice read to be sure.
  for (const client of [a, b, a, b]) assert.equal((await client.productPage({ id: product.id })).skus[0]!.price.amount, 19900);
  const storefront = await browser.call('GET', `/api/products/${product.id}`);
  assert.equal(storefront.status, 200, JSON.stringify(storefront.body));

  const token = await catalogManagerToken();
  const changed = await browser.call('PATCH', `/api/admin/catalog/skus/${sku.id}`, {
    token,
    body: { version: sku.version, price: { amount: 15900, currency: 'CNY' } },
  });
  assert.equal(changed.status, 200, JSON.stringify(changed.body));
  const took = await within(1000, async () => {
    const pages = await Promise.all([a, b].map((c) => c.productPage({ id: product.id })));
    return pages.every((p) => p.skus[0]!.price.amount === 15900);
  });
  assert.notEqual(took, undefined, 'both instances show the new price within 1 s');
  const seen = await browser.call('GET', `/api/products/${product.id}`);
  assert.equal(seen.body.skus[0].price.amount, 15900);
});
