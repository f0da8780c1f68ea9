// The simulated card processor's hosted pay page, served on the gateway's origin at /pay/:intentId (the payUrl of an
// intent): the page, and its card form posted back as a browser posts it (urlencoded). Public, screened by address
// and rate-limited like the /api routes; the HTML and its status come from the processor as they are.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CardForm, type CardProcessorContract } from '@mall/contracts/card-processor';
import { strict, Uuid } from '@mall/contracts';
import { requestIdOf } from '@mall/platform/observability';
import { callScope, type Client } from '@mall/platform/rpc';
import { Type, type Static } from 'typebox';
import type { Authorizer } from '../authorization/authorizer.ts';
import { retryAfterHeader, type EdgeRateLimits } from '../rate-limit.ts';
import { validationError } from '../validation-errors.ts';

export const PAY_PREFIX = '/pay';

/** A card form is a few short fields: anything larger is refused before it is parsed. */
const FORM_BODY_LIMIT = 2048;

const Params = Type.Object({ intentId: Uuid }, strict);

export interface PayPageOptions {
  processor: Client<typeof CardProcessorContract>;
  authorizer: Authorizer;
  rateLimits: EdgeRateLimits;
  requestTimeoutMs: () => number;
}

/** A Fastify plugin, registered with prefix /pay. */
export function payPagePlugin(opts: PayPageOptions): (app: FastifyInstance) => Promise<void> {
  return async (app) => {
    app.addHook('onRequest', opts.authorizer.screenAddress);
    app.addHook('onRequest', opts.rateLimits.beforeAuthentication);
    app.addHook('onRequest', opts.rateLimits.afterAuthentication);
    app.addHook('onError', retryAfterHeader);
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
    // One deadline for the processor's call, as an /api route has.
    const within = <T>(request: FastifyRequest, call: () => Promise<T>): Promise<T> =>
      callScope.run({ deadline: Date.now() + opts.requestTimeoutMs(), requestId: requestIdOf(request) ?? request.id }, call);

    app.get<{ Params: Static<typeof Params> }>(
      '/:intentId',
      { schema: { params: Params }, schemaErrorFormatter: validationError },
      async (request, reply) => send(reply, await within(request, () => opts.processor.payPage({ intentId: request.params.intentId }))),
    );
    app.post<{ Params: Static<typeof Params>; Body: Static<typeof CardForm> }>(
      '/:intentId',
      { schema: { params: Params, body: CardForm }, schemaErrorFormatter: validationError },
      async (request, reply) =>
        send(reply, await within(request, () => opts.processor.pay({ intentId: request.params.intentId, form: request.body }))),
    );
  };
}

/** The processor's page with its status; its refusal code in a header too, for a client that reads no HTML. */
function send(reply: FastifyReply, page: { httpStatus: number; code: string | null; html: string }): FastifyReply {
  if (page.code !== null) reply.header('x-payment-code', page.code);
  return reply
    .code(page.httpStatus)
    .header('cache-control', 'no-store')
    .header(
      'content-security-policy',
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    )
    .type('text/html; charset=utf-8')
    .send(page.html);
}
