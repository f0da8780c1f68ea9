-- Notification's tables, created in the service's own schema (the search_path names it).

-- One row per thing a user is told about. (user_id, kind, ref) is the natural key of the fact (the order, or
-- the payment intent), so the same fact told twice (a redelivery, a second event id, order.refunded and
-- payment.refunded of one refund) is one notification and one mail. `data` holds what the templates need;
-- title and body are written when read, in the user's current locale.
CREATE TABLE notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL,
  kind text NOT NULL,
  ref text NOT NULL,
  order_id uuid,
  data jsonb NOT NULL,
  read_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, kind, ref)
);
CREATE INDEX notifications_by_user ON notifications (user_id, created_at DESC, id DESC);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;

-- The outbox of mails: written in the same transaction as the notification, then sent by the dispatch job,
-- retried with backoff. `message_id` is fixed when the row is written, so a mail sent again after a crash
-- between the SMTP answer and the commit carries the same Message-ID (receivers drop the copy).
-- Recipient, locale, subject and bodies are filled from identity's profile at the first attempt and kept.
CREATE TABLE outgoing_mails (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  notification_id uuid NOT NULL UNIQUE REFERENCES notifications (id),
  message_id text NOT NULL UNIQUE,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'skipped')),
  recipient text,
  locale text,
  subject text,
  text_body text,
  html_body text,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  smtp_response text,
  sent_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outgoing_mails_due ON outgoing_mails (next_attempt_at) WHERE status = 'pending';
