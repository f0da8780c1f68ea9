// Flash-sale orders, placed from seckill's tickets: the checkout saga's own steps, but the line is priced at the
// sale's price (catalog still gives the title and picture), the unit is reserved out of the sale's inventory
// allocation instead of general stock, the address is the buyer's default and the payment window is the sale's.
// Idempotent by the caller's ref: the order id is derived from it, so a retried ticket meets its first order.
import { createHash } from 'node:crypto';
import { MallError, type MethodInput, type MethodOutput } from '@mall/contracts';
import type { IdentityContract } from '@mall/contracts/identity';
import type { OrderContract } from '@mall/contracts/order';
import type { Client } from '@mall/platform/rpc';
import { priceBreakdown, priceCartLines } from '../domain/pricing.ts';
import type { OrderRow } from '../order-rows.ts';
import { sagaFailure, type SagaRecord, type SagaRunner } from '../saga/saga-runner.ts';
import { createStep, defineSaga, type SagaDefinition } from '../saga/steps.ts';
import { cancelUnpaid, checkoutSaga, writeOrder, type CheckoutDeps, type CheckoutState } from './saga.ts';

type Input = MethodInput<typeof OrderContract, 'placeSeckillOrder'>;
type Placed = MethodOutput<typeof OrderContract, 'placeSeckillOrder'>;

export interface SeckillState extends CheckoutState {
  allocation: string;
  unitPrice: Input['unitPrice'];
  paymentWindowSeconds: number;
}

/** How long a repeated call waits for the first one's saga before answering ORDER_IN_PROGRESS. */
const AWAIT_SAGA_MS = 15_000;

/** The order id of a ref: a name-based UUID (version 5 layout) of it, the same on every call. */
export function seckillOrderId(ref: string): string {
  const h = createHash('sha256').update(`seckill-order:${ref}`).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function seckillSaga(deps: CheckoutDeps): SagaDefinition<SeckillState> {
  // The saga's own steps where nothing differs: the payment intent (retried, never compensated).
  const createIntent = checkoutSaga(deps).steps.find((s) => s.name === 'createIntent')!;
  const withWindow = (s: SeckillState): CheckoutDeps => ({
    ...deps,
    settings: () => ({ ...deps.settings(), paymentWindowSeconds: s.paymentWindowSeconds }),
  });
  return defineSaga<SeckillState>('seckill-checkout', [
    createStep('priceAtSalePrice', (s) => priceAtSalePrice(deps, s), 'nothing to undo'),
    createStep(
      'reserveFromAllocation',
      async (s) => {
        await deps.inventory.reserve({
          ref: s.orderId,
          lines: s.lines,
          ttlSeconds: s.paymentWindowSeconds + deps.settings().reservationMarginSeconds,
          allocation: s.allocation,
        });
      },
      async (s) => {
        await deps.inventory.cancel({ ref: s.orderId });
      },
    ),
    createStep(
      'writeOrder',
      (s) => writeOrder(withWindow(s), s),
      (s) => cancelUnpaid(deps, s),
      { pivot: true },
    ),
    createStep('createIntent', (s) => createIntent.invoke(s), 'nothing to undo'),
  ]);
}

/** Catalog's snapshot of the SKU (title, picture; refused when not on sale), at the sale's price. */
async function priceAtSalePrice(deps: CheckoutDeps, s: SeckillState): Promise<Partial<SeckillState>> {
  const { items } = await deps.catalog.skuSnapshots({ skuIds: s.lines.map((l) => l.skuId) });
  const result = priceCartLines(s.lines, items);
  if (result.kind === 'unavailable') throw new MallError('SKU_NOT_ON_SALE', `not on sale: ${result.skuIds.join(', ')}`, { status: 409 });
  const priced = result.lines.map((l) => ({
    ...l,
    unitPrice: s.unitPrice,
    lineTotal: { amount: s.unitPrice.amount * l.quantity, currency: s.unitPrice.currency },
  }));
  return { priced, breakdown: priceBreakdown(priced, deps.settings().shipping) };
}

export interface SeckillCheckoutOptions {
  db: CheckoutDeps['db'];
  identity: Client<typeof IdentityContract>;
  runner: SagaRunner;
  saga: SagaDefinition<SeckillState>;
}

export class SeckillCheckout {
  constructor(private readonly o: SeckillCheckoutOptions) {}

  async place(input: Input): Promise<Placed> {
    const orderId = seckillOrderId(input.ref);
    const existing = await this.o.runner.get<SeckillState>(orderId);
    if (existing) return this.answer(await this.awaitSaga(orderId, existing));
    const address = await this.defaultAddress(input.buyerId);
    const state: SeckillState = {
      orderId,
      buyerId: input.buyerId,
      lines: [{ skuId: input.skuId, quantity: input.quantity }],
      address,
      allocation: input.allocation,
      unitPrice: input.unitPrice,
      paymentWindowSeconds: input.paymentWindowSeconds,
    };
    const first = await this.o.db.transaction(async (tx) => {
      const [taken] = await tx.query('SELECT 1 FROM sagas WHERE id = $1', [orderId]);
      if (taken) return false;
      await this.o.runner.begin(tx, this.o.saga, orderId, state);
      return true;
    });
    if (!first) return this.answer(await this.awaitSaga(orderId));
    return this.answer(await this.o.runner.drive(this.o.saga, orderId));
  }

  private async defaultAddress(buyerId: string): Promise<CheckoutState['address']> {
    const { addresses } = await this.o.identity.listAddresses({ userId: buyerId });
    const a = addresses.find((x) => x.isDefault);
    if (!a) throw new MallError('NO_DEFAULT_ADDRESS', 'the buyer has no default address to ship the flash-sale order to', { status: 409 });
    const { recipient, phone, line1, line2, city, region, postalCode, country } = a;
    return { recipient, phone, line1, line2, city, region, postalCode, country };
  }

  /** The saga as it ends: this caller drives it when nobody else does (its first runner is gone). */
  private async awaitSaga(orderId: string, seen?: SagaRecord<SeckillState>): Promise<SagaRecord<SeckillState>> {
    const deadline = Date.now() + AWAIT_SAGA_MS;
    let saga = seen;
    for (;;) {
      saga ??= await this.o.runner.get<SeckillState>(orderId);
      if (saga && (saga.status === 'done' || saga.status === 'compensated')) return saga;
      if (await this.o.runner.claim(orderId)) return this.o.runner.drive(this.o.saga, orderId);
      if (Date.now() > deadline) throw new MallError('ORDER_IN_PROGRESS', 'this order is still being placed; ask again', { status: 409 });
      await new Promise((resolve) => setTimeout(resolve, 50));
      saga = undefined;
    }
  }

  private async answer(saga: SagaRecord<SeckillState>): Promise<Placed> {
    const payment = saga.state.payment;
    if (saga.status !== 'done' || !payment) throw sagaFailure(saga.error);
    const [row] = await this.o.db.query<Pick<OrderRow, 'status'>>('SELECT status FROM orders WHERE id = $1', [saga.id]);
    const s = saga.state;
    return { id: s.orderId, orderNo: s.orderNo!, status: row!.status, total: s.breakdown!.total, expiresAt: s.expiresAt!, payment };
  }
}
