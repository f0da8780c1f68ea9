// Checks that a target really answers what it should before it is measured, so a broken hop or
// route fails the run instead of being timed as fast errors.
import { request as send } from 'undici';
import type { LoadRequest } from './load.ts';

/** Why an answer is wrong, or undefined when it is the expected one. */
export type AnswerCheck = (statusCode: number, body: unknown) => string | undefined;

/** The echo targets (bare, raw, kernel) answer 200 {"text":"hello","instance":…}. */
export const echoAnswer: AnswerCheck = (statusCode, body) => {
  const { text, instance } = (body ?? {}) as { text?: unknown; instance?: unknown };
  return statusCode === 200 && text === 'hello' && typeof instance === 'string' ? undefined : 'expected 200 {"text":"hello","instance":…}';
};

export async function probe(request: LoadRequest, check: AnswerCheck = echoAnswer): Promise<unknown> {
  const { statusCode, body } = await send(request.url, {
    method: request.method ?? 'GET',
    ...(request.headers ? { headers: request.headers } : {}),
    ...(request.body !== undefined ? { body: request.body } : {}),
    headersTimeout: 5_000,
    bodyTimeout: 5_000,
  });
  const answer: unknown = await body.json();
  const wrong = check(statusCode, answer);
  if (wrong) throw new Error(`${request.method ?? 'GET'} ${request.url} answered ${statusCode} ${JSON.stringify(answer)}; ${wrong}`);
  return answer;
}
