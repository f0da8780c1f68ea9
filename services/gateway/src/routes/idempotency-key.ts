// The idempotency key of a mutating call, from the client's Idempotency-Key header so that its
// retries are answered with the first result; without the header each request is a new one.
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { Compile } from 'typebox/compile';
import { IdempotencyKey, validationFailed } from '@mall/contracts';

const validKey = Compile(IdempotencyKey);
const HEADER = 'idempotency-key';

export function idempotencyKeyOf(request: FastifyRequest): string {
  const given = request.headers[HEADER];
  if (given === undefined) return `gw-${randomUUID()}`;
  if (typeof given === 'string' && validKey.Check(given)) return given;
  const message = 'must be 8 to 128 characters of A-Z a-z 0-9 _ : . -, sent once';
  throw validationFailed('headers', [{ path: `/headers/${HEADER}`, message }]);
}
