// Public entry of @mall/platform/db: the SQL port (Drizzle over PostgreSQL or PGlite, a schema per
// service, SQL migrations, transactions) and the functions that open it.
export type {
  Database,
  Isolation,
  MigrationResult,
  OpenDatabaseOptions,
  Orm,
  PgliteOptions,
  PgOptions,
  ServiceDb,
  SqlDriver,
  SqlExtension,
  TransactionOptions,
  Tx,
} from './port.ts';
export { createDatabase, defaultDataDir, defaultPostgresUrl, openDatabase } from './create.ts';
export type { CreateDatabaseOptions, RunMode } from './create.ts';
export { MigrationError, PgliteBusyError, TransactionAbortedError } from './errors.ts';
export { isSerializationFailure, retryOnSerializationFailure } from './serialization-retry.ts';
export { parseInt8 } from './int8.ts';
