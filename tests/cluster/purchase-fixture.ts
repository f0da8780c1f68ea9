// The purchase's cluster fixture, shared by the tests in tests/cluster that buy through the gateway: every service a
// process of its own on the real servers (order twice by default), a real SMTP server catching the mails, and staff's
// clients of catalog, inventory, identity and payment for what the shop sets up behind the gateway (a product and its
// stock, a back-office role) and for looking at stock. The buyer's steps (tests/fixture/shopper.ts) go through the
// gateway's public API only.
import { randomUUID } from 'node:crypto';
import type { Contract } from '@mall/contracts';
import { CatalogContract } from '@mall/contracts/catalog';
import { IdentityContract } from '@mall/contracts/identity';
import { InventoryContract } from '@mall/contracts/inventory';
import { PaymentContract } from '@mall/contracts/payment';
import { StaticRegistry } from '@mall/platform/registry';
import { createClient, HttpTransport, type Client } from '@mall/platform/rpc';
import { Cluster } from '@mall/platform/runtime';
import { uniqueEmail, type Browser } from '@mall/platform/testkit';
import { modules } from '../../launch/services.ts';
import { MailCatcher } from '../../services/notification/test/harness.ts';
import { serverEnv } from '../fixture/harness.ts';
import { expectStatus } from '../fixture/shopper.ts';

export const PRICE = 12_900;
export const STOCK = 10;

const text = (en: string) => ({ zh: `中文 ${en}`, en });
const key = () => `e2e-${randomUUID()}`;

export interface PurchaseMallOptions {
  /** Order instances (default 2). */
  orderInstances?: number;
  /** Env on top of the test servers' for every process (a private NATS, a setting). */
  env?: Record<string, string>;
}

/** The whole mall as processes, with staff's clients and the mail catcher. */
export class PurchaseMall {
  private readonly transports: HttpTransport[] = [];
  private constructor(
    readonly cluster: Cluster,
    readonly mail: MailCatcher,
    private readonly registry: StaticRegistry,
    readonly catalog: Client<typeof CatalogContract>,
    readonly inventory: Client<typeof InventoryContract>,
    readonly identity: Client<typeof IdentityContract>,
    readonly payment: Client<typeof PaymentContract>,
  ) {}

  get gatewayUrl(): string {
    return this.cluster.instances('gateway')[0]!.url;
  }

  static async launch(opts: PurchaseMallOptions = {}): Promise<PurchaseMall> {
    const mail = new MailCatcher();
    await mail.start();
    const verbose = Boolean(process.env.MALL_TEST_VERBOSE);
    const spec = (service: string, instances = 1) => ({ service, module: modules[service]!, instances });
    let cluster: Cluster;
    try {
      cluster = await Cluster.launch(
        [
          spec('identity'),
          spec('inventory'),
          spec('catalog'),
          spec('cart'),
          spec('payment'),
          spec('cardprocessor'),
          spec('order', opts.orderInstances ?? 2),
          spec('notification'),
          spec('gateway'),
        ],
        {
          env: {
            ...serverEnv,
            MALL_NOTIFICATION_TRANSPORT: 'smtp',
            MALL_NOTIFICATION_SMTP__HOST: '127.0.0.1',
            MALL_NOTIFICATION_SMTP__PORT: String(mail.port),
            ...opts.env,
          },
          readyTimeoutMs: 180_000,
          onLine: (prefix, line) => {
            if (verbose || /"level":"(error|fatal)"/.test(line)) process.stdout.write(`${prefix} ${line}\n`);
          },
        },
      );
    } catch (err) {
      await mail.stop();
      throw err;
    }
    const urls = (service: string) => cluster.instances(service).map((i) => i.url);
    const registry = new StaticRegistry({
      catalog: urls('catalog'),
      inventory: urls('inventory'),
      identity: urls('identity'),
      payment: urls('payment'),
    });
    const transports: HttpTransport[] = [];
    const clientOf = async <C extends Contract>(contract: C): Promise<Client<C>> => {
      const transport = await HttpTransport.connect(contract.service, registry);
      transports.push(transport);
      return createClient(contract, transport, { timeoutMs: 30_000 });
    };
    const mall = new PurchaseMall(
      cluster,
      mail,
      registry,
      await clientOf(CatalogContract),
      await clientOf(InventoryContract),
      await clientOf(IdentityContract),
      await clientOf(PaymentContract),
    );
    mall.transports.push(...transports);
    return mall;
  }

  async stop(): Promise<void> {
    for (const t of this.transports) await t.close();
    await this.registry.close();
    await this.cluster.stop();
    await this.mail.stop();
  }

  /** A product on sale with one SKU at `price` and `stock` units, as the back office would set it up. */
  async stockedSku(stock = STOCK, price = PRICE): Promise<{ productId: string; skuId: string }> {
    const top = await this.catalog.createCategory({ idempotencyKey: key(), name: text('e2e top') });
    const middle = await this.catalog.createCategory({ idempotencyKey: key(), parentId: top.id, name: text('e2e middle') });
    const leaf = await this.catalog.createCategory({ idempotencyKey: key(), parentId: middle.id, name: text('e2e leaf') });
    const colour = await this.catalog.createAttribute({
      idempotencyKey: key(),
      categoryId: leaf.id,
      kind: 'sale',
      name: text('colour'),
      values: ['red'],
    });
    const product = await this.catalog.createProduct({
      idempotencyKey: key(),
      title: text('E2E Wireless Headphones'),
      categoryId: leaf.id,
      status: 'on_sale',
      skus: [{ attrs: [{ attributeId: colour.id, value: 'red' }], price: { amount: price, currency: 'CNY' } }],
    });
    const skuId = product.skus[0]!.id;
    await this.inventory.restock({ skuId, quantity: stock, reason: 'e2e stock', idempotencyKey: key() });
    return { productId: product.id, skuId };
  }

  async availableOf(skuId: string): Promise<number> {
    const { items } = await this.inventory.availability({ skuIds: [skuId] });
    return items[0]!.available;
  }

  /** A signed-in user with the given back-office roles (granted by staff behind the gateway). */
  async staff(browser: Browser, roles: string[]): Promise<{ token: string; userId: string }> {
    const email = uniqueEmail('e2e-staff');
    const password = `E2e-${randomUUID()}`;
    const registered = await browser.call('POST', '/api/auth/register', { body: { email, password } });
    expectStatus(registered, 201, 'register staff');
    await this.identity.setUserRoles({ userId: registered.body.user.id as string, roles });
    const login = await browser.call('POST', '/api/auth/login', { body: { email, password } });
    expectStatus(login, 200, 'staff login');
    return { token: login.body.accessToken as string, userId: registered.body.user.id as string };
  }
}
