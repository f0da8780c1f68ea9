// The seckill (flash sale) service's contract: sessions and their items in the back office, the storefront's view of
// the current and upcoming sessions, the grab (a signed one-time token, then a ticket) and the ticket's fate.
import { Type } from 'typebox';
import { defineContract, defineEvent } from './define.ts';
import { Count, IdempotencyKey, MAX_PAGE_SIZE, Money, strict, Timestamp, Uuid } from './primitives.ts';

/** At most this many items in one session. */
export const MAX_SESSION_ITEMS = 50;

/** DRAFT (editable) → PUBLISHED (stock carved out of inventory; open between startsAt and endsAt) → CLOSED (unsold stock returned). */
export const SessionStatus = Type.Union([Type.Literal('DRAFT'), Type.Literal('PUBLISHED'), Type.Literal('CLOSED')]);

const Title = Type.String({ minLength: 1, maxLength: 100 });
const Quantity = Type.Integer({ minimum: 1, maximum: 1_000_000, format: 'int32' });
const PerUserLimit = Type.Integer({ minimum: 1, maximum: 100, format: 'int32' });

export const SessionItemInput = Type.Object({ skuId: Uuid, price: Money, quantity: Quantity, perUserLimit: PerUserLimit }, strict);

export const SessionItem = Type.Object({
  id: Uuid,
  skuId: Uuid,
  /** The flash-sale price, in minor units. */
  price: Money,
  quantity: Quantity,
  perUserLimit: PerUserLimit,
  /** Units not yet taken by a grab (the whole quantity before publishing). */
  remaining: Count,
});

export const Session = Type.Object({
  id: Uuid,
  title: Title,
  status: SessionStatus,
  startsAt: Timestamp,
  endsAt: Timestamp,
  items: Type.Array(SessionItem, { maxItems: MAX_SESSION_ITEMS }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

/** A ticket's fate: queued until the order is created (ORDER_CREATED, with its id) or failed (with the reason). */
export const TicketStatus = Type.Union([Type.Literal('QUEUED'), Type.Literal('ORDER_CREATED'), Type.Literal('FAILED')]);

export const Ticket = Type.Object({
  ticketId: Uuid,
  itemId: Uuid,
  status: TicketStatus,
  orderId: Type.Union([Uuid, Type.Null()]),
  /** Why it failed (an error code), or null. */
  failure: Type.Union([Type.String({ maxLength: 100 }), Type.Null()]),
  createdAt: Timestamp,
});

const sessionFields = {
  title: Title,
  startsAt: Timestamp,
  endsAt: Timestamp,
  items: Type.Array(SessionItemInput, { minItems: 1, maxItems: MAX_SESSION_ITEMS }),
};
const SessionId = { sessionId: Uuid };
const sessionErrors = { INVALID_WINDOW: 400, DUPLICATE_SKU: 400, SKU_IN_OVERLAPPING_SESSION: 409 } as const;

/** A grab's refusals, each a 4xx that changes nothing. */
export const grabErrors = {
  NOT_FOUND: 404,
  NOT_STARTED: 409,
  ENDED: 409,
  SOLD_OUT: 409,
  LIMIT_REACHED: 409,
  GRAB_TOKEN_INVALID: 403,
} as const;

/** A ticket handed out by a grab: the order service places its order (one unit at the flash-sale price) from it. */
export const SeckillTicketQueued = defineEvent({
  subject: 'seckill.ticket.queued',
  version: 1,
  payload: Type.Object({ ticketId: Uuid, itemId: Uuid, sessionId: Uuid, buyerId: Uuid, skuId: Uuid, price: Money, at: Timestamp }),
});

export const SeckillContract = defineContract('seckill', {
  createSession: {
    summary: 'A DRAFT session with its items; a retry with the same idempotency key answers the same session.',
    input: Type.Object({ idempotencyKey: IdempotencyKey, ...sessionFields }, strict),
    output: Session,
    errors: { ...sessionErrors, IDEMPOTENCY_KEY_REUSED: 409 },
    idempotent: true,
  },
  updateSession: {
    summary: "Replaces a DRAFT session's title, window and items; a published or closed session is SESSION_NOT_EDITABLE.",
    input: Type.Object({ ...SessionId, ...sessionFields }, strict),
    output: Session,
    errors: { ...sessionErrors, NOT_FOUND: 404, SESSION_NOT_EDITABLE: 409 },
    idempotent: true,
  },
  publishSession: {
    summary:
      "Carves every item's quantity out of inventory (an allocation in its ledger) and preloads it for the grab. Publishing again answers the same; a session that already ended cannot be published.",
    input: Type.Object(SessionId, strict),
    output: Session,
    errors: { NOT_FOUND: 404, SESSION_CLOSED: 409, ENDED: 409, INSUFFICIENT_STOCK: 409, SKU_IN_OVERLAPPING_SESSION: 409 },
    idempotent: true,
  },
  closeSession: {
    summary: 'Stops the grab and gives the units nobody took back to inventory. Closing again answers the same.',
    input: Type.Object(SessionId, strict),
    output: Session,
    errors: { NOT_FOUND: 404 },
    idempotent: true,
  },
  getSession: {
    input: Type.Object(SessionId, strict),
    output: Session,
    errors: { NOT_FOUND: 404 },
    idempotent: true,
  },
  listSessions: {
    summary: 'Every session, newest start first.',
    input: Type.Object(
      {
        status: Type.Optional(SessionStatus),
        page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, format: 'int32' })),
        pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, format: 'int32' })),
      },
      strict,
    ),
    output: Type.Object({ items: Type.Array(Session, { maxItems: MAX_PAGE_SIZE }), total: Count }),
    idempotent: true,
  },
  storefrontSessions: {
    summary: 'The published sessions running now or starting later, soonest first, with what is left of each item.',
    input: Type.Object({}, strict),
    output: Type.Object({ now: Timestamp, sessions: Type.Array(Session, { maxItems: MAX_PAGE_SIZE }) }),
    idempotent: true,
  },
  grabToken: {
    summary: "A signed token for one grab of an item by this buyer, handed out only once the item's session has started.",
    input: Type.Object({ itemId: Uuid, buyerId: Uuid }, strict),
    output: Type.Object({ token: Type.String({ maxLength: 500 }), expiresAt: Timestamp }),
    errors: { NOT_FOUND: 404, NOT_STARTED: 409, ENDED: 409 },
    idempotent: true,
  },
  grab: {
    summary:
      'Takes one unit of an item for the buyer: answers a ticket at once; the order is created behind it (getTicket tells). A token serves one grab.',
    input: Type.Object({ itemId: Uuid, buyerId: Uuid, token: Type.String({ minLength: 1, maxLength: 500 }) }, strict),
    output: Type.Object({ ticketId: Uuid }),
    errors: grabErrors,
    idempotent: false,
  },
  getTicket: {
    summary: "A buyer's ticket: queued, its order created (with the order's id), or failed. Another buyer's ticket is NOT_FOUND.",
    input: Type.Object({ ticketId: Uuid, buyerId: Uuid }, strict),
    output: Ticket,
    errors: { NOT_FOUND: 404 },
    idempotent: true,
  },
});
