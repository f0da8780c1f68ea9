// Order's configuration (hot-reloaded from the config center; env MALL_ORDER_<SETTING>), with its defaults,
// validated at start and on every change.
import { Type, type Static } from 'typebox';

export const OrderConfig = Type.Object(
  {
    /** How long a placed order waits for its payment before the timeout job cancels it. */
    paymentWindowSeconds: Type.Integer({ default: 900, minimum: 2, maximum: 86_400 }),
    /** The stock reservation outlives the payment window by this much, so the order's own timeout releases it first. */
    reservationMarginSeconds: Type.Integer({ default: 300, minimum: 1, maximum: 3600 }),
    /** Shipping costs this flat fee (minor units) below `freeShippingFrom`… */
    shippingFlatFee: Type.Integer({ default: 1000, minimum: 0, maximum: 1_000_000 }),
    /** …and nothing from this items total (minor units) upwards. */
    freeShippingFrom: Type.Integer({ default: 9900, minimum: 0, maximum: 1_000_000_000 }),
    /** A preview's submit token is refused after this long. */
    submitTokenTtlSeconds: Type.Integer({ default: 1800, minimum: 10, maximum: 86_400 }),
    /** How often the timeout job looks for unpaid orders past expiresAt, and how many it cancels per run. */
    timeoutSweepMs: Type.Integer({ default: 1000, minimum: 50, maximum: 600_000 }),
    timeoutBatchSize: Type.Integer({ default: 200, minimum: 1, maximum: 10_000 }),
    /** How often the task job carries out the calls that follow an order's changes (release, commit stock, refund). */
    tasksEveryMs: Type.Integer({ default: 200, minimum: 20, maximum: 600_000 }),
    /** A saga's runner holds it this long per step; a saga whose lease lapsed (its runner crashed) is taken by the recovery job. */
    sagaLeaseMs: Type.Integer({ default: 30_000, minimum: 500, maximum: 600_000 }),
    /** How often the recovery job looks for sagas whose runner is gone. */
    sagaRecoveryMs: Type.Integer({ default: 5000, minimum: 50, maximum: 600_000 }),
    /** Runs of a saga cut by transient failures before it is compensated instead of resumed. */
    sagaMaxAttempts: Type.Integer({ default: 10, minimum: 1, maximum: 1000 }),
    /** Submit tokens this long past their expiry, and finished sagas this long past their end, are deleted… */
    checkoutRetentionSeconds: Type.Integer({ default: 7 * 86_400, minimum: 60, maximum: 366 * 86_400 }),
    /** …by a job this often, at most this many of each per run. */
    pruneEveryMs: Type.Integer({ default: 10 * 60_000, minimum: 1000, maximum: 86_400_000 }),
    pruneBatchSize: Type.Integer({ default: 1000, minimum: 1, maximum: 100_000 }),
  },
  { additionalProperties: false },
);

export type OrderConfig = Static<typeof OrderConfig>;
