// Every statement a service sends to the single PGlite connection runs inside a PGlite transaction
// that first sets the service's search_path (SET LOCAL ends with it, so services never leak into
// each other); PGlite's own mutex queues these transactions, so their statements never interleave.
import { AsyncLocalStorage } from 'node:async_hooks';
import { TransactionAbortedError as PgliteAbortedError, type PGlite, type Transaction } from '@electric-sql/pglite';
import { PgliteBusyError, TransactionAbortedError } from './errors.ts';
import type { Isolation } from './port.ts';
import { searchPathOf } from './schema-name.ts';

export type RunInSchema = <R>(schema: string, isolation: Isolation | undefined, fn: (ptx: Transaction) => Promise<R>) => Promise<R>;

export function schemaSessions(pglite: PGlite): RunInSchema {
  const openTransaction = new AsyncLocalStorage<{ open: boolean }>();
  return async (schema, isolation, fn) => {
    if (openTransaction.getStore()?.open) throw new PgliteBusyError();
    const state = { open: true };
    try {
      return await pglite.transaction((ptx) =>
        openTransaction.run(state, async () => {
          // SET TRANSACTION must come first; SET LOCAL search_path is allowed after it.
          const setIsolation = isolation ? `SET TRANSACTION ISOLATION LEVEL ${isolation.toUpperCase()}; ` : '';
          await ptx.exec(`${setIsolation}SET LOCAL search_path = ${searchPathOf(schema)}`);
          return fn(ptx);
        }),
      );
    } catch (err) {
      throw err instanceof PgliteAbortedError ? new TransactionAbortedError({ cause: err }) : err;
    } finally {
      state.open = false;
    }
  };
}
