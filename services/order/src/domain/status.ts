// The order state machine, pure: which move an order in a given status may take, and what it becomes.
// Every change of an order's status goes through `decideTransition`, so an illegal one is refused in one place.

export type OrderStatus =
  'PENDING_PAYMENT' | 'PAID' | 'SHIPPED' | 'DELIVERED' | 'COMPLETED' | 'CANCELLED' | 'REFUND_REQUESTED' | 'REFUNDED';

/** What happens to an order, in the shop's words; each names the one status it leads to. */
export type OrderMove = 'pay' | 'cancel' | 'ship' | 'deliver' | 'complete' | 'requestRefund' | 'refund';

/** Who moved it: the buyer, a back-office user, or the order service itself (timeout, payment events). */
export type Actor = 'buyer' | 'staff' | 'system';

interface Rule {
  from: readonly OrderStatus[];
  to: OrderStatus;
}

const RULES: Readonly<Record<OrderMove, Rule>> = {
  pay: { from: ['PENDING_PAYMENT'], to: 'PAID' },
  // Only an unpaid order is cancelled; a paid one goes through a refund, so money and stock stay accounted for.
  cancel: { from: ['PENDING_PAYMENT'], to: 'CANCELLED' },
  ship: { from: ['PAID'], to: 'SHIPPED' },
  deliver: { from: ['SHIPPED'], to: 'DELIVERED' },
  complete: { from: ['DELIVERED'], to: 'COMPLETED' },
  // A refund is asked before shipping; once goods left the warehouse it is a return, which this mall does not handle yet.
  requestRefund: { from: ['PAID'], to: 'REFUND_REQUESTED' },
  refund: { from: ['REFUND_REQUESTED'], to: 'REFUNDED' },
};

/** The code an illegal move is refused with (409): cancel has its own, for the buyer's most common mistake. */
export type RefusalCode = 'ORDER_NOT_CANCELLABLE' | 'ILLEGAL_TRANSITION';

export type TransitionDecision =
  | { kind: 'move'; from: OrderStatus; to: OrderStatus }
  /** The order already is where the move leads (a retried call, a redelivered event): nothing to do. */
  | { kind: 'already'; status: OrderStatus }
  | { kind: 'refuse'; code: RefusalCode; message: string };

export function decideTransition(status: OrderStatus, move: OrderMove): TransitionDecision {
  const rule = RULES[move];
  if (rule.from.includes(status)) return { kind: 'move', from: status, to: rule.to };
  if (status === rule.to) return { kind: 'already', status };
  return {
    kind: 'refuse',
    code: move === 'cancel' ? 'ORDER_NOT_CANCELLABLE' : 'ILLEGAL_TRANSITION',
    message: `an order in status ${status} cannot ${describe(move)}`,
  };
}

/** Every status a move may start from, for the tests and the docs. */
export function movesFrom(status: OrderStatus): OrderMove[] {
  return (Object.keys(RULES) as OrderMove[]).filter((move) => RULES[move].from.includes(status));
}

export const ALL_STATUSES: readonly OrderStatus[] = [
  'PENDING_PAYMENT',
  'PAID',
  'SHIPPED',
  'DELIVERED',
  'COMPLETED',
  'CANCELLED',
  'REFUND_REQUESTED',
  'REFUNDED',
];
export const ALL_MOVES = Object.keys(RULES) as OrderMove[];

function describe(move: OrderMove): string {
  const words: Record<OrderMove, string> = {
    pay: 'be paid',
    cancel: 'be cancelled',
    ship: 'be shipped',
    deliver: 'be delivered',
    complete: 'be completed',
    requestRefund: 'have a refund requested',
    refund: 'be refunded',
  };
  return words[move];
}
