// The signed-in user's notifications under /api/me/notifications: list (paged, with the unread count), mark one
// read, mark all read. The user id comes from the verified token, so another user's notification is NOT_FOUND.
import { Type } from 'typebox';
import { GatewayErrors } from './gateway-admin.ts';
import { defineRoute } from './http.ts';
import { NotificationContract } from './notification.ts';
import { strict } from './primitives.ts';

const notification = NotificationContract.methods;

const signedIn = {
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  USER_BANNED: GatewayErrors.codes.USER_BANNED,
  IP_DENIED: GatewayErrors.codes.IP_DENIED,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504,
} as const;

// Query strings are text and the gateway never coerces types: numbers and flags are declared as strings.
const ListQuery = Type.Object(
  {
    page: Type.Optional(Type.String({ maxLength: 5, pattern: '^[1-9][0-9]{0,4}$', description: '1 to 99999, default 1' })),
    pageSize: Type.Optional(Type.String({ maxLength: 3, pattern: '^([1-9][0-9]?|100)$', description: '1 to 100, default 20' })),
    unreadOnly: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')], { description: 'default false' })),
  },
  strict,
);
const NotificationId = Type.Object({ id: notification.markRead.input.properties.id }, strict);

export const notificationRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/api/me/notifications',
    summary: "The signed-in user's notifications, newest first, with the unread count.",
    tags: ['me'],
    public: false,
    query: ListQuery,
    responses: { 200: notification.listNotifications.output },
    errors: signedIn,
  }),
  markRead: defineRoute({
    method: 'POST',
    path: '/api/me/notifications/:id/read',
    summary: 'Marks one notification read; marking it again changes nothing. Another user’s notification is 404.',
    tags: ['me'],
    public: false,
    params: NotificationId,
    responses: { 200: notification.markRead.output },
    errors: { ...signedIn, NOT_FOUND: 404 },
  }),
  markAllRead: defineRoute({
    method: 'POST',
    path: '/api/me/notifications/read-all',
    summary: 'Marks every unread notification of the signed-in user read; answers how many changed.',
    tags: ['me'],
    public: false,
    responses: { 200: notification.markAllRead.output },
    errors: signedIn,
  }),
};
