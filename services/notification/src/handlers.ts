// Notification's RPC handlers: each reads its input and hands it to the module that owns the rule.
import type { NotificationContract } from '@mall/contracts/notification';
import type { Handlers } from '@mall/platform/rpc';
import type { Notices } from './notices.ts';

export function notificationHandlers(notices: Notices): Handlers<typeof NotificationContract> {
  return {
    listNotifications: (input) => notices.list(input),
    markRead: (input) => notices.markRead(input),
    markAllRead: (input) => notices.markAllRead(input),
  };
}
