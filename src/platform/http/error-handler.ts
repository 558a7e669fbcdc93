// Renders every failure as RFC 9457 problem+json with a stable code. Unexpected errors are
// logged without driver details (which can echo stored values) and answered generically.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { type ErrorCode, GardeError, problem } from '../errors.ts';

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'MEDIA_TYPE_UNSUPPORTED',
  FST_ERR_CTP_INVALID_JSON_BODY: 'BODY_INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BODY_INVALID_JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'REQUEST_INVALID',
  RATE_LIMITED: 'RATE_LIMITED',
};

export function renderError(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  const instance = req.routeOptions.url;
  if (err instanceof GardeError) {
    return send(reply, problem(err.code, err.detail, { ...err.extra, instance }));
  }
  if (err.validation) {
    const errors = err.validation.map((v) => ({
      in: err.validationContext ?? 'body',
      path: v.instancePath || '/',
      message:
        v.keyword === 'additionalProperties'
          ? `unknown field "${(v.params as { additionalProperty: string }).additionalProperty}"`
          : (v.message ?? 'is invalid'),
    }));
    const detail = errors.map((e) => `${e.in}${e.path === '/' ? '' : e.path}: ${e.message}`).join('; ');
    return send(reply, problem('REQUEST_INVALID', detail, { errors, instance }));
  }
  if ((err as { name?: string }).name === 'SyntaxError' && err.statusCode === 400) {
    return send(reply, problem('BODY_INVALID_JSON', 'The body could not be parsed as JSON', { instance }));
  }
  const mapped = err.code ? FASTIFY_CODES[err.code] : undefined;
  if (mapped) {
    const extra =
      mapped === 'RATE_LIMITED' ? { retryAfter: (err as { retryAfter?: string }).retryAfter } : {};
    return send(reply, problem(mapped, undefined, { ...extra, instance }));
  }
  req.log.error({ err }, 'unhandled error');
  return send(reply, problem('INTERNAL', undefined, { instance }));
}

function send(reply: FastifyReply, body: ReturnType<typeof problem>) {
  return reply.status(body.status).type('application/problem+json').send(body);
}
