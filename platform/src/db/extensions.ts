// PostgreSQL extensions the services rely on (pg_trgm for catalog search), created in `public`
// because every service's search_path ends with public: one install serves all schemas.
import type { SqlExtension } from './port.ts';

const known: ReadonlySet<string> = new Set<SqlExtension>(['pg_trgm']);

/** Extension names are spliced into SQL, so only known ones pass. */
export function checkExtensions(extensions: readonly SqlExtension[]): void {
  for (const name of extensions) {
    if (!known.has(name)) throw new TypeError(`unsupported extension ${JSON.stringify(name)}`);
  }
}

/**
 * One script for both drivers, sent as one simple query so it runs as one implicit transaction
 * (no explicit BEGIN: a failure must not leave the connection inside an aborted transaction).
 * The advisory lock makes instances starting together take turns: CREATE EXTENSION IF NOT EXISTS
 * alone can still fail on a unique violation when two race.
 */
export function createExtensionsSql(extensions: readonly SqlExtension[]): string {
  checkExtensions(extensions);
  const creates = extensions.map((name) => `CREATE EXTENSION IF NOT EXISTS ${name} WITH SCHEMA public;`);
  return ["SELECT pg_advisory_xact_lock(hashtextextended('mall.extensions', 0));", ...creates].join('\n');
}
