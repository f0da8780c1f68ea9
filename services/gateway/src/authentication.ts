// Who is calling: a Bearer access token verified locally, required on every /api route that the
// public whitelist does not name. Handlers read the user id from here, never from the request body.
import type { FastifyRequest } from 'fastify';
import { MallError } from '@mall/contracts';
import type { Logger } from '@mall/platform/observability';
import type { Principal, TokenVerifier } from './token-verifier.ts';
import type { Whitelist } from './domain/whitelist.ts';

const principals = new WeakMap<FastifyRequest, Principal>();

/** The verified caller of a request, if it presented a valid token. */
export function principalOf(request: FastifyRequest): Principal | undefined {
  return principals.get(request);
}

/** The signed-in user's id; UNAUTHORIZED when the request carries no valid token (e.g. on a route made public). */
export function userIdOf(request: FastifyRequest): string {
  const principal = principals.get(request);
  if (!principal) throw new MallError('UNAUTHORIZED', 'sign in first: this needs a Bearer access token');
  return principal.userId;
}

export class Authenticator {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly whitelist: () => Whitelist,
    private readonly log: Logger,
  ) {}

  /** The onRequest hook: protected routes need a valid token; public ones take one when it is valid. */
  readonly onRequest = async (request: FastifyRequest): Promise<void> => {
    const route = request.routeOptions.url;
    if (route === undefined) return; // no route: the not-found handler answers
    const token = bearerToken(request.headers.authorization);
    if (!this.whitelist().allows(request.method, route)) {
      if (token === undefined) throw new MallError('UNAUTHORIZED', 'missing Bearer access token');
      principals.set(request, await this.verifier.verify(token));
      return;
    }
    if (token !== undefined) await this.tryIdentify(request, token);
  };

  /** Whether onRequest will check no signature: no token on a public route, or a token verified before and still valid. */
  readonly isCheap = (request: FastifyRequest): boolean => {
    const route = request.routeOptions.url;
    if (route === undefined) return false;
    const token = bearerToken(request.headers.authorization);
    return token === undefined ? this.whitelist().allows(request.method, route) : this.verifier.remembers(token);
  };

  // On a public route a stale or bad token must not lock the caller out (a client may send its old
  // token to the login route): the request simply goes on anonymous.
  private async tryIdentify(request: FastifyRequest, token: string): Promise<void> {
    try {
      principals.set(request, await this.verifier.verify(token));
    } catch (err) {
      const code = err instanceof MallError ? err.code : 'INTERNAL';
      const level = code === 'UNAUTHORIZED' ? 'debug' : 'warn';
      this.log[level]({ err, route: request.routeOptions.url }, 'token on a public route not accepted; going on anonymous');
    }
  }
}

function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(header);
  // A malformed header is a bad token, not an absent one: let verification refuse it.
  return match?.[1] ?? header;
}
