// EmbeddedLocks (KvLocks over the in-process store) against the locks conformance suite.
// Every node shares one EmbeddedStore, as the services of one all-in-one process do.
import { after } from 'node:test';
import { EmbeddedStore } from '../../src/kv/index.ts';
import { EmbeddedLocks } from '../../src/locks/index.ts';
import { locksConformance } from './locks-conformance.ts';

const store = new EmbeddedStore();
after(() => store.stopSweeping());

locksConformance('embedded', { makeLocks: () => new EmbeddedLocks({ store, prefix: 'locks:' }), ttlUnitMs: 100 });
