// The migration step of a deployment (the Kubernetes Job, compose's `migrate` service): applies every service's SQL
// migrations to MALL_POSTGRES_URL, then exits. Instances apply them at start too, under an
// advisory lock per schema, so this only lets a rollout's new instances start on a schema already up to date.
import { createDatabase } from '@mall/platform/db';
import { migrateIdempotency } from '@mall/platform/idempotency';
import { definitions } from './services.ts';

const database = await createDatabase('real', { poolSize: 1 });
try {
  for (const def of definitions) {
    if (!def.migrations) continue;
    const db = database.forService(def.name);
    const { applied } = await db.migrate(def.migrations);
    applied.push(...(await migrateIdempotency(db)));
    console.log(`${def.name}: ${applied.length === 0 ? 'up to date' : `applied ${applied.join(', ')}`}`);
  }
} finally {
  await database.close();
}
