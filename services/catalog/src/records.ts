// What every catalog table shares: optimistic versions, the not-found answer, pages, and the stamps every
// record answers with. Each entity's module (categories.ts, brands.ts, …) builds on these.
import { MallError, fieldRefused } from '@mall/contracts';

export interface Stamped {
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export function stampsOf(row: Stamped): { version: number; createdAt: string; updatedAt: string } {
  return { version: row.version, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

export function notFound(what: string): MallError {
  return new MallError('NOT_FOUND', `no such ${what}`);
}

/**
 * The row an update `… WHERE id = $1 AND version = $2 RETURNING *` gave back; none means the record is gone
 * (NOT_FOUND) or was changed since the caller read it (VERSION_CONFLICT, with the version it has now).
 */
export async function afterVersionedUpdate<T>(
  rows: readonly T[],
  what: string,
  currentVersion: () => Promise<number | undefined>,
): Promise<T> {
  const [row] = rows;
  if (row) return row;
  const now = await currentVersion();
  if (now === undefined) throw notFound(what);
  throw new MallError('VERSION_CONFLICT', `the ${what} was changed since it was read (it is at version ${now})`, {
    details: { currentVersion: now },
  });
}

export interface Page {
  limit: number;
  offset: number;
}

export function pageOf(input: { limit?: number; offset?: number }): Page {
  return { limit: input.limit ?? 20, offset: input.offset ?? 0 };
}

/** A referenced record that does not exist, named by the input field that referenced it. */
export function unknownReference(code: string, path: string, what: string): MallError {
  return fieldRefused(code, { path, message: `no such ${what}` });
}

/** Only the fields an update names: undefined ones are left as they are. */
export function defined<T extends Record<string, unknown>>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<T>;
}
