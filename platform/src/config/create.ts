// Picks the ConfigCenter adapter for a run mode: etcd in the cluster, embedded (optionally file-backed) in all-in-one.
import type { PlatformLog } from '../observability/index.ts';
import type { ConfigCenter } from './port.ts';
import { EmbeddedConfigCenter } from './embedded-center.ts';
import { EtcdConfigCenter } from './etcd-center.ts';
import { etcdEndpoints } from '../etcd/index.ts';

export interface CreateConfigCenterOptions {
  /** Read for MALL_ETCD_ENDPOINTS; default process.env. */
  env?: Record<string, string | undefined>;
  /** etcd: overrides MALL_ETCD_ENDPOINTS. */
  endpoints?: readonly string[];
  /** etcd: key prefix, default '/mall/config/'. */
  root?: string;
  /** embedded: file that keeps the state across restarts. */
  file?: string;
  historyLimit?: number;
  log?: PlatformLog;
}

export async function createConfigCenter(kind: 'etcd' | 'embedded', options: CreateConfigCenterOptions = {}): Promise<ConfigCenter> {
  const { historyLimit, log } = options;
  if (kind === 'embedded') return EmbeddedConfigCenter.open({ file: options.file, historyLimit, log });
  const endpoints = options.endpoints ?? etcdEndpoints(options.env);
  return new EtcdConfigCenter({ endpoints, root: options.root, historyLimit, log });
}
