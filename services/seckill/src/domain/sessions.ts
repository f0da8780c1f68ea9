// Flash-sale sessions without I/O: a window's validity, which sessions overlap, when a grab may happen, what a
// session may still do in its state, and what a close gives back.

export type SessionStatus = 'DRAFT' | 'PUBLISHED' | 'CLOSED';

export interface Window {
  startsAt: Date;
  endsAt: Date;
}

/** Why a window is refused, or undefined: it must end after it starts, and it must not be over already. */
export function windowProblem(w: Window, now: Date): string | undefined {
  if (w.endsAt.getTime() <= w.startsAt.getTime()) return 'endsAt must come after startsAt';
  if (w.endsAt.getTime() <= now.getTime()) return 'the session would be over already';
  return undefined;
}

/** Two windows share a moment (a session ending exactly when another starts does not overlap it). */
export function overlaps(a: Window, b: Window): boolean {
  return a.startsAt.getTime() < b.endsAt.getTime() && b.startsAt.getTime() < a.endsAt.getTime();
}

/** The first SKU named twice in one session, or undefined. */
export function duplicateSku(items: readonly { skuId: string }[]): string | undefined {
  const seen = new Set<string>();
  for (const { skuId } of items) {
    if (seen.has(skuId)) return skuId;
    seen.add(skuId);
  }
  return undefined;
}

export type Phase = 'not-started' | 'open' | 'ended';

/** Where `now` falls in a session's window: the grab is open from startsAt (included) to endsAt (excluded). */
export function phaseAt(w: Window, now: Date): Phase {
  if (now.getTime() < w.startsAt.getTime()) return 'not-started';
  return now.getTime() < w.endsAt.getTime() ? 'open' : 'ended';
}

/** Only a draft is edited: a published session's units are already carved out of inventory and preloaded. */
export function mayEdit(status: SessionStatus): boolean {
  return status === 'DRAFT';
}

/** What publishing does: carve and preload (a draft), nothing again (published), or refuse. */
export function decidePublish(status: SessionStatus, w: Window, now: Date): 'publish' | 'replay' | 'closed' | 'ended' {
  if (status === 'CLOSED') return 'closed';
  if (status === 'PUBLISHED') return 'replay';
  return phaseAt(w, now) === 'ended' ? 'ended' : 'publish';
}

/** Units to give back at the close: what the grab did not take; never negative, never more than the quantity. */
export function unsold(quantity: number, remaining: number): number {
  return Math.max(0, Math.min(quantity, remaining));
}
