// Checkout as buyers see it: a preview that prices the selected cart lines and issues a one-time submit token, and
// the submit that places the order through the saga. A token is spent by its first submit: every later submit,
// concurrent or retried, answers the same order (or the same refusal), never a second one.
import { randomBytes, randomUUID } from 'node:crypto';
import { MallError, type MethodInput, type MethodOutput } from '@mall/contracts';
import type { IdentityContract } from '@mall/contracts/identity';
import { MAX_ORDER_LINES, type OrderContract } from '@mall/contracts/order';
import type { Client } from '@mall/platform/rpc';
import type { CartLine, ShippingRule } from '../domain/pricing.ts';
import type { Order, OrderRow } from '../order-rows.ts';
import type { CartPort } from '../ports.ts';
import { sagaFailure, type SagaRecord, type SagaRunner } from '../saga/saga-runner.ts';
import type { SagaDefinition } from '../saga/steps.ts';
import { priceLines, type CheckoutDeps, type CheckoutState } from './saga.ts';

type Preview = MethodOutput<typeof OrderContract, 'previewCheckout'>;
type Placed = MethodOutput<typeof OrderContract, 'placeOrder'>;

/** How long a second submit of a token waits for the first one's saga before answering ORDER_IN_PROGRESS. */
const AWAIT_SAGA_MS = 15_000;

export interface CheckoutOptions extends Pick<CheckoutDeps, 'db' | 'catalog'> {
  identity: Client<typeof IdentityContract>;
  cart: CartPort;
  runner: SagaRunner;
  saga: SagaDefinition<CheckoutState>;
  settings: () => { shipping: ShippingRule; submitTokenTtlSeconds: number };
}

export class Checkout {
  constructor(private readonly o: CheckoutOptions) {}

  async preview({ buyerId, addressId }: MethodInput<typeof OrderContract, 'previewCheckout'>): Promise<Preview> {
    await this.addressOf(buyerId, addressId);
    const { lines } = await this.o.cart.checkoutLines({ buyerId });
    if (lines.length === 0) throw new MallError('CART_EMPTY', 'no cart line is selected', { status: 409 });
    if (lines.length > MAX_ORDER_LINES)
      throw new MallError('TOO_MANY_LINES', `an order holds at most ${MAX_ORDER_LINES} lines`, { status: 409 });
    const wanted: CartLine[] = lines.map(({ skuId, quantity }) => ({ skuId, quantity }));
    const settings = this.o.settings();
    const { priced, breakdown } = await priceLines(this.o.catalog, wanted, settings.shipping);
    const submitToken = randomBytes(32).toString('base64url');
    const [row] = await this.o.db.query<{ expires_at: Date | string }>(
      `INSERT INTO submit_tokens (token, buyer_id, lines, expires_at) VALUES ($1, $2, $3::jsonb, now() + $4 * interval '1 second')
       RETURNING expires_at`,
      [submitToken, buyerId, JSON.stringify(wanted), settings.submitTokenTtlSeconds],
    );
    return { lines: priced, breakdown, submitToken, submitTokenExpiresAt: new Date(row!.expires_at).toISOString() };
  }

  async place({ buyerId, submitToken, addressId }: MethodInput<typeof OrderContract, 'placeOrder'>): Promise<Placed> {
    const address = await this.addressOf(buyerId, addressId);
    const started = await this.o.db.transaction(async (tx) => {
      const [token] = await tx.query<{ buyer_id: string; lines: CartLine[]; order_id: string | null; expired: boolean }>(
        'SELECT buyer_id, lines, order_id, expires_at <= now() AS expired FROM submit_tokens WHERE token = $1 FOR UPDATE',
        [submitToken],
      );
      if (!token || token.buyer_id !== buyerId) throw invalidToken('unknown submit token; preview the checkout again');
      if (token.order_id !== null) return { orderId: token.order_id, first: false };
      if (token.expired) throw invalidToken('the submit token expired; preview the checkout again');
      const orderId = randomUUID();
      await tx.query('UPDATE submit_tokens SET order_id = $2 WHERE token = $1', [submitToken, orderId]);
      await this.o.runner.begin(tx, this.o.saga, orderId, { orderId, buyerId, lines: token.lines, address });
      return { orderId, first: true };
    });
    const saga = started.first ? await this.o.runner.drive(this.o.saga, started.orderId) : await this.awaitSaga(started.orderId);
    return this.answer(saga);
  }

  /** The buyer's address as the order keeps it; another buyer's address is NOT_FOUND (identity answers so). */
  private async addressOf(buyerId: string, addressId: string): Promise<Order['address']> {
    const a = await this.o.identity.getAddress({ userId: buyerId, addressId });
    return {
      recipient: a.recipient,
      phone: a.phone,
      line1: a.line1,
      line2: a.line2,
      city: a.city,
      region: a.region,
      postalCode: a.postalCode,
      country: a.country,
    };
  }

  /** A second submit of a token: the first one's result, or this caller drives the saga when its first runner is gone. */
  private async awaitSaga(orderId: string): Promise<SagaRecord<CheckoutState>> {
    const deadline = Date.now() + AWAIT_SAGA_MS;
    for (;;) {
      const saga = await this.o.runner.get<CheckoutState>(orderId);
      if (saga && (saga.status === 'done' || saga.status === 'compensated')) return saga;
      if (await this.o.runner.claim(orderId)) return this.o.runner.drive(this.o.saga, orderId);
      if (Date.now() > deadline) throw new MallError('ORDER_IN_PROGRESS', 'this order is still being placed; ask again', { status: 409 });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private async answer(saga: SagaRecord<CheckoutState>): Promise<Placed> {
    const payment = saga.state.payment;
    if (saga.status !== 'done' || !payment) throw sagaFailure(saga.error);
    const [row] = await this.o.db.query<Pick<OrderRow, 'status'>>('SELECT status FROM orders WHERE id = $1', [saga.id]);
    const s = saga.state;
    return {
      id: s.orderId,
      orderNo: s.orderNo!,
      status: row!.status,
      total: s.breakdown!.total,
      expiresAt: s.expiresAt!,
      payment,
    };
  }
}

function invalidToken(message: string): MallError {
  return new MallError('SUBMIT_TOKEN_INVALID', message, { status: 409 });
}
