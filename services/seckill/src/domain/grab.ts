// The grab's decision as the KV script answers it, in the shop's words: the codes the script returns (Lua and its
// embedded twin alike) and the refusal each one means.

export const GrabCode = {
  taken: 0,
  notStarted: 1,
  ended: 2,
  soldOut: 3,
  limitReached: 4,
  /** The item's stock is not in the KV store (never preloaded, or the store lost it): reload it and ask again. */
  notLoaded: 5,
} as const;
export type GrabCode = (typeof GrabCode)[keyof typeof GrabCode];

export type GrabRefusal = 'NOT_STARTED' | 'ENDED' | 'SOLD_OUT' | 'LIMIT_REACHED';

export function refusalOf(code: number): GrabRefusal | undefined {
  switch (code) {
    case GrabCode.notStarted:
      return 'NOT_STARTED';
    case GrabCode.ended:
      return 'ENDED';
    case GrabCode.soldOut:
      return 'SOLD_OUT';
    case GrabCode.limitReached:
      return 'LIMIT_REACHED';
    default:
      return undefined;
  }
}

/** The local sold-out flag is set once the store said no unit is left; it saves every later grab a round trip. */
export function soldOutAfter(code: number, remaining: number): boolean {
  return code === GrabCode.soldOut || (code === GrabCode.taken && remaining <= 0);
}
