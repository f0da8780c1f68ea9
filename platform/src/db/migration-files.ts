// Reading a service's migrations directory: the *.sql files in name order with their checksums.
// Checksums ignore CRLF vs LF so a Windows checkout does not look like an edited migration.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface MigrationFile {
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

export async function readMigrationFiles(dir: string): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  // Plain code-unit order, not locale order: every machine must apply files in the same sequence.
  const names = entries
    .filter((e) => e.isFile() && e.name.endsWith('.sql'))
    .map((e) => e.name)
    .sort();
  return Promise.all(names.map((name) => readMigrationFile(dir, name)));
}

async function readMigrationFile(dir: string, name: string): Promise<MigrationFile> {
  const sql = await readFile(join(dir, name), 'utf8');
  return { name, sql, checksum: checksumOf(sql) };
}

export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}
