// Small helpers the config and registry tests share: unique names (tests share real servers and may rerun) and polling.
import { randomBytes } from 'node:crypto';
import { connectEtcd, etcdEndpoints } from '../../src/etcd/index.ts';

/** A name no earlier or concurrent test run has used. */
export function uniqueName(label: string): string {
  return `${label}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** Resolves once `check` returns true; rejects with `what` after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Deletes every etcd key under `prefix`, so test runs do not pile data up on the shared server. */
export async function removeEtcdPrefix(prefix: string): Promise<void> {
  const client = connectEtcd(etcdEndpoints());
  try {
    await client.delete().prefix(prefix);
  } finally {
    client.close();
  }
}
