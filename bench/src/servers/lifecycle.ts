// How every bench server talks to the runner: it reports its URL over the IPC channel once it
// listens, serves the measurement window, and closes its server and pools on SIGTERM.
import type { FastifyInstance } from 'fastify';
import { serveMeasurementWindow } from './window.ts';

export interface ReadyMessage {
  type: 'ready';
  url: string;
}

export function announceReady(url: string): void {
  if (!process.send) throw new Error('a bench server must be started by the runner, with an IPC channel');
  process.send({ type: 'ready', url } satisfies ReadyMessage);
  // The channel must not keep the server alive once the runner tells it to stop.
  process.channel?.unref();
}

export async function listenAndAnnounce(app: FastifyInstance, role: string, onClose?: () => Promise<void>): Promise<void> {
  serveMeasurementWindow(role);
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  process.once('SIGTERM', () => {
    void app
      .close()
      .then(() => onClose?.())
      .then(() => process.exit(0));
  });
  announceReady(url);
}

/** The backend a front server forwards to, given by the runner. */
export function backendUrl(): string {
  const url = process.env.BENCH_BACKEND_URL;
  if (!url) throw new Error('BENCH_BACKEND_URL is not set');
  return url;
}
