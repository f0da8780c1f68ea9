// Notification's configuration (hot-reloaded; env MALL_NOTIFICATION_<SETTING>, groups with __), with its
// defaults, validated at start and on every change. A change of `smtp` or `transport` takes effect at the next mail.
import { Type, type Static } from 'typebox';

export const NotificationConfig = Type.Object(
  {
    /** Where mails go: `smtp`, `eml` (.eml files in mailDir), or `auto`: eml in the all-in-one mode, smtp in the cluster. */
    transport: Type.Union([Type.Literal('auto'), Type.Literal('smtp'), Type.Literal('eml')], { default: 'auto' }),
    /** The folder of .eml files, for the eml transport: a relative path is under the data folder (MALL_DATA_DIR). */
    mailDir: Type.String({ minLength: 1, maxLength: 500, default: 'mail' }),
    smtp: Type.Object(
      {
        host: Type.String({ minLength: 1, maxLength: 253, default: '127.0.0.1' }),
        port: Type.Integer({ minimum: 1, maximum: 65_535, default: 25 }),
        /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
        secure: Type.Boolean({ default: false }),
        user: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
        pass: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
        /** Connection, greeting and socket timeout of one attempt. */
        timeoutMs: Type.Integer({ minimum: 100, maximum: 120_000, default: 10_000 }),
      },
      { additionalProperties: false, default: {} },
    ),
    /** The sender of every mail. */
    from: Type.String({ minLength: 3, maxLength: 200, default: 'Mall <no-reply@mall.local>' }),
    /** How often the dispatch job looks for mails due. */
    dispatchEveryMs: Type.Integer({ minimum: 50, maximum: 600_000, default: 500 }),
    /** Mails claimed per dispatch at most. */
    dispatchBatchSize: Type.Integer({ minimum: 1, maximum: 1000, default: 20 }),
    /** First retry delay after a failed send; it doubles per attempt up to retryMaxMs. */
    retryBaseMs: Type.Integer({ minimum: 10, maximum: 3_600_000, default: 1000 }),
    retryMaxMs: Type.Integer({ minimum: 10, maximum: 86_400_000, default: 300_000 }),
    /** Attempts before a mail is given up as failed (it stays listed in-app). */
    maxAttempts: Type.Integer({ minimum: 1, maximum: 1000, default: 20 }),
    /** How long a claimed mail is held by the instance sending it before another may take it (a crashed sender). */
    claimMs: Type.Integer({ minimum: 1000, maximum: 3_600_000, default: 60_000 }),
  },
  { additionalProperties: false },
);

export type NotificationConfig = Static<typeof NotificationConfig>;
