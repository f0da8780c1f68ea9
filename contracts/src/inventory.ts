// The inventory service's contract: stock per SKU, try/confirm/cancel reservations, restocks and adjustments,
// the append-only ledger of every movement and the audit that recomputes stock from it. Every input is bounded.
import { Type } from 'typebox';
import { defineContract } from './define.ts';
import { Count, IdempotencyKey, MAX_PAGE_SIZE, strict, Timestamp, Uuid } from './primitives.ts';

/** A SKU is catalog's; inventory keeps stock under the same id. */
export const SkuId = Uuid;
/** Units of one SKU in one movement: a positive integer. */
export const Quantity = Type.Integer({ minimum: 1, maximum: 1_000_000, format: 'int32' });
/** A change of a count, either way. */
const SignedCount = Type.Integer({ minimum: -Number.MAX_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER, format: 'int64' });
/** A reservation's reference, chosen by the caller (an order id, a checkout attempt): what makes reserve, confirm and cancel idempotent. */
export const ReservationRef = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_:.-]+$' });
export const StockReason = Type.String({ minLength: 1, maxLength: 200 });
export const ReservationStatus = Type.Union([
  Type.Literal('held'),
  Type.Literal('confirmed'),
  Type.Literal('cancelled'),
  Type.Literal('expired'),
]);
export const MovementKind = Type.Union([
  Type.Literal('restock'),
  Type.Literal('adjustment'),
  Type.Literal('reserve'),
  Type.Literal('release'),
  Type.Literal('commit'),
  Type.Literal('expiry'),
  Type.Literal('allocate'),
  Type.Literal('deallocate'),
]);

/** Bounds of the batch calls. */
export const MAX_AVAILABILITY_SKUS = 200;
export const MAX_RESERVATION_LINES = 100;
/** The audit lists at most this many disagreeing SKUs (and says when there were more). */
export const MAX_AUDIT_FINDINGS = 1000;

export const Stock = Type.Object({
  skuId: SkuId,
  onHand: Count,
  reserved: Count,
  /** onHand − reserved: what a new reservation may take. */
  available: Count,
  updatedAt: Timestamp,
});

const Line = Type.Object({ skuId: SkuId, quantity: Quantity }, strict);
export const Reservation = Type.Object({
  ref: ReservationRef,
  status: ReservationStatus,
  lines: Type.Array(Line, { maxItems: MAX_RESERVATION_LINES }),
  expiresAt: Timestamp,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

const Page = Type.Integer({ minimum: 1, maximum: 100_000, format: 'int32' });
const PageSize = Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, format: 'int32' });

export const LedgerEntry = Type.Object({
  id: Count,
  skuId: SkuId,
  kind: MovementKind,
  /** Change of on hand and of reserved this movement made (negative for a decrease). */
  onHandDelta: SignedCount,
  reservedDelta: SignedCount,
  reason: Type.String({ maxLength: 200 }),
  /** The reservation ref, or the idempotency key of a restock or adjustment. */
  reference: Type.String({ maxLength: 128 }),
  /** The back-office user who restocked or adjusted; null for a reservation's movements. */
  actor: Type.Union([Uuid, Type.Null()]),
  at: Timestamp,
});

/**
 * Units set aside for a flash sale (seckill): out of on hand, so no other buyer can reserve them. A seckill order's
 * reservation takes its unit from it; what the sale did not sell is released back to on hand once.
 */
export const Allocation = Type.Object({
  ref: ReservationRef,
  skuId: SkuId,
  quantity: Quantity,
  /** Units moved from the allocation into reservations of orders. */
  taken: Count,
  /** Units given back to on hand when the sale closed; null while it runs. */
  released: Type.Union([Count, Type.Null()]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const AuditFinding = Type.Object({
  skuId: SkuId,
  onHand: Count,
  reserved: Count,
  /** What the ledger sums to. */
  ledgerOnHand: SignedCount,
  ledgerReserved: SignedCount,
  /** The quantities of this SKU's held reservations, summed. */
  heldReserved: Count,
});

/** `actor`: the back-office user who asks, recorded in the ledger (the gateway sets it from the verified token). */
const stockChange = { idempotencyKey: IdempotencyKey, skuId: SkuId, reason: StockReason, actor: Type.Optional(Uuid) };

export const InventoryContract = defineContract('inventory', {
  availability: {
    summary:
      'What may be reserved now of up to 200 SKUs, in one call. A SKU inventory has never stocked answers available 0 with known: false.',
    input: Type.Object({ skuIds: Type.Array(SkuId, { minItems: 1, maxItems: MAX_AVAILABILITY_SKUS, uniqueItems: true }) }, strict),
    output: Type.Object({
      items: Type.Array(Type.Object({ skuId: SkuId, available: Count, known: Type.Boolean() }), { maxItems: MAX_AVAILABILITY_SKUS }),
    }),
    idempotent: true,
  },
  reserve: {
    summary:
      'Holds every line or none for ttlSeconds. The same ref with the same lines answers the reservation as it stands; with other lines it is RESERVATION_MISMATCH.',
    input: Type.Object(
      {
        ref: ReservationRef,
        lines: Type.Array(Line, { minItems: 1, maxItems: MAX_RESERVATION_LINES }),
        ttlSeconds: Type.Integer({ minimum: 1, maximum: 86_400, format: 'int32' }),
        /** Take the units from this allocation (a flash sale's) instead of general stock: one line, of its SKU. */
        allocation: Type.Optional(ReservationRef),
      },
      strict,
    ),
    output: Reservation,
    errors: {
      INSUFFICIENT_STOCK: 409,
      RESERVATION_MISMATCH: 409,
      RESERVATION_CANCELLED: 409,
      DUPLICATE_SKU: 400,
      NOT_FOUND: 404,
      ALLOCATION_MISMATCH: 409,
    },
    idempotent: true,
  },
  confirm: {
    summary:
      'Commits a held reservation: on hand and reserved both decrease. Confirming again answers the same; after a cancel or an expiry it is refused.',
    input: Type.Object({ ref: ReservationRef }, strict),
    output: Reservation,
    errors: { NOT_FOUND: 404, RESERVATION_CANCELLED: 409, RESERVATION_EXPIRED: 409 },
    idempotent: true,
  },
  cancel: {
    summary:
      'Releases a held reservation. Cancelling again, or after expiry, changes nothing; after a confirm it is refused. An unknown ref is recorded as cancelled, so a late reserve of it is refused.',
    input: Type.Object({ ref: ReservationRef }, strict),
    output: Reservation,
    errors: { RESERVATION_CONFIRMED: 409 },
    idempotent: true,
  },
  allocate: {
    summary:
      'Sets quantity units of a SKU aside under ref (out of on hand, in the ledger). The same ref with the same SKU and quantity answers the allocation as it stands; otherwise ALLOCATION_MISMATCH.',
    input: Type.Object({ ref: ReservationRef, skuId: SkuId, quantity: Quantity }, strict),
    output: Allocation,
    errors: { INSUFFICIENT_STOCK: 409, ALLOCATION_MISMATCH: 409 },
    idempotent: true,
  },
  releaseAllocation: {
    summary:
      'Gives quantity units of an allocation back to on hand, once (0 releases nothing and only closes it). Releasing again with the same quantity answers the same; another quantity is ALLOCATION_MISMATCH.',
    input: Type.Object({ ref: ReservationRef, quantity: Type.Integer({ minimum: 0, maximum: 1_000_000, format: 'int32' }) }, strict),
    output: Allocation,
    errors: { NOT_FOUND: 404, ALLOCATION_MISMATCH: 409, INSUFFICIENT_STOCK: 409 },
    idempotent: true,
  },
  getAllocation: {
    input: Type.Object({ ref: ReservationRef }, strict),
    output: Allocation,
    errors: { NOT_FOUND: 404 },
    idempotent: true,
  },
  getReservation: {
    input: Type.Object({ ref: ReservationRef }, strict),
    output: Reservation,
    errors: { NOT_FOUND: 404 },
    idempotent: true,
  },
  restock: {
    summary: 'Adds units to on hand (a SKU never stocked starts at 0); a retry with the same idempotency key answers the first result.',
    input: Type.Object({ ...stockChange, quantity: Quantity }, strict),
    output: Stock,
    errors: { IDEMPOTENCY_KEY_REUSED: 409 },
    idempotent: true,
  },
  adjust: {
    summary: 'Corrects on hand by delta (a count, a breakage); on hand may not fall below what is reserved. Idempotent by key.',
    input: Type.Object(
      { ...stockChange, delta: Type.Integer({ minimum: -1_000_000, maximum: 1_000_000, format: 'int32', description: 'not 0' }) },
      strict,
    ),
    output: Stock,
    errors: { NOT_FOUND: 404, BELOW_RESERVED: 409, ZERO_ADJUSTMENT: 400, IDEMPOTENCY_KEY_REUSED: 409 },
    idempotent: true,
  },
  getStock: {
    input: Type.Object({ skuId: SkuId }, strict),
    output: Stock,
    errors: { NOT_FOUND: 404 },
    idempotent: true,
  },
  listStock: {
    summary: 'Stock of every SKU, by SKU id.',
    input: Type.Object({ page: Type.Optional(Page), pageSize: Type.Optional(PageSize) }, strict),
    output: Type.Object({ items: Type.Array(Stock, { maxItems: MAX_PAGE_SIZE }), total: Count, page: Page, pageSize: PageSize }),
    idempotent: true,
  },
  ledger: {
    summary: "A SKU's movements, newest first.",
    input: Type.Object({ skuId: SkuId, page: Type.Optional(Page), pageSize: Type.Optional(PageSize) }, strict),
    output: Type.Object({ entries: Type.Array(LedgerEntry, { maxItems: MAX_PAGE_SIZE }), total: Count, page: Page, pageSize: PageSize }),
    idempotent: true,
  },
  audit: {
    summary:
      'Recomputes every SKU from the ledger, in one snapshot, and lists each whose on hand or reserved disagrees with it, or whose reserved is not the sum of its held reservations.',
    input: Type.Object({}, strict),
    output: Type.Object({
      checkedSkus: Count,
      findings: Type.Array(AuditFinding, { maxItems: MAX_AUDIT_FINDINGS }),
      /** More SKUs disagree than the findings list. */
      truncated: Type.Boolean(),
    }),
    idempotent: true,
  },
});
