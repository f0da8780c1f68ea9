// Public entry of @mall/platform/etcd: the one way every etcd adapter (config center, registry, locks)
// finds the etcd cluster and connects to it.
export { connectEtcd, etcdEndpoints, DEFAULT_ETCD_ENDPOINT } from './client.ts';
