// Starts real identity instances inside the test process (real PostgreSQL, NATS and etcd) and
// typed clients that call them over HTTP, the way the gateway and other services do.
import { randomUUID } from 'node:crypto';
import { IdentityContract } from '@mall/contracts/identity';
import { StaticRegistry } from '@mall/platform/registry';
import { createClient, HttpTransport, type Client } from '@mall/platform/rpc';
import { readSettings, runInstance, type RunningInstance } from '@mall/platform/runtime';
import identityService from '../src/service.ts';

export const postgresUrl = process.env.MALL_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function startIdentity(opts: { postgresUrl?: string } = {}): Promise<RunningInstance> {
  const settings = readSettings({
    ...process.env,
    MALL_MODE: 'real',
    PORT: '0',
    MALL_INSTANCE_ID: `identity-test-${process.pid}-${randomUUID().slice(0, 8)}`,
    MALL_LOG_LEVEL: process.env.MALL_LOG_LEVEL ?? 'warn',
    MALL_POSTGRES_URL: opts.postgresUrl ?? postgresUrl,
    MALL_POSTGRES_POOL_SIZE: '4',
  });
  return runInstance(identityService, settings);
}

export interface IdentityClient {
  client: Client<typeof IdentityContract>;
  close(): Promise<void>;
}

/** A client bound to given instances (no discovery), so a test talks to exactly what it started. */
export async function connectIdentity(urls: string[]): Promise<IdentityClient> {
  const registry = new StaticRegistry({ identity: urls });
  const transport = await HttpTransport.connect('identity', registry, { healthIntervalMs: 0 });
  return {
    client: createClient(IdentityContract, transport),
    async close() {
      await transport.close();
      await registry.close();
    },
  };
}

/** Unique per run and per call, so reruns on the same database never collide with leftovers. */
export function uniqueEmail(label: string): string {
  return `${label}-${Date.now().toString(36)}-${randomUUID().slice(0, 8)}@test.mall`;
}

export function idempotencyKey(): string {
  return `it-${randomUUID()}`;
}
