// The signed-in shopper's in-app notifications (GET /api/me/notifications) and the unread count the header shows.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api, unwrap } from '../api/client.ts';
import type { paths } from '../api/schema.d.ts';

export type Notification = paths['/api/me/notifications']['get']['responses'][200]['content']['application/json']['items'][number];

export const useNotificationsStore = defineStore('notifications', () => {
  const items = ref<Notification[]>([]);
  const unread = ref(0);

  /** Only the unread count, for the header. */
  async function count(): Promise<void> {
    unread.value = (await unwrap(api.GET('/api/me/notifications', { params: { query: { pageSize: '1', unreadOnly: 'true' } } }))).unread;
  }

  async function load(): Promise<void> {
    const page = await unwrap(api.GET('/api/me/notifications', { params: { query: { pageSize: '50' } } }));
    items.value = page.items;
    unread.value = page.unread;
  }

  async function markRead(id: string): Promise<void> {
    const wasUnread = items.value.some((n) => n.id === id && !n.read);
    const marked = await unwrap(api.POST('/api/me/notifications/{id}/read', { params: { path: { id } } }));
    items.value = items.value.map((n) => (n.id === id ? marked : n));
    if (wasUnread) unread.value = Math.max(0, unread.value - 1);
  }

  async function markAllRead(): Promise<void> {
    await unwrap(api.POST('/api/me/notifications/read-all'));
    await load();
  }

  function clear(): void {
    items.value = [];
    unread.value = 0;
  }

  return { items, unread, count, load, markRead, markAllRead, clear };
});
