// Starting services from a test, in either run mode, with typed clients to call them: real instances inside
// the test process (own HTTP server, registered, real servers) or the all-in-one host on PGlite in a temporary folder.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Contract } from '@mall/contracts';
import { StaticRegistry } from '../registry/index.ts';
import { createClient, HttpTransport, InProcessTransport, LocalDirectory, type Client } from '../rpc/index.ts';
import { runAllInOne, runInstance, type RunningHost, type RunningInstance, type ServiceDefinition } from '../runtime/index.ts';
import { testSettings, type TestMode } from './servers.ts';

/** One real instance of `def` in this process, on the real servers, with `env` on top of the test settings. */
export function startInstance(def: ServiceDefinition, opts: { env?: Record<string, string> } = {}): Promise<RunningInstance> {
  return runInstance(def, testSettings({ mode: 'real', label: def.name, ...(opts.env ? { env: opts.env } : {}) }));
}

export interface EmbeddedHost extends RunningHost {
  readonly dataDir: string;
  /** A typed client of a hosted service's contract, called in process through the same validation. */
  client<C extends Contract>(contract: C): Client<C>;
}

/** The all-in-one host with `defs` (in start order) on a fresh temporary data folder, removed at shutdown. */
export async function startEmbedded(defs: ServiceDefinition[], opts: { env?: Record<string, string> } = {}): Promise<EmbeddedHost> {
  const dataDir = await mkdtemp(join(tmpdir(), 'mall-testkit-'));
  const host = await runAllInOne(defs, testSettings({ mode: 'embedded', dataDir, ...(opts.env ? { env: opts.env } : {}) }));
  const directory = new LocalDirectory();
  for (const s of host.services) if (s.bound) directory.add(s.bound);
  return {
    ...host,
    dataDir,
    client: (contract) => createClient(contract, new InProcessTransport(contract.service, directory)),
    async shutdown(reason) {
      await host.shutdown(reason);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Connection<C extends Contract> {
  client: Client<C>;
  close(): Promise<void>;
}

/** A typed client bound to the given instances (no discovery), so a test talks to exactly what it started. */
export async function connect<C extends Contract>(contract: C, urls: string[]): Promise<Connection<C>> {
  const registry = new StaticRegistry({ [contract.service]: urls });
  const transport = await HttpTransport.connect(contract.service, registry, { healthIntervalMs: 0 });
  return {
    client: createClient(contract, transport),
    async close() {
      await transport.close();
      await registry.close();
    },
  };
}

/** Services started by a test in one mode, called through typed clients the same way in both. */
export interface TestDeployment {
  readonly mode: TestMode;
  /** The HTTP address a service answers on: its own instance (real), or the host's public port (embedded). */
  url(service: string): string;
  client<C extends Contract>(contract: C): Client<C>;
  shutdown(): Promise<void>;
}

/** Starts `defs` in start order: one instance each (real) or one all-in-one host (embedded). */
export async function startServices(
  mode: TestMode,
  defs: ServiceDefinition[],
  opts: { env?: Record<string, string> } = {},
): Promise<TestDeployment> {
  if (mode === 'embedded') {
    const host = await startEmbedded(defs, opts);
    return { mode, url: () => host.url, client: (contract) => host.client(contract), shutdown: () => host.shutdown('test over') };
  }
  const instances = new Map<string, RunningInstance>();
  const connections = new Map<string, Connection<Contract>>();
  try {
    for (const def of defs) {
      const instance = await startInstance(def, opts);
      instances.set(def.name, instance);
      if (def.contract) connections.set(def.name, await connect(def.contract, [instance.url]));
    }
  } catch (err) {
    await stopAll([...connections.values()], [...instances.values()]);
    throw err;
  }
  return {
    mode,
    url: (service) => {
      const instance = instances.get(service);
      if (!instance) throw new Error(`service ${service} was not started`);
      return instance.url;
    },
    client: <C extends Contract>(contract: C) => {
      const connection = connections.get(contract.service);
      if (!connection) throw new Error(`no started service serves ${contract.service}`);
      return connection.client as unknown as Client<C>;
    },
    shutdown: () => stopAll([...connections.values()], [...instances.values()]),
  };
}

/** Clients first, then the instances in reverse start order (a service before the ones it calls). */
async function stopAll(connections: Connection<Contract>[], instances: RunningInstance[]): Promise<void> {
  await Promise.all(connections.map((c) => c.close()));
  for (const instance of instances.reverse()) await instance.shutdown('test over');
}
