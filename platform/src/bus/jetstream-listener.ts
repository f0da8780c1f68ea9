// A per-process JetStream listener: an ordered consumer (ephemeral, in server memory, no acks) that
// starts right after the stream's last message, so this process hears only what is published from now on.
import type { JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import type { Consumption, HeardMessage } from './port.ts';

/** Messages asked for per pull; a listener hears one at a time, so a small batch is plenty. */
const BATCH = 64;
/**
 * Pull expiry; the server sends an idle heartbeat every half of it and the library re-pulls after two missed.
 * Short on purpose: when the library recreates a lost consumer (NATS restarted) it re-pulls with a stale count
 * of messages still owed, gets a few and then stalls until two heartbeats are missed: ~2 s at this setting.
 */
const PULL_EXPIRES_MS = 2000;

export async function listenOrdered(
  js: JetStreamClient,
  jsm: JetStreamManager,
  stream: string,
  subject: string,
  hear: (message: HeardMessage) => Promise<void>,
): Promise<Consumption> {
  // Not DeliverPolicy.New: the library recreates an ordered consumer (after a reconnect, a server restart, a
  // sequence gap) from the last stream sequence it delivered, and with New and nothing delivered yet that is
  // sequence 1, so the listener would hear the stream's whole history. A start sequence right after the last
  // stored message means the same "from now on" and makes every recreation resume where it stopped.
  const { state } = await jsm.streams.info(stream);
  // One subject as a string: the library sends it as `filter_subject`, which servers before 2.10 understand too.
  const consumer = await js.consumers.get(stream, { filter_subjects: subject, opt_start_seq: state.last_seq + 1 });
  const messages = await consumer.consume({ max_messages: BATCH, expires: PULL_EXPIRES_MS });
  const loop = (async () => {
    for await (const msg of messages) {
      try {
        await hear(toHeard(msg));
      } catch (err) {
        // At most once by contract (no ack to withhold): the failure belongs to the listener's owner.
        process.emitWarning(`jetstream listener: handler for ${msg.subject} failed: ${(err as Error).message}`);
      }
    }
  })().catch((err: unknown) => process.emitWarning(`jetstream listener of ${subject} stopped: ${(err as Error).message}`));
  let stopped: Promise<void> | undefined;
  return {
    stop: () =>
      (stopped ??= (async () => {
        await messages.close();
        await loop;
        // The server also drops an ordered consumer idle for 5 minutes; deleting it now just saves the wait.
        await consumer
          .delete()
          .catch((err: unknown) =>
            process.emitWarning(
              `jetstream listener of ${subject}: consumer not deleted (the server drops it when idle): ${(err as Error).message}`,
            ),
          );
      })()),
  };
}

export function headersOf(msg: JsMsg): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const key of msg.headers?.keys() ?? []) headers[key] = msg.headers?.get(key) ?? '';
  return headers;
}

function toHeard(msg: JsMsg): HeardMessage {
  const headers = headersOf(msg);
  return { id: headers['Nats-Msg-Id'] ?? `${msg.info.stream}:${msg.seq}`, subject: msg.subject, data: msg.data, headers };
}
