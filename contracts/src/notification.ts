// The notification service's contract: a user's in-app notifications (listed, marked read). Mails are its own
// affair: it consumes the order and payment events and mails the buyer; nothing calls it to send one.
import { Type } from 'typebox';
import { defineContract, type MethodInput, type MethodOutput } from './define.ts';
import { Count, MAX_PAGE_SIZE, strict, Timestamp, Uuid } from './primitives.ts';

/** What a notification is about; a refund is one notification whether order.refunded or payment.refunded tells it first. */
export const NotificationKind = Type.Union([
  Type.Literal('order-placed'),
  Type.Literal('order-paid'),
  Type.Literal('order-cancelled'),
  Type.Literal('order-shipped'),
  Type.Literal('order-refunded'),
  Type.Literal('payment-failed'),
]);

/** One in-app notification, its title and body written in the user's current locale. */
export const Notification = Type.Object({
  id: Uuid,
  kind: NotificationKind,
  title: Type.String({ maxLength: 200 }),
  body: Type.String({ maxLength: 4000 }),
  orderId: Type.Union([Uuid, Type.Null()]),
  read: Type.Boolean(),
  createdAt: Timestamp,
  readAt: Type.Union([Timestamp, Type.Null()]),
});

const Page = Type.Integer({ minimum: 1, maximum: 99_999, format: 'int32' });
const PageSize = Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, format: 'int32' });

export const NotificationContract = defineContract('notification', {
  listNotifications: {
    summary: "A user's notifications, newest first, with how many are unread.",
    input: Type.Object(
      { userId: Uuid, page: Type.Optional(Page), pageSize: Type.Optional(PageSize), unreadOnly: Type.Optional(Type.Boolean()) },
      strict,
    ),
    output: Type.Object({
      items: Type.Array(Notification, { maxItems: MAX_PAGE_SIZE }),
      page: Page,
      pageSize: PageSize,
      total: Count,
      unread: Count,
    }),
    idempotent: true,
  },
  markRead: {
    summary: "Marks one of the user's notifications read (again: no change); another user's id is NOT_FOUND.",
    input: Type.Object({ userId: Uuid, id: Uuid }, strict),
    output: Notification,
    errors: { NOT_FOUND: 404 },
    idempotent: true,
  },
  markAllRead: {
    summary: 'Marks every unread notification of the user read; answers how many changed.',
    input: Type.Object({ userId: Uuid }, strict),
    output: Type.Object({ marked: Count }),
    idempotent: true,
  },
});

export type NotificationInput<M extends keyof typeof NotificationContract.methods> = MethodInput<typeof NotificationContract, M>;
export type NotificationOutput<M extends keyof typeof NotificationContract.methods> = MethodOutput<typeof NotificationContract, M>;
