import { STATUS_CODES } from 'node:http';
import { PROBLEM_CODES, type ProblemCode, type ProblemDetails } from '../../../electron/contract/problem-codes';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** The RFC 9457 body for a code; `type` is a URN so it never pretends to be a fetchable page. */
export function problemBody(code: ProblemCode, status: number, detail: string, title?: string): ProblemDetails {
  return {
    type: `urn:cjs-rokin:problem:${code}`,
    title: title ?? STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    code,
  };
}

/** Maps Fastify's own request errors (body limit, content type, JSON syntax) to our codes. */
export function problemForFrameworkError(err: { code?: string; statusCode?: number; message: string }): ProblemDetails {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problemBody(PROBLEM_CODES.TOO_LARGE, 413, 'The request body exceeds the size limit.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problemBody(PROBLEM_CODES.CONTENT_TYPE, 415, 'This endpoint does not accept that Content-Type.');
    // The body's length differs from its Content-Length header: a broken request, not a wrong type.
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return problemBody(PROBLEM_CODES.BAD_REQUEST, 400, 'The request body does not match its Content-Length.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return problemBody(PROBLEM_CODES.BAD_REQUEST, 400, 'The JSON body is malformed.');
    default:
      break;
  }
  if (err.statusCode === 404) return problemBody(PROBLEM_CODES.NOT_FOUND, 404, 'No such resource.');
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return problemBody(PROBLEM_CODES.BAD_REQUEST, err.statusCode, 'The request is malformed.');
  }
  return problemBody(PROBLEM_CODES.INTERNAL, 500, 'The service failed to handle the request.');
}
