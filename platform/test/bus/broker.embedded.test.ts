// EmbeddedBroker against the broker conformance suite.
import { EmbeddedBroker } from '../../src/bus/index.ts';
import { brokerConformance } from './broker-conformance.ts';

brokerConformance('embedded', async () => ({ broker: new EmbeddedBroker(), cleanup: async () => undefined }));
