// The reservation state machine, without I/O: what confirm, cancel, the expiry job and a repeated reserve do
// to a reservation in each state. A reservation leaves `held` once; every later call is a replay or a refusal.

export type ReservationStatus = 'held' | 'confirmed' | 'cancelled' | 'expired';

export interface ReservationState {
  status: ReservationStatus;
  expiresAt: Date;
}

export type RefusalCode = 'RESERVATION_CANCELLED' | 'RESERVATION_EXPIRED' | 'RESERVATION_CONFIRMED';

/**
 * move: change the reservation to `to` and move its stock. replay: it already is where the caller wants it;
 * answer it as it stands and move nothing (a retry must never move stock twice). refuse: the caller asks for
 * the opposite of what already happened.
 */
export type Decision =
  { kind: 'move'; to: Exclude<ReservationStatus, 'held'> } | { kind: 'replay' } | { kind: 'refuse'; code: RefusalCode };

const move = (to: Exclude<ReservationStatus, 'held'>): Decision => ({ kind: 'move', to });
const replay: Decision = { kind: 'replay' };
const refuse = (code: RefusalCode): Decision => ({ kind: 'refuse', code });

/** A hold past its expiry is refused even before the job released it: the buyer's time is up. */
export function decideConfirm(r: ReservationState, now: Date): Decision {
  switch (r.status) {
    case 'held':
      return r.expiresAt.getTime() > now.getTime() ? move('confirmed') : refuse('RESERVATION_EXPIRED');
    case 'confirmed':
      return replay;
    case 'cancelled':
      return refuse('RESERVATION_CANCELLED');
    case 'expired':
      return refuse('RESERVATION_EXPIRED');
  }
}

/** Cancel is a compensation: it must succeed whenever the stock is (or is about to be) free again, expiry included. */
export function decideCancel(r: ReservationState): Decision {
  switch (r.status) {
    case 'held':
      return move('cancelled');
    case 'confirmed':
      return refuse('RESERVATION_CONFIRMED');
    case 'cancelled':
    case 'expired':
      return replay;
  }
}

/** The expiry job touches only holds whose time is up; anything else was decided by someone else first. */
export function decideExpiry(r: ReservationState, now: Date): Decision {
  return r.status === 'held' && r.expiresAt.getTime() <= now.getTime() ? move('expired') : replay;
}

/**
 * A reserve whose ref exists: the same lines are a retry, answered as the reservation stands; other lines are a
 * caller's bug. A ref cancelled before it was ever reserved (the cancel overtook a slow reserve) stays refused,
 * so a late reserve never holds stock that nobody will release.
 */
export function decideRepeatedReserve(
  existing: { status: ReservationStatus; lines: readonly ReservationLine[] },
  lines: readonly ReservationLine[],
): 'replay' | 'mismatch' | 'cancelled-before-reserve' {
  if (existing.lines.length === 0 && existing.status === 'cancelled') return 'cancelled-before-reserve';
  return sameLines(existing.lines, lines) ? 'replay' : 'mismatch';
}

export interface ReservationLine {
  skuId: string;
  quantity: number;
}

/** Lines in SKU order: every transaction locks stock rows in this one order, so two reservations never deadlock. */
export function sortedLines(lines: readonly ReservationLine[]): ReservationLine[] {
  return [...lines]
    .map((l) => ({ skuId: l.skuId.toLowerCase(), quantity: l.quantity }))
    .sort((a, b) => (a.skuId < b.skuId ? -1 : a.skuId > b.skuId ? 1 : 0));
}

/** The first SKU named twice, if any: one line per SKU keeps "all or none" and the shortage report unambiguous. */
export function duplicateSku(lines: readonly ReservationLine[]): string | undefined {
  const seen = new Set<string>();
  for (const { skuId } of lines) {
    const id = skuId.toLowerCase();
    if (seen.has(id)) return id;
    seen.add(id);
  }
  return undefined;
}

export function sameLines(a: readonly ReservationLine[], b: readonly ReservationLine[]): boolean {
  const x = sortedLines(a);
  const y = sortedLines(b);
  return x.length === y.length && x.every((l, i) => l.skuId === y[i]!.skuId && l.quantity === y[i]!.quantity);
}
