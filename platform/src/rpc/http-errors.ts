// One error shape for every HTTP failure of a Fastify app: { error: { code, message, details } }.
// Fastify's own errors (malformed JSON, oversized body, wrong content type) get codes too.
import type { FastifyError, FastifyInstance } from 'fastify';
import { MallError, validationFailed } from '@mall/contracts';

const fastifyCodes: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
  FST_ERR_VALIDATION: 'VALIDATION_FAILED',
};

export function toMallError(err: unknown): MallError {
  if (err instanceof MallError) return err;
  const fe = err as Partial<FastifyError> & { message?: string };
  if (fe?.validation) {
    // Fastify's schema validation (edge routes): name every bad field, as the RPC validation does.
    const where = fe.validationContext ?? 'body';
    const fields = fe.validation.map((v) => {
      const unknown = v.keyword === 'additionalProperties' ? (v.params as { additionalProperty?: string }).additionalProperty : undefined;
      return unknown
        ? { path: `/${where}${v.instancePath ?? ''}/${unknown}`, message: 'is not a known property' }
        : { path: `/${where}${v.instancePath ?? ''}`, message: v.message ?? v.keyword };
    });
    return validationFailed(where, fields);
  }
  if (fe?.code && fastifyCodes[fe.code])
    return new MallError(fastifyCodes[fe.code]!, fe.message ?? fe.code, { status: fe.statusCode ?? 400 });
  if (fe?.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    // A malformed JSON body can surface as a plain SyntaxError with statusCode 400.
    const code = err instanceof SyntaxError ? 'MALFORMED_JSON' : 'VALIDATION_FAILED';
    return new MallError(code, fe.message ?? 'bad request', { status: fe.statusCode });
  }
  return new MallError('INTERNAL', 'internal error', { cause: err });
}

export function installErrorShape(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const e = toMallError(err);
    // A handler's own failures were reported where they were bound; only the unexpected ones are logged here.
    if (!(err instanceof MallError) && e.status >= 500) request.log.error({ err }, 'request failed');
    void reply.status(e.status).send(e.toBody());
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send(new MallError('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`).toBody());
  });
}
