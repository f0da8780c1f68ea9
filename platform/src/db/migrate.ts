// Applying a service's SQL migrations: each file once, in its own transaction, recorded in
// <schema>._migrations. An advisory lock keyed by the schema makes concurrent instances take turns.
import type { SchemaConnector, TxConnection } from './connector.ts';
import { MigrationError } from './errors.ts';
import { readMigrationFiles, type MigrationFile } from './migration-files.ts';
import type { MigrationResult } from './port.ts';
import { quoteSchema } from './schema-name.ts';

interface AppliedRow {
  name: string;
  checksum: string;
}

export async function migrate(conn: SchemaConnector, dir: string): Promise<MigrationResult> {
  const files = await readMigrationFiles(dir);
  const alreadyApplied = await prepareSchema(conn, files);
  const applied: string[] = [];
  for (const file of files) {
    if (alreadyApplied.has(file.name)) continue;
    if (await applyOnce(conn, file)) applied.push(file.name);
  }
  return { applied };
}

/** Creates the schema and its ledger, and refuses to go on if an applied file was edited. */
async function prepareSchema(conn: SchemaConnector, files: MigrationFile[]): Promise<Set<string>> {
  const ledger = ledgerOf(conn.schema);
  return conn.transaction(undefined, async (tx) => {
    await lockSchema(tx, conn.schema);
    await tx.exec(
      `CREATE SCHEMA IF NOT EXISTS ${quoteSchema(conn.schema)};
       CREATE TABLE IF NOT EXISTS ${ledger} (
         name text PRIMARY KEY,
         checksum text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const rows = await tx.query<AppliedRow>(`SELECT name, checksum FROM ${ledger}`);
    const byName = new Map(rows.map((r) => [r.name, r.checksum]));
    // Rows without a file are fine: a newer instance of the service may have applied them.
    for (const file of files) assertUnchanged(conn.schema, file, byName.get(file.name));
    return new Set(byName.keys());
  });
}

/** Applies one file unless another instance did while we waited for the lock. */
async function applyOnce(conn: SchemaConnector, file: MigrationFile): Promise<boolean> {
  const ledger = ledgerOf(conn.schema);
  return conn.transaction(undefined, async (tx) => {
    await lockSchema(tx, conn.schema);
    const rows = await tx.query<AppliedRow>(`SELECT name, checksum FROM ${ledger} WHERE name = $1`, [file.name]);
    if (rows[0]) {
      assertUnchanged(conn.schema, file, rows[0].checksum);
      return false;
    }
    await runFile(tx, conn.schema, file);
    await tx.query(`INSERT INTO ${ledger} (name, checksum) VALUES ($1, $2)`, [file.name, file.checksum]);
    return true;
  });
}

async function runFile(tx: TxConnection, schema: string, file: MigrationFile): Promise<void> {
  try {
    await tx.exec(file.sql);
  } catch (err) {
    throw new MigrationError(schema, file.name, (err as Error).message, { cause: err });
  }
}

function assertUnchanged(schema: string, file: MigrationFile, appliedChecksum: string | undefined): void {
  if (appliedChecksum !== undefined && appliedChecksum !== file.checksum) {
    throw new MigrationError(
      schema,
      file.name,
      'the file changed after it was applied; add a new migration instead of editing an applied one',
    );
  }
}

/** Held until the transaction ends; the key is derived from the schema so services don't wait on each other. */
async function lockSchema(tx: TxConnection, schema: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`mall.migrate:${schema}`]);
}

function ledgerOf(schema: string): string {
  return `${quoteSchema(schema)}._migrations`;
}
