// Delivering notifications to the merchant until acknowledged: each attempt signs the stored body with the current
// time (HMAC-SHA256 over "<timestamp>.<body>") and calls payment; a failure waits an exponential backoff. A row is
// claimed for a lease before it is sent, so two senders (the job, the send right after a charge) rarely both send
// it — and when they do, the merchant applies the notification id once.
import { createHmac } from 'node:crypto';
import type { PaymentContract } from '@mall/contracts/payment';
import type { ServiceDb } from '@mall/platform/db';
import type { Logger } from '@mall/platform/observability';
import type { Client } from '@mall/platform/rpc';
import { retryDelayMs, shouldAbandon, type Backoff } from './domain/delivery.ts';

export interface DeliverySettings extends Backoff {
  secret: string;
  batchSize: number;
  maxAttempts: number;
}

interface DueRow {
  id: string;
  body: string;
  attempts: number;
}

/** How long a claimed notification is left to its sender before another may send it. */
const LEASE_SECONDS = 30;

export function signNotification(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export class Deliveries {
  constructor(
    private readonly db: ServiceDb,
    private readonly payment: Client<typeof PaymentContract>,
    private readonly settings: () => DeliverySettings,
    private readonly log: Logger,
  ) {}

  /** Sends every notification due (up to the batch size); answers how many were acknowledged. */
  async deliverDue(): Promise<number> {
    const due = await this.claim(
      'SELECT id FROM notifications WHERE delivered_at IS NULL AND abandoned_at IS NULL AND next_attempt_at <= now() ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED',
      [this.settings().batchSize],
    );
    let delivered = 0;
    for (const row of due) if (await this.send(row)) delivered++;
    return delivered;
  }

  /** Sends one notification now (right after its charge); a failure leaves it to the job's retries. */
  async deliverOne(id: string): Promise<void> {
    const [row] = await this.claim(
      'SELECT id FROM notifications WHERE id = $1 AND delivered_at IS NULL AND abandoned_at IS NULL FOR UPDATE SKIP LOCKED',
      [id],
    );
    if (row) await this.send(row);
  }

  private claim(select: string, params: unknown[]): Promise<DueRow[]> {
    return this.db.query<DueRow>(
      `UPDATE notifications SET next_attempt_at = now() + interval '${LEASE_SECONDS} seconds' WHERE id IN (${select}) RETURNING id, body, attempts`,
      params,
    );
  }

  private async send(row: DueRow): Promise<boolean> {
    const settings = this.settings();
    const timestamp = Math.floor(Date.now() / 1000);
    try {
      await this.payment.acceptNotification({
        timestamp,
        signature: signNotification(settings.secret, timestamp, row.body),
        body: row.body,
      });
      await this.db.query('UPDATE notifications SET delivered_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = $1', [
        row.id,
      ]);
      return true;
    } catch (err) {
      const attempts = row.attempts + 1;
      const abandon = shouldAbandon(attempts, settings.maxAttempts);
      const delayMs = retryDelayMs(attempts, settings, Math.random());
      await this.db.query(
        `UPDATE notifications SET attempts = $2, last_error = $3, next_attempt_at = now() + $4 * interval '1 millisecond',
         abandoned_at = CASE WHEN $5 THEN now() END WHERE id = $1`,
        [row.id, attempts, String(err instanceof Error ? err.message : err).slice(0, 500), delayMs, abandon],
      );
      this.log.warn(
        { err, notificationId: row.id, attempts, retryInMs: abandon ? null : delayMs },
        abandon ? 'notification abandoned' : 'notification not acknowledged; retrying later',
      );
      return false;
    }
  }
}
