// Suites that write to a service's schema on the shared test database (real mode) and whose data has limits
// (a category level holds at most 500): note the database clock at the start, delete what was made since at the end.
import { openDatabase } from '../db/index.ts';
import { testServers } from './servers.ts';

/**
 * Answers a function that deletes, from every table of the service's `schema` that has a `created_at` column, the
 * rows created since this call. Tables are emptied in passes: a delete refused because another table still refers
 * to its rows (a foreign key) waits for the next pass. Tests run one file at a time, so the window holds only this
 * suite's rows.
 */
export async function forgetRowsAfterwards(schema: string): Promise<() => Promise<void>> {
  const database = await openDatabase({ driver: 'pg', url: testServers.MALL_POSTGRES_URL!, poolSize: 1 });
  const db = database.forService(schema);
  const [{ since } = { since: '' }] = await db.query<{ since: string }>('SELECT now()::text AS since');
  return async () => {
    try {
      const tables = await db.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.columns WHERE table_schema = $1 AND column_name = 'created_at' ORDER BY table_name`,
        [schema],
      );
      let left = tables.map((t) => t.table_name);
      for (let pass = 0; left.length > 0; pass++) {
        const refused: string[] = [];
        for (const table of left) {
          try {
            await db.query(`DELETE FROM "${table}" WHERE created_at >= $1::timestamptz`, [since]);
          } catch (err) {
            if ((err as { code?: string }).code !== '23503' || pass >= tables.length) throw err;
            refused.push(table);
          }
        }
        left = refused;
      }
    } finally {
      await database.close();
    }
  };
}
