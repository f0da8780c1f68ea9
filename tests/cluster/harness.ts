// Cluster-test helpers: launch fixture instances as real processes and talk to each one directly.
import { request } from 'undici';
import { Cluster, type LaunchedInstance } from '@mall/platform/runtime';
import { fixtureModule, serverEnv } from '../fixture/harness.ts';

/** Launches `n` fixture processes on the real servers; their logs are shown only when MALL_TEST_VERBOSE is set. */
export function launchFixtures(n: number): Promise<Cluster> {
  const verbose = Boolean(process.env.MALL_TEST_VERBOSE);
  return Cluster.launch([{ service: 'fixture', module: fixtureModule, instances: n }], {
    env: serverEnv,
    onLine: (prefix, line) => {
      if (verbose || /"level":"(error|fatal)"/.test(line)) process.stdout.write(`${prefix} ${line}\n`);
    },
  });
}

export function startFixture(cluster: Cluster): Promise<LaunchedInstance> {
  return cluster.start({ service: 'fixture', module: fixtureModule });
}

/** Calls one method on one given instance, bypassing discovery. */
export async function callInstance<T>(instance: LaunchedInstance, method: string, input: unknown): Promise<T> {
  const { statusCode, body } = await request(`${instance.url}/rpc/fixture/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const parsed = (await body.json()) as T;
  if (statusCode !== 200) throw new Error(`${instance.id} ${method}: ${statusCode} ${JSON.stringify(parsed)}`);
  return parsed;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` holds or `timeoutMs` passes; returns how long it took, or undefined when it never held. */
export async function within(timeoutMs: number, check: () => Promise<boolean>, everyMs = 25): Promise<number | undefined> {
  const started = Date.now();
  while (Date.now() - started <= timeoutMs) {
    if (await check()) return Date.now() - started;
    await sleep(everyMs);
  }
  return undefined;
}
