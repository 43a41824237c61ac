/** Credentials from an HTTP Basic `Authorization` header (RFC 7617, UTF-8), or undefined. */
export function parseBasicAuth(header: string | undefined): { loginId: string; password: string } | undefined {
  if (!header) return undefined;
  const match = /^Basic[ ]+([A-Za-z0-9+/=]+)$/i.exec(header.trim());
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { loginId: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export const WWW_AUTHENTICATE = 'Basic realm="cjs-est", charset="UTF-8"';
