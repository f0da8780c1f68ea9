// Payment's configuration (hot-reloaded; env MALL_PAYMENT_<SETTING>), with its defaults,
// validated at start and on every change.
import { Type, type Static } from 'typebox';

export const PaymentConfig = Type.Object(
  {
    /** Prepended to /pay/<intentId> in an intent's payUrl: empty means a path on the gateway's own origin. */
    payBaseUrl: Type.String({ default: '', maxLength: 200, pattern: '^(https?://[^\\s/]+)?$' }),
    /** The secret the card processor signs its notifications with (HMAC-SHA256); the processor's notificationSecret. */
    processorSecret: Type.String({ default: 'mall-dev-processor-secret-change-me', minLength: 16, maxLength: 200 }),
    /** How far a notification's timestamp may be from our clock, either way; older ones are refused as replays. */
    notificationToleranceSeconds: Type.Integer({ default: 300, minimum: 5, maximum: 3600 }),
    /** How often the reconciliation job runs (one instance at a time). */
    reconcileEveryMs: Type.Integer({ default: 10_000, minimum: 50, maximum: 3_600_000 }),
    /** A pending intent this old is settled by asking the processor (its notification may be lost or late). */
    reconcileAfterMs: Type.Integer({ default: 60_000, minimum: 0, maximum: 86_400_000 }),
    /** Intents and refunds looked at per reconciliation run at most. */
    reconcileBatchSize: Type.Integer({ default: 100, minimum: 1, maximum: 10_000 }),
  },
  { additionalProperties: false },
);

export type PaymentConfig = Static<typeof PaymentConfig>;
