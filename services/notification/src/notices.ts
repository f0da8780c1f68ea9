// In-app notifications in the service's schema: recorded once per fact (with the mail to send, in the same
// transaction), listed newest first in the reader's locale, and marked read — only ever the user's own.
import { randomUUID } from 'node:crypto';
import { MallError } from '@mall/contracts';
import type { NotificationInput, NotificationOutput } from '@mall/contracts/notification';
import type { ServiceDb, Tx } from '@mall/platform/db';
import type { Fact, FactData, Kind } from './domain/facts.ts';
import { renderNotification, type Locale } from './domain/templates.ts';

type Notification = NotificationOutput<'markRead'>;

interface NoticeRow {
  id: string;
  kind: Kind;
  order_id: string | null;
  data: FactData;
  read_at: Date | string | null;
  created_at: Date | string;
}

const COLUMNS = 'id, kind, order_id, data, read_at, created_at';
const DEFAULT_PAGE_SIZE = 20;

/** Records a fact as a notification and its mail, in the consumer's transaction; false when it was recorded before. */
export async function recordFact(tx: Tx, fact: Fact, mailDomain: string): Promise<boolean> {
  const data = fact.data.orderNo === undefined ? { ...fact.data, ...(await orderNoTold(tx, fact)) } : fact.data;
  const [notice] = await tx.query<{ id: string }>(
    `INSERT INTO notifications (user_id, kind, ref, order_id, data) VALUES ($1, $2, $3, $4, $5::jsonb)
     ON CONFLICT (user_id, kind, ref) DO NOTHING RETURNING id`,
    [fact.userId, fact.kind, fact.ref, fact.orderId, JSON.stringify(data)],
  );
  if (!notice) return false;
  await tx.query('INSERT INTO outgoing_mails (notification_id, message_id) VALUES ($1, $2)', [
    notice.id,
    `<${randomUUID()}@${mailDomain}>`,
  ]);
  return true;
}

/** Payment events name the order by id only; the buyer knows it by the number an earlier order event told. */
async function orderNoTold(tx: Tx, fact: Fact): Promise<{ orderNo?: string }> {
  const [told] = await tx.query<{ order_no: string }>(
    `SELECT data->>'orderNo' AS order_no FROM notifications WHERE user_id = $1 AND order_id = $2 AND data ? 'orderNo' LIMIT 1`,
    [fact.userId, fact.orderId],
  );
  return told ? { orderNo: told.order_no } : {};
}

export class Notices {
  constructor(
    private readonly db: ServiceDb,
    private readonly localeOf: (userId: string) => Promise<Locale>,
  ) {}

  async list(input: NotificationInput<'listNotifications'>): Promise<NotificationOutput<'listNotifications'>> {
    const page = input.page ?? 1;
    const pageSize = input.pageSize ?? DEFAULT_PAGE_SIZE;
    const unreadOnly = input.unreadOnly === true;
    const [rows, [counts], locale] = await Promise.all([
      this.db.query<NoticeRow>(
        `SELECT ${COLUMNS} FROM notifications WHERE user_id = $1 ${unreadOnly ? 'AND read_at IS NULL' : ''}
         ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`,
        [input.userId, pageSize, (page - 1) * pageSize],
      ),
      this.db.query<{ total: number; unread: number }>(
        `SELECT count(*)::int AS total, (count(*) FILTER (WHERE read_at IS NULL))::int AS unread FROM notifications WHERE user_id = $1`,
        [input.userId],
      ),
      this.localeOf(input.userId),
    ]);
    const unread = counts?.unread ?? 0;
    return {
      items: rows.map((row) => toNotification(row, locale)),
      page,
      pageSize,
      total: unreadOnly ? unread : (counts?.total ?? 0),
      unread,
    };
  }

  async markRead({ userId, id }: NotificationInput<'markRead'>): Promise<Notification> {
    // Marking read again keeps the first read time: the call is idempotent.
    const [row] = await this.db.query<NoticeRow>(
      `UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = $1 AND user_id = $2 RETURNING ${COLUMNS}`,
      [id, userId],
    );
    if (!row) throw new MallError('NOT_FOUND', 'no such notification');
    return toNotification(row, await this.localeOf(userId));
  }

  async markAllRead({ userId }: NotificationInput<'markAllRead'>): Promise<NotificationOutput<'markAllRead'>> {
    const rows = await this.db.query('UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL RETURNING id', [
      userId,
    ]);
    return { marked: rows.length };
  }
}

function toNotification(row: NoticeRow, locale: Locale): Notification {
  const orderId = row.order_id ?? '';
  const { title, body } = renderNotification(row.kind, row.data, orderId, locale);
  return {
    id: row.id,
    kind: row.kind,
    title,
    body,
    orderId: row.order_id,
    read: row.read_at !== null,
    createdAt: new Date(row.created_at).toISOString(),
    readAt: row.read_at === null ? null : new Date(row.read_at).toISOString(),
  };
}
