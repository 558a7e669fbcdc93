// Renders every failure as RFC 9457 problem+json with a stable code. Unexpected errors are
// logged without driver details (which can echo stored values) and answered generically.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { type ErrorCode, type FieldError, fieldErrors, GardeError } from '../errors.ts';
import { FORMAT_MESSAGES } from './formats.ts';
import { sendProblem } from './problem-reply.ts';

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'MEDIA_TYPE_UNSUPPORTED',
  FST_ERR_CTP_INVALID_JSON_BODY: 'BODY_INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BODY_INVALID_JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'REQUEST_INVALID',
};

// Any other client error the framework or a plugin raises keeps its meaning through its status.
const BY_STATUS: Record<number, ErrorCode> = {
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  408: 'REQUEST_TIMEOUT',
  413: 'BODY_TOO_LARGE',
  414: 'PATH_SEGMENT_TOO_LONG',
  415: 'MEDIA_TYPE_UNSUPPORTED',
  429: 'RATE_LIMITED',
  431: 'HEADERS_TOO_LARGE',
};

export function renderError(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof GardeError) return sendProblem(reply, err.code, err.detail, err.extra);
  if (clientGone(req)) {
    // The client closed the connection mid-request (an aborted upload): nobody reads the answer
    // and nothing failed on our side, so it is no error of ours.
    const route = req.routeOptions.url ?? 'unmatched';
    req.log.info({ route, method: req.method }, 'request aborted by the client');
    return sendProblem(reply, 'REQUEST_INCOMPLETE');
  }
  if (err.validation) {
    const invalid = fieldErrors('REQUEST_INVALID', validationErrors(err));
    return sendProblem(reply, invalid.code, invalid.detail, invalid.extra);
  }
  if ((err as { name?: string }).name === 'SyntaxError' && err.statusCode === 400) {
    return sendProblem(reply, 'BODY_INVALID_JSON', 'The body could not be parsed as JSON');
  }
  const status = err.statusCode ?? 500;
  const mapped =
    (err.code ? FASTIFY_CODES[err.code] : undefined) ?? (status < 500 ? BY_STATUS[status] : undefined);
  if (mapped) return sendProblem(reply, mapped);
  if (status >= 400 && status < 500) return sendProblem(reply, 'REQUEST_INVALID');
  req.log.error({ err }, 'unhandled error');
  return sendProblem(reply, 'INTERNAL');
}

/**
 * The body stopped before its end because the client hung up. Not `destroyed` (a body read to
 * its end is destroyed too) nor ECONNRESET alone (a database connection reset is ours).
 */
function clientGone(req: FastifyRequest): boolean {
  return req.raw.readableAborted;
}

function validationErrors(err: FastifyError): FieldError[] {
  return (err.validation ?? []).map((v) => ({
    in: err.validationContext ?? 'body',
    path: v.instancePath || '/',
    message: messageOf(v),
  }));
}

function messageOf(v: NonNullable<FastifyError['validation']>[number]): string {
  const params = v.params as { additionalProperty?: string; format?: string };
  if (v.keyword === 'additionalProperties') return `unknown field "${params.additionalProperty}"`;
  if (v.keyword === 'format' && params.format && FORMAT_MESSAGES[params.format])
    return FORMAT_MESSAGES[params.format] as string;
  return v.message ?? 'is invalid';
}
