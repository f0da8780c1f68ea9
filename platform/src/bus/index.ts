// Public entry of @mall/platform/bus: events published through a transactional outbox, relayed to
// NATS JetStream (or the in-process broker), consumed once in effect by durable consumers, and heard by
// every instance of a service through per-instance listeners.
export type { Broker, ConsumeSpec, Consumption, Delivery, HeardMessage, OutgoingMessage } from './port.ts';
export { streamOf, isBroadcast, BROADCAST_PREFIX, BROADCAST_MAX_AGE_MS } from './port.ts';
export { EmbeddedBroker } from './embedded-broker.ts';
export { JetStreamBroker, type JetStreamBrokerOptions } from './jetstream-broker.ts';
export { createBroker, defaultNatsUrl } from './create.ts';
export { ServiceBus, durableName, type Bus, type ServiceBusOptions } from './service-bus.ts';
export { defineConsumer, type ConsumerSpec, type HandleMeta } from './consumer.ts';
export { defineListener, startListeners, type ListenerSpec, type HearMeta } from './listener.ts';
export { VERSION_HEADER, SOURCE_HEADER, type PublishOptions } from './outbox.ts';
export { InvalidEventPayloadError } from './errors.ts';
