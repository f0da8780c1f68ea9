// The deployment files (docs/deploy.md) against the services the mall runs (launch/services.ts): the container
// entrypoint starts each, the compose file runs each twice behind health checks, and both Kubernetes overlays,
// rendered by `kubectl kustomize` offline, give each its Deployment with probes and limits, Service, HPA and PDB.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parse, parseAllDocuments } from 'yaml';

const root = new URL('../../', import.meta.url).pathname;
// launch/services.ts's `modules`, read rather than imported (importing it loads every service): name → folder.
const modules = Object.fromEntries(
  [
    ...readFileSync(`${root}launch/services.ts`, 'utf8').matchAll(
      /^\s+(\w+): fileURLToPath\(new URL\('\.\.\/services\/([\w-]+)\/src\/service\.ts'/gm,
    ),
  ].map((m) => [m[1]!, m[2]!]),
);
const services = Object.keys(modules);
assert.ok(services.includes('gateway') && services.length >= 9, `the services of launch/services.ts: ${services.join(', ')}`);
const servers = ['postgres', 'redis', 'nats', 'etcd'];

interface Env {
  name: string;
  value?: string;
}
interface Container {
  image?: string;
  args?: string[];
  env?: Env[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  startupProbe?: { httpGet?: { path: string } };
  readinessProbe?: { httpGet?: { path: string } };
  livenessProbe?: { httpGet?: { path: string } };
}
interface Resource {
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: {
    template?: { spec: { containers: Container[] } };
    scaleTargetRef?: { name: string };
    podSelector?: { matchLabels?: Record<string, string> };
    ingress?: { from?: unknown[] }[];
    type?: string;
  };
}

describe('the container entrypoint', () => {
  const entrypoint = readFileSync(`${root}deploy/entrypoint.sh`, 'utf8');
  const folders = Object.fromEntries([...entrypoint.matchAll(/^\s+(\w+)\) folder=([\w-]+) ;;$/gm)].map((m) => [m[1], m[2]]));
  for (const service of services) {
    test(`MALL_SERVICE=${service} starts ${service}'s module`, () => {
      const folder = folders[service] ?? service;
      assert.equal(modules[service], folder);
    });
  }
});

describe('deploy/compose.yaml', () => {
  const compose = parse(readFileSync(`${root}deploy/compose.yaml`, 'utf8'), { merge: true }) as {
    services: Record<
      string,
      {
        environment?: Record<string, string>;
        healthcheck?: { test?: string[] };
        depends_on?: Record<string, { condition: string }>;
        command?: string[];
      }
    >;
  };
  test('the servers are there, each with a health check', () => {
    for (const server of servers) assert.ok(compose.services[server]?.healthcheck?.test, `${server} with a health check`);
  });
  test('the migrations run once the database is healthy', () => {
    assert.deepEqual(compose.services.migrate?.command, ['migrate']);
    assert.equal(compose.services.migrate?.depends_on?.postgres?.condition, 'service_healthy');
  });
  for (const service of services) {
    test(`${service} runs twice, checked on /readyz, after the servers and the migrations`, () => {
      for (const n of [1, 2]) {
        const instance = compose.services[`${service}-${n}`];
        assert.ok(instance, `${service}-${n} in the compose file`);
        assert.equal(instance.environment?.MALL_SERVICE, service);
        assert.equal(instance.environment?.MALL_ADVERTISE_HOST, `${service}-${n}`);
        assert.match(instance.healthcheck?.test?.join(' ') ?? '', /\/readyz/);
        for (const server of servers) assert.equal(instance.depends_on?.[server]?.condition, 'service_healthy');
        assert.equal(instance.depends_on?.migrate?.condition, 'service_completed_successfully');
      }
    });
  }
});

const kubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;

for (const overlay of ['dev', 'prod']) {
  describe(`the Kubernetes overlay ${overlay}`, { skip: kubectl ? false : 'kubectl is not installed' }, () => {
    const rendered = () => {
      const text = execFileSync('kubectl', ['kustomize', `${root}deploy/k8s/overlays/${overlay}`], { encoding: 'utf8' });
      return parseAllDocuments(text).map((d) => d.toJS() as Resource);
    };
    const resources = kubectl ? rendered() : [];
    const find = (kind: string, name: string) => resources.find((r) => r.kind === kind && r.metadata.name === name);
    const configMaps = new Set(resources.filter((r) => r.kind === 'ConfigMap').map((r) => r.metadata.name));
    const secrets = new Set(resources.filter((r) => r.kind === 'Secret').map((r) => r.metadata.name));

    for (const service of services) {
      test(`${service}: Deployment with probes on /healthz and /readyz, requests and limits; Service, HPA, PDB`, () => {
        const deployment = find('Deployment', service);
        assert.ok(deployment, `Deployment ${service}`);
        const [container] = deployment.spec!.template!.spec.containers;
        assert.equal(container!.env?.find((e) => e.name === 'MALL_SERVICE')?.value, service);
        assert.equal(container!.startupProbe?.httpGet?.path, '/healthz');
        assert.equal(container!.readinessProbe?.httpGet?.path, '/readyz');
        assert.equal(container!.livenessProbe?.httpGet?.path, '/healthz');
        for (const kind of ['requests', 'limits'] as const)
          for (const resource of ['cpu', 'memory']) assert.ok(container!.resources?.[kind]?.[resource], `${kind}.${resource}`);
        for (const from of container!.envFrom ?? []) {
          if (from.configMapRef) assert.ok(configMaps.has(from.configMapRef.name), `ConfigMap ${from.configMapRef.name}`);
          if (from.secretRef && overlay === 'dev') assert.ok(secrets.has(from.secretRef.name), `Secret ${from.secretRef.name}`);
        }
        assert.ok(find('Service', service), `Service ${service}`);
        assert.equal(find('HorizontalPodAutoscaler', service)?.spec?.scaleTargetRef?.name, service);
        assert.ok(find('PodDisruptionBudget', service), `PDB ${service}`);
      });
    }

    test('the servers are StatefulSets, the migrations a Job running `migrate`', () => {
      for (const server of servers) assert.ok(find('StatefulSet', server), `StatefulSet ${server}`);
      assert.deepEqual(find('Job', 'mall-migrate')?.spec?.template?.spec.containers[0]?.args, ['migrate']);
    });

    test('discovery by service DNS names every service', () => {
      const config = resources.find((r) => r.kind === 'ConfigMap') as unknown as { data: Record<string, string> };
      assert.equal(config.data.MALL_REGISTRY, 'static');
      const listed = Object.fromEntries(config.data.MALL_STATIC_SERVICES!.split(';').map((pair) => pair.split('=')));
      for (const service of services) assert.equal(listed[service], `http://${service}:3000`);
    });

    test('only the gateway is reachable from outside: ingress denied by default, open to all for the gateway alone', () => {
      const policies = resources.filter((r) => r.kind === 'NetworkPolicy');
      const denyAll = policies.find((p) => Object.keys(p.spec?.podSelector?.matchLabels ?? {}).length === 0);
      assert.ok(denyAll && !denyAll.spec?.ingress, 'a default-deny policy');
      const open = policies.filter((p) => p.spec?.ingress?.some((rule) => !rule.from));
      assert.deepEqual(
        open.map((p) => p.spec?.podSelector?.matchLabels?.['app.kubernetes.io/name']),
        ['gateway'],
      );
    });
  });
}
