// How an instance is stored in etcd: /mall/services/<service>/<id> -> the instance as JSON.
// Records that do not parse are reported and skipped, so one bad key cannot hide the healthy instances.
import type { IKeyValue } from 'etcd3';
import type { PlatformLog } from '../observability/index.ts';
import type { ServiceInstance } from './port.ts';

export const DEFAULT_SERVICES_ROOT = '/mall/services/';

export function servicePrefix(root: string, service: string): string {
  return `${root}${service}/`;
}

function isInstance(value: unknown): value is ServiceInstance {
  const candidate = value as Partial<ServiceInstance> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.service === 'string' &&
    typeof candidate.id === 'string' &&
    typeof candidate.url === 'string' &&
    (candidate.meta === undefined || (typeof candidate.meta === 'object' && candidate.meta !== null))
  );
}

export function parseInstanceRecord(kv: IKeyValue, log: PlatformLog): ServiceInstance | undefined {
  const text = kv.value.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    log('warn', 'registry record is not JSON, skipped', { key: kv.key.toString('utf8'), err: String(err) });
    return undefined;
  }
  if (isInstance(parsed)) return parsed;
  log('warn', 'registry record is not a service instance, skipped', { key: kv.key.toString('utf8') });
  return undefined;
}
