// The order service: checkout (preview, submit token, the persisted checkout saga), the order state machine with its
// history, the unpaid-order timeout, and the consumers of payment's events. This file is its only wiring.
import { fileURLToPath } from 'node:url';
import { CartContract } from '@mall/contracts/cart';
import { CatalogContract } from '@mall/contracts/catalog';
import { IdentityContract } from '@mall/contracts/identity';
import { InventoryContract } from '@mall/contracts/inventory';
import { OrderContract } from '@mall/contracts/order';
import { PaymentContract } from '@mall/contracts/payment';
import { defineService, type ServiceContext } from '@mall/platform/runtime';
import { Checkout } from './checkout/checkout.ts';
import { checkoutSaga } from './checkout/saga.ts';
import { SeckillCheckout, seckillSaga } from './checkout/seckill.ts';
import { OrderConfig } from './config.ts';
import { orderConsumers } from './consumers.ts';
import { orderHandlers } from './handlers.ts';
import { cancelUnpaidOrdersJob, pruneCheckoutLeftoversJob, recoverSagasJob, runOrderTasksJob } from './jobs.ts';
import { OrderMoves } from './order-moves.ts';
import { OrderTasks } from './order-tasks.ts';
import { Refunds } from './refunds.ts';
import { SagaRunner } from './saga/saga-runner.ts';

function setup(ctx: ServiceContext<OrderConfig>) {
  const config = () => ctx.config.current;
  const shipping = () => ({ flatFee: config().shippingFlatFee, freeFrom: config().freeShippingFrom });
  const payment = ctx.client(PaymentContract);
  const catalog = ctx.client(CatalogContract);
  const inventory = ctx.client(InventoryContract);
  const tasks = new OrderTasks(ctx.db, inventory, payment, ctx.log);
  const moves = new OrderMoves(ctx.db, ctx.bus, tasks);
  const runner = new SagaRunner(ctx.db, { leaseMs: () => config().sagaLeaseMs, maxAttempts: () => config().sagaMaxAttempts, log: ctx.log });
  const sagaDeps = {
    db: ctx.db,
    bus: ctx.bus,
    moves,
    catalog,
    inventory,
    payment,
    settings: () => ({
      shipping: shipping(),
      paymentWindowSeconds: config().paymentWindowSeconds,
      reservationMarginSeconds: config().reservationMarginSeconds,
    }),
  };
  const saga = checkoutSaga(sagaDeps);
  const identity = ctx.client(IdentityContract);
  const seckill = new SeckillCheckout({ db: ctx.db, identity, runner, saga: seckillSaga(sagaDeps) });
  const checkout = new Checkout({
    db: ctx.db,
    catalog,
    identity,
    cart: ctx.client(CartContract),
    runner,
    saga,
    settings: () => ({ shipping: shipping(), submitTokenTtlSeconds: config().submitTokenTtlSeconds }),
  });
  return { moves, tasks, runner, saga, checkout, seckill, refunds: new Refunds(moves, payment) };
}

export default defineService({
  name: 'order',
  contract: OrderContract,
  config: OrderConfig,
  migrations: fileURLToPath(new URL('../migrations', import.meta.url)),
  dependsOn: [IdentityContract, CatalogContract, InventoryContract, CartContract, PaymentContract],
  setup,
  handlers: (ctx, own) => orderHandlers(ctx.db, own.checkout, own.moves, own.refunds, own.seckill),
  consumers: (ctx, own) => orderConsumers({ moves: own.moves, tasks: own.tasks, log: ctx.log }),
  jobs: (ctx, own) => [
    cancelUnpaidOrdersJob(
      own.moves,
      () => ({ everyMs: ctx.config.current.timeoutSweepMs, batchSize: ctx.config.current.timeoutBatchSize }),
      ctx.log,
    ),
    runOrderTasksJob(own.tasks, ctx.config.current.tasksEveryMs),
    recoverSagasJob(own.runner, own.saga, ctx.config.current.sagaRecoveryMs, ctx.log),
    pruneCheckoutLeftoversJob(
      ctx.db,
      ctx.config.current.pruneEveryMs,
      () => ({ retentionSeconds: ctx.config.current.checkoutRetentionSeconds, batchSize: ctx.config.current.pruneBatchSize }),
      ctx.log,
    ),
  ],
});
