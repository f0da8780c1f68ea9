// The bus on the all-in-one pair: PGlite in memory and the in-process broker.
import { openDatabase } from '../../src/db/index.ts';
import { EmbeddedBroker } from '../../src/bus/index.ts';
import { busConformance } from './bus-conformance.ts';

busConformance('PGlite + embedded broker', async () => {
  const database = await openDatabase({ driver: 'pglite' });
  const broker = new EmbeddedBroker();
  return {
    db: database.forService('bustest'),
    broker,
    async cleanup() {
      await broker.close();
      await database.close();
    },
  };
});
