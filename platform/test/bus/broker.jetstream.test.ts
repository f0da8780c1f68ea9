// JetStreamBroker against the broker conformance suite on the real NATS server; the suite's stream
// is its own (a unique subject token under the MALLTEST prefix) and is deleted afterwards.
import { JetStreamBroker, defaultNatsUrl } from '../../src/bus/index.ts';
import { brokerConformance } from './broker-conformance.ts';

brokerConformance('jetstream', async () => {
  const broker = await JetStreamBroker.connect({ servers: defaultNatsUrl(), streamPrefix: 'MALLTEST', name: 'broker-conformance' });
  return { broker, cleanup: (owner) => broker.deleteStream(`${owner}.any`) };
});
