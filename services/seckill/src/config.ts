// Seckill's configuration (hot-reloaded; env MALL_SECKILL_<SETTING>), with its defaults,
// validated at start and on every change.
import { Type, type Static } from 'typebox';

export const SeckillConfig = Type.Object(
  {
    /** The secret grab tokens are signed with (HMAC-SHA256); every instance must share it. */
    grabTokenSecret: Type.String({ default: 'mall-dev-seckill-grab-secret-change-me', minLength: 16, maxLength: 200 }),
    /** How long an instance refuses grabs of an item it saw sold out before asking the store again (units can come back). */
    soldOutRecheckMs: Type.Integer({ default: 1000, minimum: 1, maximum: 60_000 }),
    /** Tickets handed to the order service in one batch at most… */
    orderBatchSize: Type.Integer({ default: 100, minimum: 1, maximum: 1000 }),
    /** …or whatever arrived within this time, whichever comes first (go-zero's batcher). */
    orderBatchMs: Type.Integer({ default: 100, minimum: 1, maximum: 10_000 }),
    /** Orders placed at the same time by one batch. */
    orderConcurrency: Type.Integer({ default: 16, minimum: 1, maximum: 256 }),
    /** The payment window of a flash-sale order (shorter than a normal order's). */
    paymentWindowSeconds: Type.Integer({ default: 300, minimum: 30, maximum: 86_400 }),
    /** A ticket still queued after this long (its batch died with an instance) is queued again by the sweep. */
    requeueAfterMs: Type.Integer({ default: 30_000, minimum: 100, maximum: 3_600_000 }),
    /** How often the sweep looks for such tickets and for sessions past their end to close. */
    sweepEveryMs: Type.Integer({ default: 5_000, minimum: 50, maximum: 3_600_000 }),
    /** Seed a demo on start: a session running now and one upcoming, from the demo catalog's SKUs (`npm start` sets it). */
    demoSessions: Type.Boolean({ default: false }),
  },
  { additionalProperties: false },
);

export type SeckillConfig = Static<typeof SeckillConfig>;
