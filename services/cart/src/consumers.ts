// Cart's event consumers: a paid order's lines leave its buyer's cart. The inbox makes a redelivered event a no-op,
// and paid_orders makes the order itself count once, whatever event ids carry it.
import { OrderPaid } from '@mall/contracts/order';
import { defineConsumer } from '@mall/platform/bus';
import type { Logger } from '@mall/platform/observability';
import { memberKey } from './carts.ts';
import type { CartLines } from './lines.ts';

export function dropPurchasedLines(lines: CartLines, log: Logger) {
  return defineConsumer({
    name: 'drop-purchased-lines',
    event: OrderPaid,
    async handle({ orderId, buyerId, lines: bought }, { tx }) {
      const skuIds = [...new Set(bought.map((line) => line.skuId))];
      const removed = await lines.dropPurchased(tx, { orderId, buyerId, cartKey: memberKey(buyerId), skuIds });
      if (removed === undefined) log.debug({ orderId }, 'order.paid for an order applied before; nothing to drop');
    },
  });
}
