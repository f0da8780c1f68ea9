// /api/me/notifications: the signed-in user's in-app notifications, each one notification call. The user id always
// comes from the verified token, so another user's notification is NOT_FOUND.
import { notificationRoutes as routes } from '@mall/contracts/gateway';
import type { NotificationContract } from '@mall/contracts/notification';
import type { Client } from '@mall/platform/rpc';
import { userIdOf } from '../authentication.ts';
import { edgeHandlers, handle, type EdgeHandlers } from './edge-handler.ts';

export function notificationHandlers(notification: Client<typeof NotificationContract>): EdgeHandlers {
  return edgeHandlers(
    handle(routes.list, (request) => {
      const { query } = request;
      return notification.listNotifications({
        userId: userIdOf(request),
        // The route's schema admits digit strings and 'true'/'false' only.
        ...(query.page !== undefined ? { page: Number(query.page) } : {}),
        ...(query.pageSize !== undefined ? { pageSize: Number(query.pageSize) } : {}),
        ...(query.unreadOnly !== undefined ? { unreadOnly: query.unreadOnly === 'true' } : {}),
      });
    }),
    handle(routes.markRead, (request) => notification.markRead({ userId: userIdOf(request), id: request.params.id })),
    handle(routes.markAllRead, (request) => notification.markAllRead({ userId: userIdOf(request) })),
  );
}
