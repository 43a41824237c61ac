import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeBase64Strict, encodeBase64Lines, fromPem, fromPemAll, PkiError, toPem } from '../../../electron/core/pki';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof PkiError ? error.code : `not a PkiError: ${String(error)}`;
  }
  return undefined;
}

describe('decodeBase64Strict', () => {
  it('decodes plain base64', () => {
    expect(decodeBase64Strict('SGVsbG8=').toString()).toBe('Hello');
    expect(decodeBase64Strict('SGVsbG8h').toString()).toBe('Hello!');
    expect(decodeBase64Strict('SGVsbA==').toString()).toBe('Hell');
  });

  it('accepts the line breaks and spaces RFC 7030 servers put between lines', () => {
    expect(decodeBase64Strict('SGVs\r\nbG8h\r\n').toString()).toBe('Hello!');
    expect(decodeBase64Strict('\nSGVs\nbG8=\n').toString()).toBe('Hello');
    expect(decodeBase64Strict('SGVs bG8h\t').toString()).toBe('Hello!');
  });

  it.each([
    ['empty', ''],
    ['only line breaks', '\r\n\r\n'],
    ['a percent sign', 'SGVs%G8h'],
    ['URL-safe alphabet', 'SGV-bG8_'],
    ['missing padding', 'SGVsbG8'],
    ['three padding characters', 'SGVsb==='],
    ['padding in the middle', 'SG==bG8h'],
    ['two padded blocks glued together', 'SGVsbG8=SGVsbG8='],
    ['a lone padding block', '===='],
    ['non-ASCII text', 'SGVsbG８='],
    ['an HTML error page', '<html><body>502 Bad Gateway</body></html>'],
    ['a PEM header', '-----BEGIN CERTIFICATE-----'],
  ])('rejects %s with PKI-BAD-BASE64', (_label, text) => {
    expect(codeOf(() => decodeBase64Strict(text))).toBe('PKI-BAD-BASE64');
  });
});

describe('encodeBase64Lines', () => {
  it('writes LF-terminated lines (no CR, so GNU base64 -d takes them) of at most 64 characters that decode back to the input', () => {
    for (const size of [1, 2, 3, 47, 48, 49, 95, 96, 97, 1000]) {
      const data = randomBytes(size);
      const text = encodeBase64Lines(data);
      expect(text.endsWith('\n')).toBe(true);
      expect(text).not.toContain('\r');
      const lines = text.split('\n').slice(0, -1);
      expect(lines.every((line) => line.length > 0 && line.length <= 64)).toBe(true);
      expect(lines.slice(0, -1).every((line) => line.length === 64)).toBe(true);
      expect(decodeBase64Strict(text).equals(data)).toBe(true);
    }
  });
});

describe('PEM helpers', () => {
  it('writes the label, 64-character lines, and reads back the same bytes', () => {
    const der = randomBytes(200);
    const pem = toPem('CERTIFICATE', der);
    const lines = pem.trimEnd().split('\n');
    expect(lines[0]).toBe('-----BEGIN CERTIFICATE-----');
    expect(lines.at(-1)).toBe('-----END CERTIFICATE-----');
    // 200 bytes are 268 base64 characters.
    expect(lines.slice(1, -1).map((l) => l.length)).toEqual([64, 64, 64, 64, 12]);
    expect(fromPem(pem, 'CERTIFICATE').equals(der)).toBe(true);
  });

  it('reads Windows (CRLF) PEM and skips text around the block', () => {
    const der = randomBytes(70);
    const pem = `subject=CN = user01\r\n${toPem('CERTIFICATE', der).replaceAll('\n', '\r\n')}trailing text\r\n`;
    expect(fromPem(pem, 'CERTIFICATE').equals(der)).toBe(true);
  });

  it('returns every block with the asked label, in order, and ignores other labels', () => {
    const [a, b, key] = [randomBytes(30), randomBytes(40), randomBytes(50)];
    const pem = toPem('CERTIFICATE', a) + toPem('PRIVATE KEY', key) + toPem('CERTIFICATE', b);
    const certs = fromPemAll(pem, 'CERTIFICATE');
    expect(certs).toHaveLength(2);
    expect(certs[0]!.equals(a)).toBe(true);
    expect(certs[1]!.equals(b)).toBe(true);
    expect(fromPem(pem, 'PRIVATE KEY').equals(key)).toBe(true);
    expect(fromPemAll(pem, 'X509 CRL')).toEqual([]);
  });

  it('refuses a text with no block of that label (PKI-BAD-PEM) and a corrupted body (PKI-BAD-BASE64)', () => {
    const pem = toPem('CERTIFICATE', randomBytes(30));
    expect(codeOf(() => fromPem(pem, 'X509 CRL'))).toBe('PKI-BAD-PEM');
    expect(codeOf(() => fromPem('no pem here', 'CERTIFICATE'))).toBe('PKI-BAD-PEM');
    const corrupted = pem.replace(/\n([A-Za-z0-9+/])/, '\n%');
    expect(codeOf(() => fromPem(corrupted, 'CERTIFICATE'))).toBe('PKI-BAD-BASE64');
  });
});
