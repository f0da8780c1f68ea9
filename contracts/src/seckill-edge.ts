// Seckill's edge routes: the storefront's sessions, grab token, grab and ticket under /api/seckill (the buyer is the
// verified token's user), and the back office under /api/admin/seckill for the `promotion-manager` role.
import { Type } from 'typebox';
import { backOffice } from './gateway-admin.ts';
import { defineRoute } from './http.ts';
import { strict, Uuid } from './primitives.ts';
import { SeckillContract } from './seckill.ts';

const seckill = SeckillContract.methods;
const signedIn = backOffice;
const Id = Type.Object({ id: Uuid }, strict);
const create = seckill.createSession.input.properties;
const SessionBody = Type.Object({ title: create.title, startsAt: create.startsAt, endsAt: create.endsAt, items: create.items }, strict);
// Query strings are text and the gateway never coerces types: numbers are declared as digit strings.
const ListQuery = Type.Object(
  {
    status: Type.Optional(seckill.listSessions.input.properties.status),
    page: Type.Optional(Type.String({ maxLength: 5, pattern: '^[1-9][0-9]{0,4}$', description: '1 to 99999, default 1' })),
    pageSize: Type.Optional(Type.String({ maxLength: 3, pattern: '^([1-9][0-9]?|100)$', description: '1 to 100, default 20' })),
  },
  strict,
);

export const seckillRoutes = {
  sessions: defineRoute({
    method: 'GET',
    path: '/api/seckill/sessions',
    summary: 'The flash sales running now and the upcoming ones, soonest first, each item with its price, limit and remaining units.',
    tags: ['seckill'],
    public: true,
    responses: { 200: seckill.storefrontSessions.output },
    errors: { IP_DENIED: 403, RATE_LIMITED: 429, UNAVAILABLE: 503, DEADLINE_EXCEEDED: 504 },
  }),
  token: defineRoute({
    method: 'GET',
    path: '/api/seckill/items/:id/token',
    summary: "A signed one-time grab token for this item and the signed-in buyer; handed out only from the session's start.",
    tags: ['seckill'],
    public: false,
    params: Id,
    responses: { 200: seckill.grabToken.output },
    errors: { ...signedIn, ...seckill.grabToken.errors },
  }),
  grab: defineRoute({
    method: 'POST',
    path: '/api/seckill/grab',
    summary:
      'Takes one unit of a flash-sale item with a grab token: 202 with a ticket at once, the order created behind it (GET /api/seckill/tickets/:id).',
    tags: ['seckill'],
    public: false,
    body: Type.Object({ itemId: Uuid, token: seckill.grab.input.properties.token }, strict),
    responses: { 202: seckill.grab.output },
    errors: { ...signedIn, ...seckill.grab.errors },
  }),
  ticket: defineRoute({
    method: 'GET',
    path: '/api/seckill/tickets/:id',
    summary: "The signed-in buyer's ticket: QUEUED, ORDER_CREATED (with orderId) or FAILED (with the reason).",
    tags: ['seckill'],
    public: false,
    params: Id,
    responses: { 200: seckill.getTicket.output },
    errors: { ...signedIn, NOT_FOUND: 404 },
  }),
};

export const seckillAdminRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/api/admin/seckill/sessions',
    summary: 'Every flash-sale session, newest start first, optionally of one status.',
    tags: ['seckill'],
    public: false,
    query: ListQuery,
    responses: { 200: seckill.listSessions.output },
    errors: backOffice,
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/admin/seckill/sessions',
    summary: 'A DRAFT session with its items (SKU, sale price, quantity, per-user limit). Idempotency-Key header honoured.',
    tags: ['seckill'],
    public: false,
    body: SessionBody,
    responses: { 201: seckill.createSession.output },
    errors: { ...backOffice, ...seckill.createSession.errors },
  }),
  get: defineRoute({
    method: 'GET',
    path: '/api/admin/seckill/sessions/:id',
    summary: 'One session with its items.',
    tags: ['seckill'],
    public: false,
    params: Id,
    responses: { 200: seckill.getSession.output },
    errors: { ...backOffice, NOT_FOUND: 404 },
  }),
  update: defineRoute({
    method: 'PUT',
    path: '/api/admin/seckill/sessions/:id',
    summary: "Replaces a DRAFT session's title, window and items.",
    tags: ['seckill'],
    public: false,
    params: Id,
    body: SessionBody,
    responses: { 200: seckill.updateSession.output },
    errors: { ...backOffice, ...seckill.updateSession.errors },
  }),
  publish: defineRoute({
    method: 'POST',
    path: '/api/admin/seckill/sessions/:id/publish',
    summary: "Carves each item's quantity out of inventory and opens the grab for the session's window.",
    tags: ['seckill'],
    public: false,
    params: Id,
    responses: { 200: seckill.publishSession.output },
    errors: { ...backOffice, ...seckill.publishSession.errors },
  }),
  close: defineRoute({
    method: 'POST',
    path: '/api/admin/seckill/sessions/:id/close',
    summary: 'Stops the grab and gives the unsold units back to inventory.',
    tags: ['seckill'],
    public: false,
    params: Id,
    responses: { 200: seckill.closeSession.output },
    errors: { ...backOffice, ...seckill.closeSession.errors },
  }),
};
