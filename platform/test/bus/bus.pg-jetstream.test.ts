// The bus on its production pair: real PostgreSQL (a schema of its own, dropped afterwards) and
// real NATS JetStream (a stream of its own under the MALLTEST prefix, deleted afterwards).
import { defaultPostgresUrl, openDatabase } from '../../src/db/index.ts';
import { JetStreamBroker, defaultNatsUrl } from '../../src/bus/index.ts';
import { busConformance } from './bus-conformance.ts';
import { uniqueToken } from './helpers.ts';

busConformance('PostgreSQL + JetStream', async () => {
  const database = await openDatabase({ driver: 'pg', url: process.env.MALL_POSTGRES_URL || defaultPostgresUrl, poolSize: 6 });
  const schema = uniqueToken('bus_');
  const broker = await JetStreamBroker.connect({ servers: defaultNatsUrl(), streamPrefix: 'MALLTEST', name: 'bus-conformance' });
  return {
    db: database.forService(schema),
    broker,
    async cleanup(owner) {
      await broker.deleteStream(`${owner}.any`);
      await broker.close();
      await database.forService(schema).query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await database.close();
    },
  };
});
