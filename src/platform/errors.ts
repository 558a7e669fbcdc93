// Every error code the API can answer with, declared once: stable code, HTTP status, title.
// Routes throw GardeError; the HTTP error handler renders RFC 9457 problem+json.
// Refusals of decide() are not errors: they live in src/decide/reasons.ts.

export const ERRORS = {
  REQUEST_INVALID: { status: 400, title: 'The request does not match the schema' },
  BODY_INVALID_JSON: { status: 400, title: 'The request body is not valid JSON' },
  CURSOR_INVALID: { status: 400, title: 'The cursor is not one this list gave' },
  BODY_INVALID_ENCODING: { status: 400, title: 'The request body is not valid UTF-8' },
  URL_INVALID: { status: 400, title: 'The URL is not validly percent-encoded' },
  HOST_INVALID: { status: 400, title: 'An HTTP/1.1 request names its host in exactly one Host header' },
  REQUEST_INCOMPLETE: {
    status: 400,
    title: 'The client closed the connection before the request was complete',
  },
  AUTH_MISSING: { status: 401, title: 'An API key is required' },
  AUTH_INVALID: { status: 401, title: 'The API key is unknown or revoked' },
  ROLE_FORBIDDEN: { status: 403, title: 'This role may not use this route' },
  NOT_FOUND: { status: 404, title: 'No such route' },
  SUBJECT_NOT_FOUND: { status: 404, title: 'No such subject' },
  KEY_NOT_FOUND: { status: 404, title: 'No such API key' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  REQUEST_TIMEOUT: { status: 408, title: 'The request took too long to arrive' },
  SUBJECT_CONFLICT: { status: 409, title: 'The subject was changed by someone else' },
  SUBJECT_EXISTS: {
    status: 409,
    title: 'Another subject has this external reference or e-mail address',
  },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'This Idempotency-Key was used for a different request' },
  IDEMPOTENCY_KEY_IN_FLIGHT: {
    status: 409,
    title: 'The first request with this Idempotency-Key is still running: retry after a moment',
  },
  BODY_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  PATH_SEGMENT_TOO_LONG: { status: 414, title: 'A segment of the path is too long' },
  URL_TOO_LONG: { status: 414, title: 'The URL is too long' },
  MEDIA_TYPE_UNSUPPORTED: { status: 415, title: 'Unsupported media type' },
  EXPECTATION_FAILED: { status: 417, title: 'The only expectation this server meets is 100-continue' },
  HEADERS_TOO_LARGE: { status: 431, title: 'The request headers are too large' },
  SUBJECT_INVALID: { status: 422, title: 'The subject change breaks a rule' },
  CONSENT_INVALID: { status: 422, title: 'No consent can be recorded for this purpose or channel' },
  SOURCE_FORBIDDEN: { status: 403, title: 'This role may not record a change from that source' },
  OBJECTION_INVALID: { status: 422, title: 'The objection names an unknown purpose' },
  RESTRICTION_INVALID: { status: 422, title: 'The restriction names an unknown purpose' },
  SUBSCRIPTION_INVALID: { status: 422, title: 'The policy offers no such subscription' },
  THEME_INVALID: { status: 422, title: 'The policy offers no such theme' },
  KEY_SCOPE_INVALID: { status: 422, title: 'No key of this role can hold this scope under the policy' },
  HOLDING_NOT_FOUND: { status: 404, title: 'The subject holds no such product or account' },
  SEND_REFUSED: { status: 422, title: 'The policy does not allow this message' },
  CAP_REACHED: { status: 409, title: 'The commercial-message cap for this period is reached' },
  OVERRIDE_NOT_ALLOWED: { status: 422, title: 'The cap is strict: it cannot be overridden' },
  CAMPAIGN_INVALID: { status: 422, title: 'The policy does not allow this campaign' },
  CAMPAIGN_NOT_FOUND: { status: 404, title: 'No such campaign' },
  CAMPAIGN_SENT: { status: 409, title: 'The campaign was already sent' },
  RIGHTS_INVALID: { status: 422, title: 'The rights request breaks a rule of the policy' },
  REQUEST_NOT_FOUND: { status: 404, title: 'No such rights request' },
  REQUEST_STATE: { status: 409, title: 'The rights request is not in a state that allows this' },
  ERASURE_ENDS_CONTRACT: { status: 409, title: 'Erasure would end the contract: confirm it first' },
  HOLD_NOT_FOUND: { status: 404, title: 'No such legal hold' },
  INTEREST_INVALID: {
    status: 422,
    title: 'The policy knows no such topic or product, or there is too little data',
  },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  NOT_READY: { status: 503, title: 'The service is not ready' },
  INTERNAL: { status: 500, title: 'Internal error' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERRORS;

export class GardeError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    readonly extra?: Record<string, unknown>,
  ) {
    super(detail ?? ERRORS[code].title);
    this.status = ERRORS[code].status;
  }
}

export type Problem = {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail?: string;
  instance?: string;
  [k: string]: unknown;
};

export function problem(code: ErrorCode, detail?: string, extra?: Record<string, unknown>): Problem {
  const { status, title } = ERRORS[code];
  return {
    type: `https://garde.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`,
    title,
    status,
    code,
    ...(detail ? { detail } : {}),
    ...extra,
  };
}
