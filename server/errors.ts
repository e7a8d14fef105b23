// Every refusal the hub sends has the body of shared/sync.ts's ErrorBodySchema: a code a program
// can act on and a sentence a person can read.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorBody, ErrorCode } from '../shared/sync.ts';
import { isUniqueViolation, isUnstorableText } from './db/errors.ts';

export class HubError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  constructor(status: number, code: ErrorCode, message: string) {
    super(message);
    this.name = 'HubError';
    this.status = status;
    this.code = code;
  }
}

export const forbidden = (message = 'You do not have access to this.') => new HubError(403, 'forbidden', message);
export const notFound = (what: string) => new HubError(404, 'not_found', `${what} was not found.`);

export function errorBody(code: ErrorCode, message: string): ErrorBody {
  return { error: { code, message } };
}

// Fastify's own errors, by code, mapped to ours.
const FASTIFY_ERRORS: Record<string, [number, ErrorCode, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'malformed_json', 'The body is not valid JSON.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'malformed_json', 'The body is empty; JSON was expected.'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'batch_too_large', 'The body is larger than 1 MB; send fewer records per batch.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type', 'Send JSON with Content-Type: application/json.'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'invalid_request', 'The Content-Length does not match the body.'],
  FST_ERR_BAD_URL: [400, 'invalid_request', 'The URL is not valid: a percent-escape does not decode to text.'],
  FST_ERR_MAX_PARAM_LENGTH: [414, 'invalid_request', 'A part of the URL is too long.'],
  FST_ERR_ASYNC_CONSTRAINT: [400, 'invalid_request', 'The request does not match any version of this endpoint.'],
};

export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof HubError) {
    void reply.code(error.status).send(errorBody(error.code, error.message));
    return;
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = error.validationContext ?? 'request';
    const detail = error.validation
      .slice(0, 5)
      .map((v) => `${where}${v.instancePath.replaceAll('/', '.')}: ${v.message}`)
      .join('; ');
    void reply.code(400).send(errorBody('invalid_request', detail));
    return;
  }
  const known = error.code ? FASTIFY_ERRORS[error.code] : undefined;
  if (known) {
    void reply.code(known[0]).send(errorBody(known[1], known[2]));
    return;
  }
  // A race the database settled (two creates of one email): the loser is told, not given a 500.
  if (isUniqueViolation(error)) {
    void reply.code(409).send(errorBody('conflict', 'This was just created by another request.'));
    return;
  }
  if (isUnstorableText(error)) {
    void reply.code(400).send(errorBody('invalid_request', 'The request holds text the database cannot store (a NUL character).'));
    return;
  }
  if (error.statusCode === 429) {
    void reply.code(429).send(errorBody('rate_limited', error.message));
    return;
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    // Other client errors Fastify detects (bad encoding, bad URL): pass on its message.
    void reply.code(error.statusCode).send(errorBody('invalid_request', error.message));
    return;
  }
  request.log.error({ err: error }, 'request failed');
  void reply.code(500).send(errorBody('internal', 'The hub failed to handle this request; it has been logged.'));
}
