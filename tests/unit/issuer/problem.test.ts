// Fastify's own request errors reach users as our stable codes; a wrong mapping would send them
// looking for the wrong fault (a Content-Type problem when the request was cut short, say).
import { describe, expect, it } from 'vitest';
import { problemForFrameworkError } from '../../../issuer/src/http/problem';

describe('problemForFrameworkError', () => {
  it.each([
    ['FST_ERR_CTP_BODY_TOO_LARGE', 413, 413, 'CJS-E-TOO-LARGE'],
    ['FST_ERR_CTP_INVALID_MEDIA_TYPE', 415, 415, 'CJS-E-CONTENT-TYPE'],
    // A body whose length differs from Content-Length is a broken request, whatever its type.
    ['FST_ERR_CTP_INVALID_CONTENT_LENGTH', 400, 400, 'CJS-E-BAD-REQUEST'],
    ['FST_ERR_CTP_EMPTY_JSON_BODY', 400, 400, 'CJS-E-BAD-REQUEST'],
    ['FST_ERR_CTP_INVALID_JSON_BODY', 400, 400, 'CJS-E-BAD-REQUEST'],
    [undefined, 404, 404, 'CJS-E-NOT-FOUND'],
    [undefined, 405, 405, 'CJS-E-BAD-REQUEST'],
    [undefined, undefined, 500, 'CJS-E-INTERNAL'],
  ])('%s (status %s) → %i %s', (code, statusCode, status, problemCode) => {
    const problem = problemForFrameworkError({
      message: 'framework detail',
      ...(code ? { code } : {}),
      ...(statusCode ? { statusCode } : {}),
    });
    expect(problem).toMatchObject({ status, code: problemCode, type: `urn:cjs-rokin:problem:${problemCode}` });
    // Framework messages can echo request details; the answer uses our own words.
    expect(problem.detail).not.toContain('framework detail');
  });
});
