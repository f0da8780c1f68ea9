// The outbox of mails: each mail row is written with its notification, then claimed by one instance at a time
// (a lease, so two instances never send one mail together and a crashed sender's mail is taken over), filled
// from the buyer's profile, sent, and marked sent with the server's answer — or given a later try with backoff.
import type { ServiceDb } from '@mall/platform/db';
import type { Logger } from '@mall/platform/observability';
import type { NotificationConfig } from './config.ts';
import type { FactData, Kind } from './domain/facts.ts';
import { givesUp, retryDelayMs } from './domain/retry.ts';
import { renderMail, type Locale } from './domain/templates.ts';
import type { Mailer, MailToSend } from './mailer.ts';

interface ClaimedRow {
  id: string;
  message_id: string;
  attempts: number;
  recipient: string | null;
  subject: string | null;
  text_body: string | null;
  html_body: string | null;
  user_id: string;
  kind: Kind;
  order_id: string | null;
  data: FactData;
}

/** Where a mail goes and in which language; undefined when the user no longer exists (nothing to send). */
export type RecipientOf = (userId: string) => Promise<{ email: string; locale: Locale } | undefined>;

export class MailOutbox {
  constructor(
    private readonly db: ServiceDb,
    private readonly mailer: Mailer,
    private readonly recipientOf: RecipientOf,
    private readonly config: () => NotificationConfig,
    private readonly log: Logger,
  ) {}

  /** Sends the mails that are due, at most one batch; answers how many were sent. */
  async dispatchDue(): Promise<number> {
    const { dispatchBatchSize, claimMs } = this.config();
    const claimed = await this.claim(dispatchBatchSize, claimMs);
    const outcomes = await Promise.all(claimed.map((row) => this.deliver(row)));
    return outcomes.filter(Boolean).length;
  }

  /** Takes due mails for `claimMs`, counting the attempt now: a sender that dies mid-send has used one. */
  private claim(limit: number, claimMs: number): Promise<ClaimedRow[]> {
    return this.db.query<ClaimedRow>(
      `UPDATE outgoing_mails m SET attempts = m.attempts + 1, next_attempt_at = now() + $2 * interval '1 millisecond'
       FROM notifications n
       WHERE n.id = m.notification_id AND m.id IN (
         SELECT id FROM outgoing_mails WHERE status = 'pending' AND next_attempt_at <= now()
         ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING m.id, m.message_id, m.attempts, m.recipient, m.subject, m.text_body, m.html_body,
                 n.user_id, n.kind, n.order_id, n.data`,
      [limit, claimMs],
    );
  }

  private async deliver(row: ClaimedRow): Promise<boolean> {
    let mail: MailToSend | undefined;
    try {
      mail = await this.composed(row);
      if (!mail) return false;
      const response = await this.mailer.send(mail);
      await this.db.query(
        `UPDATE outgoing_mails SET status = 'sent', sent_at = now(), smtp_response = $2, last_error = NULL WHERE id = $1`,
        [row.id, response.slice(0, 1000)],
      );
      return true;
    } catch (err) {
      await this.failed(row, err);
      return false;
    }
  }

  /** The mail as it was first composed, or composed now from the profile and kept, so every retry sends the same mail. */
  private async composed(row: ClaimedRow): Promise<MailToSend | undefined> {
    if (row.recipient && row.subject && row.text_body && row.html_body !== null) {
      return { messageId: row.message_id, to: row.recipient, subject: row.subject, text: row.text_body, html: row.html_body };
    }
    const recipient = await this.recipientOf(row.user_id);
    if (!recipient) {
      await this.db.query(`UPDATE outgoing_mails SET status = 'skipped', last_error = 'no such user' WHERE id = $1`, [row.id]);
      return undefined;
    }
    const rendered = renderMail(row.kind, row.data, row.order_id ?? '', recipient.locale);
    await this.db.query(
      'UPDATE outgoing_mails SET recipient = $2, locale = $3, subject = $4, text_body = $5, html_body = $6 WHERE id = $1',
      [row.id, recipient.email, recipient.locale, rendered.subject, rendered.text, rendered.html],
    );
    return { messageId: row.message_id, to: recipient.email, subject: rendered.subject, text: rendered.text, html: rendered.html };
  }

  private async failed(row: ClaimedRow, err: unknown): Promise<void> {
    const config = this.config();
    const error = (err instanceof Error ? err.message : String(err)).slice(0, 1000);
    if (givesUp(row.attempts, config.maxAttempts)) {
      this.log.error({ err, mailId: row.id, attempts: row.attempts }, 'mail given up after its last attempt');
      await this.db.query(`UPDATE outgoing_mails SET status = 'failed', last_error = $2 WHERE id = $1`, [row.id, error]);
      return;
    }
    const delayMs = retryDelayMs(row.attempts, { baseMs: config.retryBaseMs, maxMs: config.retryMaxMs });
    this.log.warn({ err, mailId: row.id, attempts: row.attempts, delayMs }, 'mail not sent; will retry');
    await this.db.query(
      `UPDATE outgoing_mails SET last_error = $2, next_attempt_at = now() + $3 * interval '1 millisecond' WHERE id = $1`,
      [row.id, error, delayMs],
    );
  }
}
