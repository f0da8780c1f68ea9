// Reservations in the service's schema: try (reserve every line or none), confirm, cancel and expire, each in
// one transaction that moves the stock, writes the ledger and changes the reservation together.
import { MallError, fieldRefused, type MethodInput, type MethodOutput } from '@mall/contracts';
import type { InventoryContract } from '@mall/contracts/inventory';
import type { ServiceDb, Tx } from '@mall/platform/db';
import {
  decideCancel,
  decideConfirm,
  decideExpiry,
  decideRepeatedReserve,
  duplicateSku,
  sortedLines,
  type Decision,
  type ReservationLine,
  type ReservationState,
  type ReservationStatus,
} from './domain/reservations.ts';
import { movementOfTransition } from './domain/movements.ts';
import { takeFromAllocation } from './allocations.ts';
import { appendMovements, moveStock } from './ledger.ts';

type Reservation = MethodOutput<typeof InventoryContract, 'getReservation'>;

interface ReservationRow {
  ref: string;
  status: ReservationStatus;
  expires_at: Date | string;
  created_at: Date | string;
  updated_at: Date | string;
}

const iso = (t: Date | string): string => new Date(t).toISOString();

export class Reservations {
  constructor(private readonly db: ServiceDb) {}

  reserve(input: MethodInput<typeof InventoryContract, 'reserve'>): Promise<Reservation> {
    const twice = duplicateSku(input.lines);
    if (twice) throw fieldRefused('DUPLICATE_SKU', { path: '/lines', message: `SKU ${twice} is named twice; send one line per SKU` });
    const lines = sortedLines(input.lines);
    return this.db.transaction(async (tx) => {
      const [created] = await tx.query<ReservationRow>(
        `INSERT INTO reservations (ref, status, expires_at) VALUES ($1, 'held', now() + $2 * interval '1 second')
         ON CONFLICT DO NOTHING RETURNING ref, status, expires_at, created_at, updated_at`,
        [input.ref, input.ttlSeconds],
      );
      if (!created) return this.repeatedReserve(tx, input.ref, lines);
      await insertLines(tx, input.ref, lines);
      if (input.allocation) await takeFromAllocation(tx, input.allocation, lines, input.ref);
      await appendMovements(
        tx,
        lines.map((l) => ({ ...l, kind: 'reserve', reason: 'reserved', reference: input.ref })),
      );
      // Last, so the hot stock rows stay locked only until the commit that follows; in SKU order, so never a deadlock.
      for (const [i, line] of lines.entries()) {
        const taken = await tx.query(
          'UPDATE stock SET reserved = reserved + $2, updated_at = now() WHERE sku_id = $1 AND on_hand - reserved >= $2 RETURNING sku_id',
          [line.skuId, line.quantity],
        );
        if (taken.length === 0) throw await insufficientStock(tx, lines.slice(i));
      }
      return toReservation(created, lines);
    });
  }

  async get(ref: string): Promise<Reservation> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query<ReservationRow>(
        'SELECT ref, status, expires_at, created_at, updated_at FROM reservations WHERE ref = $1',
        [ref],
      );
      if (!row) throw new MallError('NOT_FOUND', `no reservation ${ref}`);
      return toReservation(row, await linesOf(tx, ref));
    });
  }

  async confirm(ref: string): Promise<Reservation> {
    return (await this.transition(ref, decideConfirm, { unknown: 'not-found' })).reservation;
  }

  async cancel(ref: string): Promise<Reservation> {
    return (await this.transition(ref, (r) => decideCancel(r), { unknown: 'record-cancelled' })).reservation;
  }

  /** Releases up to `limit` holds whose time is up, each in its own transaction; answers how many it released. */
  async expireDue(limit: number): Promise<number> {
    const due = await this.db.query<{ ref: string }>(
      `SELECT ref FROM reservations WHERE status = 'held' AND expires_at <= now() ORDER BY expires_at LIMIT $1`,
      [limit],
    );
    let released = 0;
    for (const { ref } of due) {
      // Another instance (or a confirm or cancel) may have decided it since: the decision is taken again under the row lock.
      if ((await this.transition(ref, decideExpiry, { unknown: 'not-found' })).moved) released++;
    }
    return released;
  }

  private async repeatedReserve(tx: Tx, ref: string, lines: ReservationLine[]): Promise<Reservation> {
    const [row] = await tx.query<ReservationRow>(
      'SELECT ref, status, expires_at, created_at, updated_at FROM reservations WHERE ref = $1',
      [ref],
    );
    if (!row) throw new Error(`reservation ${ref} vanished`);
    const existing = await linesOf(tx, ref);
    switch (decideRepeatedReserve({ status: row.status, lines: existing }, lines)) {
      case 'replay':
        return toReservation(row, existing);
      case 'mismatch':
        throw new MallError('RESERVATION_MISMATCH', `reservation ${ref} exists with other lines; a new reservation needs a new ref`);
      case 'cancelled-before-reserve':
        throw new MallError(
          'RESERVATION_CANCELLED',
          `reservation ${ref} was cancelled before it was made; a new reservation needs a new ref`,
        );
    }
  }

  /** Locks the reservation, asks the state machine, and moves it (with its stock and ledger) when told to. */
  private transition(
    ref: string,
    decide: (r: ReservationState, now: Date) => Decision,
    opts: { unknown: 'not-found' | 'record-cancelled' },
  ): Promise<{ reservation: Reservation; moved: boolean }> {
    return this.db.transaction(async (tx) => {
      let row = await lockReservation(tx, ref);
      if (!row) {
        if (opts.unknown === 'not-found') throw new MallError('NOT_FOUND', `no reservation ${ref}`);
        row = await recordCancelled(tx, ref);
      }
      const lines = await linesOf(tx, ref);
      const state = { status: row.status, expiresAt: new Date(row.expires_at) };
      const decision = decide(state, new Date(row.now));
      if (decision.kind === 'refuse') throw new MallError(decision.code, `reservation ${ref} is ${row.status}`);
      if (decision.kind === 'replay') return { reservation: toReservation(row, lines), moved: false };
      const to = decision.to;
      const [moved] = await tx.query<ReservationRow>(
        'UPDATE reservations SET status = $2, updated_at = now() WHERE ref = $1 RETURNING ref, status, expires_at, created_at, updated_at',
        [ref, to],
      );
      const kind = movementOfTransition(to);
      await appendMovements(
        tx,
        lines.map((l) => ({ ...l, kind, reason: to, reference: ref })),
      );
      for (const line of lines) await moveStock(tx, { ...line, kind });
      return { reservation: toReservation(moved!, lines), moved: true };
    });
  }
}

async function lockReservation(tx: Tx, ref: string): Promise<(ReservationRow & { now: Date | string }) | undefined> {
  const [row] = await tx.query<ReservationRow & { now: Date | string }>(
    'SELECT ref, status, expires_at, created_at, updated_at, now() AS now FROM reservations WHERE ref = $1 FOR UPDATE',
    [ref],
  );
  return row;
}

/**
 * A cancel that overtook its reserve (the reserve timed out at the caller, which compensated at once) leaves a
 * cancelled reservation without lines, so the late reserve is refused instead of holding stock nobody releases.
 */
async function recordCancelled(tx: Tx, ref: string): Promise<ReservationRow & { now: Date | string }> {
  await tx.query(`INSERT INTO reservations (ref, status, expires_at) VALUES ($1, 'cancelled', now()) ON CONFLICT DO NOTHING`, [ref]);
  const row = await lockReservation(tx, ref);
  if (!row) throw new Error(`reservation ${ref} vanished`);
  return row;
}

async function insertLines(tx: Tx, ref: string, lines: ReservationLine[]): Promise<void> {
  await tx.query('INSERT INTO reservation_lines (ref, sku_id, quantity) SELECT $1, * FROM unnest($2::uuid[], $3::bigint[])', [
    ref,
    lines.map((l) => l.skuId),
    lines.map((l) => l.quantity),
  ]);
}

async function linesOf(tx: Tx, ref: string): Promise<ReservationLine[]> {
  const rows = await tx.query<{ sku_id: string; quantity: number }>(
    'SELECT sku_id, quantity FROM reservation_lines WHERE ref = $1 ORDER BY sku_id',
    [ref],
  );
  return rows.map((r) => ({ skuId: r.sku_id, quantity: Number(r.quantity) }));
}

/** Names every short SKU of the lines not yet taken (the first of them is the one that failed), with what is left of it. */
async function insufficientStock(tx: Tx, untaken: ReservationLine[]): Promise<MallError> {
  const rows = await tx.query<{ sku_id: string; available: number }>(
    'SELECT sku_id, on_hand - reserved AS available FROM stock WHERE sku_id = ANY($1::uuid[])',
    [untaken.map((l) => l.skuId)],
  );
  const left = new Map(rows.map((r) => [r.sku_id, Number(r.available)]));
  const shortages = untaken
    .map((l) => ({ skuId: l.skuId, requested: l.quantity, available: left.get(l.skuId) ?? 0 }))
    .filter((s, i) => i === 0 || s.available < s.requested);
  return new MallError('INSUFFICIENT_STOCK', `not enough stock of ${shortages.map((s) => s.skuId).join(', ')}`, {
    details: { shortages },
  });
}

function toReservation(row: ReservationRow, lines: ReservationLine[]): Reservation {
  return {
    ref: row.ref,
    status: row.status,
    lines,
    expiresAt: iso(row.expires_at),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}
