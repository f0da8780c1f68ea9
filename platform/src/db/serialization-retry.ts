// Re-running a transaction that PostgreSQL aborted only because of concurrency: a serialization
// failure (40001) or a deadlock (40P01) says "try again", not "your request is wrong".
import { setTimeout as sleep } from 'node:timers/promises';

const retryableCodes = new Set(['40001', '40P01']);

export function isSerializationFailure(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && retryableCodes.has(code);
}

/** Runs `attempt` up to `retries + 1` times while it fails with a serialization failure. */
export async function retryOnSerializationFailure<R>(retries: number, attempt: () => Promise<R>): Promise<R> {
  for (let done = 0; ; done++) {
    try {
      return await attempt();
    } catch (err) {
      if (done >= retries || !isSerializationFailure(err)) throw err;
      // A short random pause keeps the competing transactions from colliding again in lockstep.
      await sleep(Math.random() * 5 * (done + 1));
    }
  }
}
