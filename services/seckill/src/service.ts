// The seckill service: flash-sale sessions (back office: create, edit, publish, close), the storefront's sessions,
// the grab (token, one atomic KV decision, a ticket) and the ticket's fate. This file is its only wiring.
import { fileURLToPath } from 'node:url';
import { InventoryContract } from '@mall/contracts/inventory';
import { SeckillContract } from '@mall/contracts/seckill';
import { defineService } from '@mall/platform/runtime';
import { SeckillConfig } from './config.ts';
import { Grabs } from './grab.ts';
import { seckillHandlers } from './handlers.ts';
import { Sessions } from './sessions.ts';

export default defineService({
  name: 'seckill',
  contract: SeckillContract,
  config: SeckillConfig,
  migrations: fileURLToPath(new URL('../migrations', import.meta.url)),
  dependsOn: [InventoryContract],
  setup: (ctx) => ({
    sessions: new Sessions(ctx.db, ctx.kv, ctx.client(InventoryContract)),
    grabs: new Grabs(ctx.db, ctx.kv, ctx.bus, () => ctx.config.current.grabTokenSecret),
  }),
  handlers: (_ctx, { sessions, grabs }) => seckillHandlers(sessions, grabs),
});
