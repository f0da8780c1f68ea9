// Identity's tests on the platform's test kit: real identity instances inside the test process (real
// PostgreSQL, Redis, NATS and etcd) and typed clients that call them over HTTP, as the gateway does.
import { randomUUID } from 'node:crypto';
import { IdentityContract } from '@mall/contracts/identity';
import type { RunningInstance } from '@mall/platform/runtime';
import { connect, startInstance, testServers, type Connection } from '@mall/platform/testkit';
import identityService from '../src/service.ts';

export { uniqueEmail } from '@mall/platform/testkit';

export const postgresUrl = testServers.MALL_POSTGRES_URL;

/** One identity instance; `postgresUrl` points it at another database (a brand-new one in first-start.test.ts). */
export function startIdentity(opts: { postgresUrl?: string } = {}): Promise<RunningInstance> {
  return startInstance(identityService, {
    env: { MALL_POSTGRES_POOL_SIZE: '4', ...(opts.postgresUrl ? { MALL_POSTGRES_URL: opts.postgresUrl } : {}) },
  });
}

export type IdentityClient = Connection<typeof IdentityContract>;

/** A client bound to given instances (no discovery), so a test talks to exactly what it started. */
export function connectIdentity(urls: string[]): Promise<IdentityClient> {
  return connect(IdentityContract, urls);
}

/** Unique per run and per call, so reruns on the same database never collide with leftovers. */
export function idempotencyKey(): string {
  return `it-${randomUUID()}`;
}
