// Opening the broker of a run mode: the in-process broker for the all-in-one host, JetStream for the cluster.
import { EmbeddedBroker } from './embedded-broker.ts';
import { JetStreamBroker, type JetStreamBrokerOptions } from './jetstream-broker.ts';
import type { Broker } from './port.ts';

export function createBroker(kind: 'embedded'): Promise<Broker>;
export function createBroker(kind: 'jetstream', opts: JetStreamBrokerOptions): Promise<Broker>;
export async function createBroker(kind: 'embedded' | 'jetstream', opts?: JetStreamBrokerOptions): Promise<Broker> {
  if (kind === 'embedded') return new EmbeddedBroker();
  if (!opts) throw new Error('the jetstream broker needs its servers');
  return JetStreamBroker.connect(opts);
}

export function defaultNatsUrl(): string {
  return process.env.MALL_NATS_URL ?? 'nats://127.0.0.1:4222';
}
