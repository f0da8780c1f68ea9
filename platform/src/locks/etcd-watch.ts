// Waiting on etcd for a key to go away (released, lapsed, resigned) instead of polling for it.
// The watch starts at a given revision, so a delete that happened before the watch was set up is not missed.
import type { Namespace } from 'etcd3';

/** Resolves when `key` is deleted at or after `fromRevision`, or when `signal` aborts, whichever comes first. */
export async function waitForDelete(ns: Namespace, key: string, fromRevision: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return;
  const watcher = await ns.watch().key(key).startRevision(String(fromRevision)).only('delete').create();
  let stopWaiting = (): void => undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      stopWaiting = resolve;
      signal.addEventListener('abort', stopWaiting, { once: true });
      watcher.once('delete', () => resolve());
      watcher.once('error', reject);
      if (signal.aborted) resolve();
    });
  } finally {
    signal.removeEventListener('abort', stopWaiting);
    await watcher.cancel();
  }
}
