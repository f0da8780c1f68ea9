// What seckill does on its own ticket events: hands each ticket to the order batcher. The event is durable in the
// bus (JetStream in cluster mode), so a ticket whose instance died before the batch still reaches an order.
import { SeckillTicketQueued } from '@mall/contracts/seckill';
import { defineConsumer, type ConsumerSpec } from '@mall/platform/bus';
import type { OrderBatcher } from './order-batcher.ts';

export function seckillConsumers(batcher: OrderBatcher): ConsumerSpec[] {
  return [
    defineConsumer({
      name: 'place-orders',
      event: SeckillTicketQueued,
      concurrency: 64,
      handle: async (ticket) => batcher.add(ticket.ticketId),
    }),
  ];
}
