// The IETF rate-limit header fields (draft-ietf-httpapi-ratelimit-headers): on every answer the edge limits
// counted, RateLimit-Policy names the quota that judged it and RateLimit says what is left of it.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { retryAfterSeconds, type RateLimitDecision, type RateLimiter } from '@mall/platform/ratelimit';

/** The quota a request was judged by: the one that refused it, or else the one with the least left. */
interface Judgement {
  name: string;
  quota: number;
  windowSeconds: number;
  remaining: number;
  resetSeconds: number;
  refused: boolean;
}

// Per request, dropped with it: the address limits and the user limits are counted by two hooks.
const judgements = new WeakMap<FastifyRequest, Judgement>();

/** Records the decisions of one consumeInOrder, keeping the tighter of this and an earlier judgement. */
export function noteJudgement(
  request: FastifyRequest,
  checks: readonly { name: string; limiter: RateLimiter }[],
  decisions: readonly RateLimitDecision[],
): void {
  let tightest = judgements.get(request);
  decisions.forEach((decision, i) => {
    const check = checks[i]!;
    const next: Judgement = {
      name: check.name,
      quota: check.limiter.points,
      windowSeconds: check.limiter.durationSeconds,
      remaining: decision.remaining,
      // Refused: when to try again, as Retry-After says; allowed: when the quota is whole again.
      resetSeconds: decision.allowed ? Math.ceil(decision.resetsInMs / 1000) : retryAfterSeconds(decision.retryAfterMs),
      refused: !decision.allowed,
    };
    if (!tightest || (!tightest.refused && (next.refused || next.remaining < tightest.remaining))) tightest = next;
  });
  if (tightest) judgements.set(request, tightest);
}

/** onSend hook: writes both fields when the request was judged (not when limits are off or the route unknown). */
export async function rateLimitHeaders(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  const judged = judgements.get(request);
  if (!judged) return payload;
  const policy = sfString(judged.name);
  reply.header('ratelimit-policy', `${policy};q=${judged.quota};w=${judged.windowSeconds}`);
  reply.header('ratelimit', `${policy};r=${judged.remaining};t=${judged.resetSeconds}`);
  return payload;
}

/** A structured-field String (RFC 8941 §3.3.3): quoted, with `"` and `\` escaped. */
function sfString(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
