// Inventory's scheduled work: releasing holds whose time is up. A singleton job (the JobSpec default), so one
// instance sweeps at a time; each release is still decided again under the reservation's row lock.
import type { Logger } from '@mall/platform/observability';
import type { JobSpec } from '@mall/platform/runtime';
import type { Reservations } from './reservations.ts';

export function releaseExpiredReservationsJob(
  reservations: Reservations,
  settings: () => { everyMs: number; batchSize: number },
  log: Logger,
): JobSpec {
  return {
    name: 'release-expired-reservations',
    everyMs: settings().everyMs,
    run: async () => {
      const released = await reservations.expireDue(settings().batchSize);
      if (released > 0) log.info({ released }, 'expired reservations released');
    },
  };
}
