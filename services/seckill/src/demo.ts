// The demo's flash sales, for `npm start` (the demoSessions setting): on every start, unless one is still running for
// at least an hour, a session running now for three hours and one starting when it ends, each with three SKUs of the
// demo catalog at about 40% off, so a newcomer can grab at once and see the countdown of the next one.
import type { CatalogContract } from '@mall/contracts/catalog';
import type { ServiceDb } from '@mall/platform/db';
import type { Logger } from '@mall/platform/observability';
import type { Client } from '@mall/platform/rpc';
import type { Sessions } from './sessions.ts';

const HOUR = 3_600_000;
const ITEMS_PER_SESSION = 3;

export async function seedDemoSessions(deps: {
  db: ServiceDb;
  sessions: Sessions;
  catalog: Client<typeof CatalogContract>;
  log: Logger;
}): Promise<void> {
  const [running] = await deps.db.query(
    `SELECT 1 FROM sessions WHERE status = 'PUBLISHED' AND starts_at <= now() AND ends_at > now() + interval '1 hour' LIMIT 1`,
  );
  if (running) return;
  const { items } = await deps.catalog.listProducts({ status: 'on_sale', limit: 20 });
  const skus = items.flatMap((p) => p.skus.slice(0, 1));
  if (skus.length < 2 * ITEMS_PER_SESSION) {
    deps.log.warn('no demo catalog to put on flash sale; demo sessions skipped');
    return;
  }
  // Whole hours, so two starts within the same hour make the same sessions (the idempotency keys say so).
  const start = Math.floor(Date.now() / HOUR) * HOUR;
  const windows = [
    { title: 'Flash sale now', from: start, to: start + 3 * HOUR, skus: skus.slice(0, ITEMS_PER_SESSION) },
    { title: 'Next flash sale', from: start + 3 * HOUR, to: start + 5 * HOUR, skus: skus.slice(ITEMS_PER_SESSION, 2 * ITEMS_PER_SESSION) },
  ];
  for (const w of windows) {
    const idempotencyKey = `demo:seckill:${new Date(w.from).toISOString().replace(/[^0-9A-Z]/g, '')}`;
    try {
      const draft = await deps.sessions.create({
        idempotencyKey,
        title: w.title,
        startsAt: new Date(w.from).toISOString(),
        endsAt: new Date(w.to).toISOString(),
        items: w.skus.map((s) => ({
          skuId: s.id,
          price: { amount: Math.max(1, Math.round((s.price.amount * 0.6) / 100) * 100), currency: s.price.currency },
          quantity: 20,
          perUserLimit: 1,
        })),
      });
      await deps.sessions.publish(draft.id);
    } catch (err) {
      // A demo is a convenience: an overlap with an operator's session or short stock skips it, loudly.
      deps.log.warn({ err, title: w.title }, 'demo flash sale not seeded');
    }
  }
  deps.log.info('demo flash sales seeded');
}
