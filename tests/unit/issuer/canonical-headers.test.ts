import { describe, expect, it } from 'vitest';
import { canonicalHeaderName } from '../../../issuer/src/http/canonical-headers';

describe('canonicalHeaderName', () => {
  it.each([
    ['content-type', 'Content-Type'],
    ['CONTENT-TRANSFER-ENCODING', 'Content-Transfer-Encoding'],
    ['www-authenticate', 'WWW-Authenticate'],
    ['retry-after', 'Retry-After'],
    ['cache-control', 'Cache-Control'],
    ['x-content-type-options', 'X-Content-Type-Options'],
    ['strict-transport-security', 'Strict-Transport-Security'],
    ['etag', 'ETag'],
    ['Date', 'Date'],
  ])('%s → %s', (name, canonical) => {
    expect(canonicalHeaderName(name)).toBe(canonical);
  });
});
