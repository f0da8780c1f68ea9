// The notification service: tells buyers what became of their orders and payments — an in-app notification
// they list and mark read, and a mail (SMTP, or .eml files all-in-one) sent from an outbox of mails with retries.
// This file is its only wiring; the runtime does the rest (config, migrations, RPC, bus, health, shutdown).
import { fileURLToPath } from 'node:url';
import { MallError } from '@mall/contracts';
import { IdentityContract } from '@mall/contracts/identity';
import { NotificationContract } from '@mall/contracts/notification';
import { defineService, type ServiceContext } from '@mall/platform/runtime';
import { NotificationConfig } from './config.ts';
import { notificationConsumers } from './consumers.ts';
import type { Locale } from './domain/templates.ts';
import { notificationHandlers } from './handlers.ts';
import { dispatchMailsJob } from './jobs.ts';
import { MailOutbox, type RecipientOf } from './mail-outbox.ts';
import { Mailer } from './mailer.ts';
import { Notices } from './notices.ts';

export default defineService({
  name: 'notification',
  contract: NotificationContract,
  config: NotificationConfig,
  migrations: fileURLToPath(new URL('../migrations', import.meta.url)),
  dependsOn: [IdentityContract],
  setup: (ctx) => {
    const recipientOf = profiles(ctx);
    const localeOf = async (userId: string): Promise<Locale> => (await recipientOf(userId))?.locale ?? 'zh-CN';
    const mailer = new Mailer(ctx.mode, () => ctx.config.current, ctx.dataDir);
    return {
      notices: new Notices(ctx.db, localeOf),
      mailer,
      outbox: new MailOutbox(ctx.db, mailer, recipientOf, () => ctx.config.current, ctx.log),
    };
  },
  handlers: (_ctx, { notices }) => notificationHandlers(notices),
  consumers: (ctx) => notificationConsumers(() => mailDomainOf(ctx.config.current.from), ctx.log),
  jobs: (ctx, { outbox }) => [dispatchMailsJob(outbox, ctx.config.current.dispatchEveryMs)],
});

/** The user's address and locale from identity; undefined for a user identity does not know. */
function profiles(ctx: ServiceContext<NotificationConfig>): RecipientOf {
  const identity = ctx.client(IdentityContract);
  return async (userId) => {
    try {
      const profile = await identity.getProfile({ userId });
      return { email: profile.email, locale: profile.locale };
    } catch (err) {
      if (err instanceof MallError && err.code === 'NOT_FOUND') return undefined;
      throw err;
    }
  };
}

/** The domain of the sender's address names our Message-IDs (`<uuid@mall.local>`). */
function mailDomainOf(from: string): string {
  return /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'mall.local';
}
