// The read-through cache on the all-in-one adapters: one in-process store and one in-process broker shared by
// two cache instances (as two services' instances in one host would share them), each with its own LRU.
import { after } from 'node:test';
import { EmbeddedBroker } from '../../src/bus/index.ts';
import { EmbeddedKv, EmbeddedStore } from '../../src/kv/index.ts';
import { EmbeddedLocks } from '../../src/locks/index.ts';
import { cacheConformance } from './cache-conformance.ts';

const store = new EmbeddedStore();
const broker = new EmbeddedBroker();
after(async () => {
  await broker.close();
  store.stopSweeping();
});

cacheConformance('embedded', async () => {
  const prefix = 'mall:cachetest:';
  return {
    inspect: new EmbeddedKv({ store, prefix }),
    instance: async () => {
      const kv = new EmbeddedKv({ store, prefix });
      const locks = new EmbeddedLocks({ store, prefix: `${prefix}locks:` });
      return { kv, locks, broker, close: async () => void (await Promise.all([locks.close(), kv.close()])) };
    },
    cleanup: async () => undefined,
  };
});
