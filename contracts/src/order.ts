// The order service: its events (what the rest of the mall learns about an order; cart drops purchased lines on
// order.paid, notification mails on each of them; every payload names the buyer so no consumer needs to ask back),
// its methods (checkout and the order's life), and its edge routes for buyers and the back office.
import { Type } from 'typebox';
import { defineContract, defineEvent } from './define.ts';
import { backOffice } from './gateway-admin.ts';
import { defineRoute } from './http.ts';
import { Count, MAX_PAGE_SIZE, Money, strict, Timestamp, Uuid } from './primitives.ts';

/** An order's state: PENDING_PAYMENT → PAID → SHIPPED → DELIVERED → COMPLETED; PENDING_PAYMENT → CANCELLED; PAID → REFUND_REQUESTED → REFUNDED. */
export const OrderStatus = Type.Union([
  Type.Literal('PENDING_PAYMENT'),
  Type.Literal('PAID'),
  Type.Literal('SHIPPED'),
  Type.Literal('DELIVERED'),
  Type.Literal('COMPLETED'),
  Type.Literal('CANCELLED'),
  Type.Literal('REFUND_REQUESTED'),
  Type.Literal('REFUNDED'),
]);

/** The number a buyer reads and quotes: date and a sequence, e.g. `20261203-000123`. */
export const OrderNo = Type.String({ minLength: 1, maxLength: 32, pattern: '^[0-9A-Z-]+$' });

/** A purchased line as events carry it: enough to mail a receipt without asking catalog. */
export const OrderEventLine = Type.Object({
  skuId: Uuid,
  quantity: Type.Integer({ minimum: 1, maximum: 1_000_000, format: 'int32' }),
  /** The product title in both languages, as it was priced. */
  title: Type.Object({ zh: Type.String({ maxLength: 200 }), en: Type.String({ maxLength: 200 }) }),
  unitPrice: Money,
});
const Lines = Type.Array(OrderEventLine, { minItems: 1, maxItems: 100 });

const orderFacts = { orderId: Uuid, orderNo: OrderNo, buyerId: Uuid, at: Timestamp };

export const OrderPlaced = defineEvent({
  subject: 'order.placed',
  version: 1,
  payload: Type.Object({ ...orderFacts, total: Money, lines: Lines, expiresAt: Timestamp }),
});

export const OrderPaid = defineEvent({
  subject: 'order.paid',
  version: 1,
  payload: Type.Object({ ...orderFacts, total: Money, lines: Lines, paymentIntentId: Uuid }),
});

export const OrderCancelled = defineEvent({
  subject: 'order.cancelled',
  version: 1,
  payload: Type.Object({
    ...orderFacts,
    /** `checkout_failed`: the checkout saga was undone after the order was written (the buyer's submit failed). */
    reason: Type.Union([Type.Literal('buyer'), Type.Literal('timeout'), Type.Literal('staff'), Type.Literal('checkout_failed')]),
  }),
});

export const OrderShipped = defineEvent({
  subject: 'order.shipped',
  version: 1,
  payload: Type.Object({ ...orderFacts, carrier: Type.String({ maxLength: 60 }), trackingNo: Type.String({ maxLength: 60 }) }),
});

export const OrderRefunded = defineEvent({
  subject: 'order.refunded',
  version: 1,
  payload: Type.Object({ ...orderFacts, amount: Money }),
});

// ---- methods ----

/** The most lines one order holds (inventory reserves at most 100 lines in one call). */
export const MAX_ORDER_LINES = 100;
/** A one-time checkout token: 32 random bytes, URL-safe. */
export const SubmitToken = Type.String({ minLength: 20, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
const Quantity = Type.Integer({ minimum: 1, maximum: 1_000_000, format: 'int32' });
const Title = Type.Object({ zh: Type.String({ maxLength: 200 }), en: Type.String({ maxLength: 200 }) });
const Text = (maxLength: number) => Type.String({ maxLength });
const Page = Type.Integer({ minimum: 1, maximum: 100_000, format: 'int32' });
const PageSize = Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, format: 'int32' });

/** A line as it was priced: the catalog's snapshot of title, sale attributes, image and unit price at that moment. */
export const OrderLine = Type.Object({
  skuId: Uuid,
  productId: Uuid,
  title: Title,
  attrs: Type.Array(Type.Object({ attributeId: Uuid, name: Title, value: Text(60) }), { maxItems: 10 }),
  image: Type.Union([Type.String({ maxLength: 2048 }), Type.Null()]),
  unitPrice: Money,
  quantity: Quantity,
  lineTotal: Money,
});

export const PriceBreakdown = Type.Object({ items: Money, shipping: Money, total: Money });

/** The shipping address as it was when the order was placed (a later edit of the address book changes no order). */
export const ShippingAddress = Type.Object({
  recipient: Text(60),
  phone: Text(32),
  line1: Text(200),
  line2: Text(200),
  city: Text(100),
  region: Text(100),
  postalCode: Text(20),
  country: Text(2),
});

export const StatusChange = Type.Object({
  from: Type.Union([OrderStatus, Type.Null()]),
  to: OrderStatus,
  actor: Type.Union([Type.Literal('buyer'), Type.Literal('staff'), Type.Literal('system')]),
  /** The back-office user, when staff moved it. */
  actorId: Type.Union([Uuid, Type.Null()]),
  reason: Text(200),
  at: Timestamp,
});

export const OrderSummary = Type.Object({
  id: Uuid,
  orderNo: OrderNo,
  buyerId: Uuid,
  status: OrderStatus,
  total: Money,
  lineCount: Count,
  createdAt: Timestamp,
  expiresAt: Timestamp,
});

export const Order = Type.Object({
  ...OrderSummary.properties,
  breakdown: PriceBreakdown,
  lines: Type.Array(OrderLine, { maxItems: MAX_ORDER_LINES }),
  address: ShippingAddress,
  payment: Type.Union([Type.Object({ intentId: Uuid, payUrl: Type.String({ maxLength: 2048 }) }), Type.Null()]),
  shipment: Type.Union([Type.Object({ carrier: Text(60), trackingNo: Text(60), shippedAt: Timestamp }), Type.Null()]),
  refundReason: Type.Union([Text(200), Type.Null()]),
  history: Type.Array(StatusChange, { maxItems: 50 }),
  updatedAt: Timestamp,
});

/** What placing an order answers: enough to send the buyer to pay. */
export const PlacedOrder = Type.Object({
  id: Uuid,
  orderNo: OrderNo,
  status: OrderStatus,
  total: Money,
  expiresAt: Timestamp,
  payment: Type.Object({ intentId: Uuid, payUrl: Type.String({ maxLength: 2048 }) }),
});

export const CheckoutPreview = Type.Object({
  lines: Type.Array(OrderLine, { maxItems: MAX_ORDER_LINES }),
  breakdown: PriceBreakdown,
  submitToken: SubmitToken,
  /** The token is refused after this time; preview again for a new one. */
  submitTokenExpiresAt: Timestamp,
});

const OrderPage = Type.Object({
  items: Type.Array(OrderSummary, { maxItems: MAX_PAGE_SIZE }),
  total: Count,
  page: Page,
  pageSize: PageSize,
});

const mine = { orderId: Uuid, buyerId: Uuid };
/** Pricing refusals: a line whose product is off sale or unknown, a cart that mixes currencies. */
const pricingErrors = { SKU_NOT_ON_SALE: 409, MIXED_CURRENCIES: 409, CART_EMPTY: 409 } as const;

export const OrderContract = defineContract('order', {
  previewCheckout: {
    summary:
      "Prices the buyer's selected cart lines from catalog, with the shipping fee, and issues a one-time submit token bound to the buyer. The address must be the buyer's.",
    input: Type.Object({ buyerId: Uuid, addressId: Uuid }, strict),
    output: CheckoutPreview,
    errors: { NOT_FOUND: 404, ...pricingErrors, TOO_MANY_LINES: 409 },
    idempotent: true,
  },
  placeOrder: {
    summary:
      'Places the order of a submit token as a saga (price from catalog, reserve stock, write the order PENDING_PAYMENT, create the payment intent). The same token again, or concurrently, answers the same order.',
    input: Type.Object({ buyerId: Uuid, submitToken: SubmitToken, addressId: Uuid }, strict),
    output: PlacedOrder,
    errors: {
      NOT_FOUND: 404,
      SUBMIT_TOKEN_INVALID: 409,
      INSUFFICIENT_STOCK: 409,
      ORDER_IN_PROGRESS: 409,
      ...pricingErrors,
    },
    idempotent: true,
  },
  placeSeckillOrder: {
    summary:
      "A flash-sale order (seckill's ticket): one line at the sale's unitPrice, its unit taken from the sale's inventory allocation, shipped to the buyer's default address, with its own payment window. Idempotent by ref: the same ref answers the same order.",
    input: Type.Object(
      {
        ref: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_:.-]+$' }),
        buyerId: Uuid,
        skuId: Uuid,
        quantity: Type.Integer({ minimum: 1, maximum: 100, format: 'int32' }),
        unitPrice: Money,
        /** The inventory allocation the unit comes from (the sale's). */
        allocation: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_:.-]+$' }),
        paymentWindowSeconds: Type.Integer({ minimum: 30, maximum: 86_400, format: 'int32' }),
      },
      strict,
    ),
    output: PlacedOrder,
    errors: { NO_DEFAULT_ADDRESS: 409, INSUFFICIENT_STOCK: 409, ORDER_IN_PROGRESS: 409, ...pricingErrors },
    idempotent: true,
  },
  getOrder: {
    summary: "One order with its lines, address and status history. With buyerId, another buyer's order is NOT_FOUND.",
    input: Type.Object({ orderId: Uuid, buyerId: Type.Optional(Uuid) }, strict),
    output: Order,
    errors: { NOT_FOUND: 404 },
    idempotent: true,
  },
  listOrders: {
    summary: "The buyer's orders, newest first, optionally of one status.",
    input: Type.Object(
      { buyerId: Uuid, status: Type.Optional(OrderStatus), page: Type.Optional(Page), pageSize: Type.Optional(PageSize) },
      strict,
    ),
    output: OrderPage,
    idempotent: true,
  },
  searchOrders: {
    summary: 'The back office: orders by number, buyer, status and creation time range, newest first.',
    input: Type.Object(
      {
        orderNo: Type.Optional(OrderNo),
        buyerId: Type.Optional(Uuid),
        status: Type.Optional(OrderStatus),
        from: Type.Optional(Timestamp),
        to: Type.Optional(Timestamp),
        page: Type.Optional(Page),
        pageSize: Type.Optional(PageSize),
      },
      strict,
    ),
    output: OrderPage,
    idempotent: true,
  },
  cancelOrder: {
    summary: 'The buyer cancels an unpaid order: stock is released and the payment intent cancelled. Cancelling again answers the order.',
    input: Type.Object(mine, strict),
    output: Order,
    errors: { NOT_FOUND: 404, ORDER_NOT_CANCELLABLE: 409 },
    idempotent: true,
  },
  confirmReceipt: {
    summary: 'The buyer confirms a shipped order arrived: it is delivered and completed. Again answers the order.',
    input: Type.Object(mine, strict),
    output: Order,
    errors: { NOT_FOUND: 404, ILLEGAL_TRANSITION: 409 },
    idempotent: true,
  },
  requestRefund: {
    summary: 'The buyer asks for a refund of a paid order not yet shipped; staff approve it. Again answers the order.',
    input: Type.Object({ ...mine, reason: Type.String({ minLength: 1, maxLength: 200 }) }, strict),
    output: Order,
    errors: { NOT_FOUND: 404, ILLEGAL_TRANSITION: 409 },
    idempotent: true,
  },
  shipOrder: {
    summary: 'Staff ship a paid order with a carrier and tracking number. Shipping again answers the order.',
    input: Type.Object(
      {
        orderId: Uuid,
        actor: Uuid,
        carrier: Type.String({ minLength: 1, maxLength: 60 }),
        trackingNo: Type.String({ minLength: 1, maxLength: 60, pattern: '^[A-Za-z0-9-]+$' }),
      },
      strict,
    ),
    output: Order,
    errors: { NOT_FOUND: 404, ILLEGAL_TRANSITION: 409 },
    idempotent: true,
  },
  approveRefund: {
    summary:
      'Staff approve a requested refund: payment refunds the intent, and the order becomes REFUNDED when payment reports it. Again answers the order.',
    input: Type.Object({ orderId: Uuid, actor: Uuid }, strict),
    output: Order,
    errors: { NOT_FOUND: 404, ILLEGAL_TRANSITION: 409 },
    idempotent: true,
  },
});

// ---- edge routes ----

const order = OrderContract.methods;
const signedIn = backOffice;
const OrderIdParams = Type.Object({ id: Uuid }, strict);
// Query strings are text and the gateway never coerces types: numbers are declared as digit strings.
const pageQuery = {
  page: Type.Optional(Type.String({ maxLength: 5, pattern: '^[1-9][0-9]{0,4}$', description: '1 to 99999, default 1' })),
  pageSize: Type.Optional(Type.String({ maxLength: 3, pattern: '^([1-9][0-9]?|100)$', description: '1 to 100, default 20' })),
};

export const orderRoutes = {
  preview: defineRoute({
    method: 'POST',
    path: '/api/checkout/preview',
    summary:
      "The selected cart lines priced now, the shipping fee and the total, and a one-time submitToken for POST /api/orders. addressId must be one of the buyer's addresses.",
    tags: ['orders'],
    public: false,
    body: Type.Object({ addressId: Uuid }, strict),
    responses: { 200: CheckoutPreview },
    errors: { ...signedIn, ...order.previewCheckout.errors },
  }),
  place: defineRoute({
    method: 'POST',
    path: '/api/orders',
    summary:
      'Places the order of a submitToken: prices come from catalog, never from the client (a price or quantity sent is refused as an unknown property). The same token twice answers the same order.',
    tags: ['orders'],
    public: false,
    body: Type.Object({ submitToken: SubmitToken, addressId: Uuid }, strict),
    responses: { 201: PlacedOrder },
    errors: { ...signedIn, ...order.placeOrder.errors },
  }),
  list: defineRoute({
    method: 'GET',
    path: '/api/orders',
    summary: "The signed-in buyer's orders, newest first, optionally of one status.",
    tags: ['orders'],
    public: false,
    query: Type.Object({ status: Type.Optional(OrderStatus), ...pageQuery }, strict),
    responses: { 200: order.listOrders.output },
    errors: signedIn,
  }),
  get: defineRoute({
    method: 'GET',
    path: '/api/orders/:id',
    summary: "One of the buyer's orders with its status history; another buyer's order is 404.",
    tags: ['orders'],
    public: false,
    params: OrderIdParams,
    responses: { 200: Order },
    errors: { ...signedIn, NOT_FOUND: 404 },
  }),
  cancel: defineRoute({
    method: 'POST',
    path: '/api/orders/:id/cancel',
    summary: 'Cancels an unpaid order; its stock is released.',
    tags: ['orders'],
    public: false,
    params: OrderIdParams,
    responses: { 200: Order },
    errors: { ...signedIn, ...order.cancelOrder.errors },
  }),
  confirmReceipt: defineRoute({
    method: 'POST',
    path: '/api/orders/:id/confirm-receipt',
    summary: 'Confirms a shipped order arrived; it is completed.',
    tags: ['orders'],
    public: false,
    params: OrderIdParams,
    responses: { 200: Order },
    errors: { ...signedIn, ...order.confirmReceipt.errors },
  }),
  refundRequest: defineRoute({
    method: 'POST',
    path: '/api/orders/:id/refund-request',
    summary: 'Asks for a refund of a paid order not yet shipped.',
    tags: ['orders'],
    public: false,
    params: OrderIdParams,
    body: Type.Object({ reason: order.requestRefund.input.properties.reason }, strict),
    responses: { 200: Order },
    errors: { ...signedIn, ...order.requestRefund.errors },
  }),
};

export const orderAdminRoutes = {
  search: defineRoute({
    method: 'GET',
    path: '/api/admin/orders',
    summary: 'Orders by number, buyer, status and creation time range (from inclusive, to exclusive), newest first.',
    tags: ['orders'],
    public: false,
    query: Type.Object(
      {
        orderNo: Type.Optional(OrderNo),
        buyerId: Type.Optional(Uuid),
        status: Type.Optional(OrderStatus),
        from: Type.Optional(Timestamp),
        to: Type.Optional(Timestamp),
        ...pageQuery,
      },
      strict,
    ),
    responses: { 200: order.searchOrders.output },
    errors: backOffice,
  }),
  get: defineRoute({
    method: 'GET',
    path: '/api/admin/orders/:id',
    summary: 'Any order with its lines, address and status history.',
    tags: ['orders'],
    public: false,
    params: OrderIdParams,
    responses: { 200: Order },
    errors: { ...backOffice, NOT_FOUND: 404 },
  }),
  ship: defineRoute({
    method: 'POST',
    path: '/api/admin/orders/:id/ship',
    summary: 'Ships a paid order with a carrier and tracking number.',
    tags: ['orders'],
    public: false,
    params: OrderIdParams,
    body: Type.Object(
      { carrier: order.shipOrder.input.properties.carrier, trackingNo: order.shipOrder.input.properties.trackingNo },
      strict,
    ),
    responses: { 200: Order },
    errors: { ...backOffice, ...order.shipOrder.errors },
  }),
  approveRefund: defineRoute({
    method: 'POST',
    path: '/api/admin/orders/:id/refund/approve',
    summary: 'Approves a requested refund; the order is REFUNDED once payment reports the refund.',
    tags: ['orders'],
    public: false,
    params: OrderIdParams,
    responses: { 200: Order },
    errors: { ...backOffice, ...order.approveRefund.errors },
  }),
};
