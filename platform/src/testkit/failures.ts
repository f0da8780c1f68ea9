// Reading failures in tests: a call that must fail with a MallError of a given code (what a typed client
// throws), and an HTTP answer that must carry the error shape `{ error: { code } }` with its status.
import assert from 'node:assert/strict';
import { MallError } from '@mall/contracts';

/** The MallError a call failed with; fails the test when the call succeeded or threw anything else. */
export async function failureOf(call: Promise<unknown>): Promise<MallError> {
  const err = await call.then(
    () => assert.fail('expected the call to fail'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof MallError, `not a MallError: ${String(err)}`);
  return err;
}

/** The MallError a call failed with, after checking its code (and its status when given). */
export async function expectFailure(call: Promise<unknown>, code: string, status?: number): Promise<MallError> {
  const err = await failureOf(call);
  assert.equal(err.code, code, `failed with ${err.code}: ${err.message}`);
  if (status !== undefined) assert.equal(err.status, status);
  return err;
}

/** An HTTP answer as tests read it: the status and the parsed JSON body. */
export interface HttpAnswer {
  status: number;
  body: unknown;
}

/** Checks an edge answer is the error `code` with `status`; the body is printed when it is not. */
export function expectErrorAnswer(answer: HttpAnswer, status: number, code: string): void {
  const shown = JSON.stringify(answer.body);
  assert.equal(answer.status, status, shown);
  assert.equal((answer.body as { error?: { code?: unknown } } | null)?.error?.code, code, shown);
}
