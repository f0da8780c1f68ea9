// The read-through cache on the cluster adapters: the real Redis and NATS JetStream, two cache instances each with
// its own Redis connection, locks and NATS connection (two "processes" in one test). Keys and the suite's
// broadcast stream are removed afterwards.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { JetStreamBroker, defaultNatsUrl } from '../../src/bus/index.ts';
import { RedisKv, redisUrlFromEnv } from '../../src/kv/index.ts';
import { RedisLocks } from '../../src/locks/index.ts';
import { cacheConformance } from './cache-conformance.ts';

const url = redisUrlFromEnv();
const streamPrefix = 'MALLTEST';

cacheConformance('redis + jetstream', async () => {
  const prefix = `test:cache:${randomUUID()}:`;
  const inspect = new RedisKv({ url, prefix });
  return {
    inspect,
    instance: async () => {
      const kv = new RedisKv({ url, prefix });
      const locks = new RedisLocks({ url, prefix: `${prefix}locks:` });
      const broker = await JetStreamBroker.connect({ servers: defaultNatsUrl(), streamPrefix, name: 'cache-conformance' });
      return {
        kv,
        locks,
        broker,
        close: async () => {
          await broker.close();
          await Promise.all([locks.close(), kv.close()]);
        },
      };
    },
    cleanup: async (service) => {
      const admin = await JetStreamBroker.connect({ servers: defaultNatsUrl(), streamPrefix, name: 'cache-conformance-cleanup' });
      await admin.deleteStream(`broadcast.${service}.cache`);
      await admin.close();
      await inspect.close();
      const raw = new Redis(url);
      for await (const keys of raw.scanStream({ match: `${prefix}*`, count: 500 }) as AsyncIterable<string[]>) {
        if (keys.length > 0) await raw.unlink(...keys);
      }
      await raw.quit();
    },
  };
});
