// The card processor's configuration (hot-reloaded; env MALL_CARDPROCESSOR_<SETTING>), with its defaults,
// validated at start and on every change.
import { Type, type Static } from 'typebox';

export const CardProcessorConfig = Type.Object(
  {
    /** The secret notifications are signed with (HMAC-SHA256); payment's processorSecret. */
    notificationSecret: Type.String({ default: 'mall-dev-processor-secret-change-me', minLength: 16, maxLength: 200 }),
    /** How often the delivery job looks for notifications due (one instance at a time). */
    deliveryEveryMs: Type.Integer({ default: 250, minimum: 20, maximum: 60_000 }),
    /** Notifications sent per delivery run at most. */
    deliveryBatchSize: Type.Integer({ default: 50, minimum: 1, maximum: 1000 }),
    /** The first retry waits about this long, each next one twice as long, up to retryCapMs. */
    retryBaseMs: Type.Integer({ default: 1000, minimum: 10, maximum: 600_000 }),
    retryCapMs: Type.Integer({ default: 300_000, minimum: 10, maximum: 86_400_000 }),
    /** After this many failed attempts a notification is abandoned (the merchant's reconciliation settles the intent). */
    maxAttempts: Type.Integer({ default: 25, minimum: 1, maximum: 1000 }),
  },
  { additionalProperties: false },
);

export type CardProcessorConfig = Static<typeof CardProcessorConfig>;
