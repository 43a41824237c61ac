import { PkiError } from './errors';

// RFC 7030 bodies are base64 with optional line breaks (RFC 2045 style). Buffer.from() silently
// skips any character it does not know, so validate first: garbage must be rejected, not decoded.
const BASE64_BODY = /^[A-Za-z0-9+/]+={0,2}$/;

/** Decodes a base64 body, tolerating CR/LF and spaces between lines, rejecting anything else. */
export function decodeBase64Strict(text: string): Buffer {
  const compact = text.replace(/[\r\n\t ]+/g, '');
  if (compact.length === 0 || compact.length % 4 !== 0 || !BASE64_BODY.test(compact)) {
    throw new PkiError('PKI-BAD-BASE64', 'the body is not valid base64');
  }
  return Buffer.from(compact, 'base64');
}

/**
 * Base64 in 64-character lines, as RFC 7030 servers answer. Lines end in LF, not MIME's CRLF:
 * GNU `base64 -d` (what a curl user pipes into) rejects the CR, and every decoder accepts LF.
 */
export function encodeBase64Lines(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  return (b64.match(/.{1,64}/g) ?? []).join('\n') + '\n';
}

export function toPem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  return `-----BEGIN ${label}-----\n${(b64.match(/.{1,64}/g) ?? []).join('\n')}\n-----END ${label}-----\n`;
}

/** Every block with this label in a PEM text, in order. */
export function fromPemAll(pem: string, label: string): Buffer[] {
  const re = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, 'g');
  return [...pem.matchAll(re)].map((m) => decodeBase64Strict(m[1] ?? ''));
}

export function fromPem(pem: string, label: string): Buffer {
  const [first] = fromPemAll(pem, label);
  if (!first) throw new PkiError('PKI-BAD-PEM', `no ${label} block in the PEM text`);
  return first;
}
