// Response header names leave in their canonical case (`Content-Type`, `WWW-Authenticate`).
// HTTP says names are case-insensitive, but strict embedded EST clients compare them byte for
// byte. Fastify lowercases every name given to reply.header() and hands them to writeHead as
// they are, so the names are put right at writeHead, the one place every answer passes.
import type { OutgoingHttpHeaders, Server, ServerResponse } from 'node:http';

/** Names whose canonical spelling the Title-Case rule gets wrong. */
const SPECIAL: Readonly<Record<string, string>> = {
  'www-authenticate': 'WWW-Authenticate',
  etag: 'ETag',
  'content-md5': 'Content-MD5',
};

/** `content-transfer-encoding` → `Content-Transfer-Encoding`, `www-authenticate` → `WWW-Authenticate`. */
export function canonicalHeaderName(name: string): string {
  const lower = name.toLowerCase();
  return SPECIAL[lower] ?? lower.replace(/(^|-)([a-z])/g, (_m, dash: string, letter: string) => dash + letter.toUpperCase());
}

/** Makes every answer of `server` write its header names in canonical case. */
export function canonicalHeaderCase(server: Server): void {
  // Prepended: the response is prepared before the framework's handler can answer it.
  server.prependListener('request', (_req, res: ServerResponse) => {
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
    res.writeHead = (...args: unknown[]) => writeHead(...args.map(canonicalArgument));
  });
}

/** writeHead(status, [message], [headers]): only the headers object (or flat array) changes. */
function canonicalArgument(arg: unknown): unknown {
  if (Array.isArray(arg))
    return arg.map((item: unknown, i) => (i % 2 === 0 && typeof item === 'string' ? canonicalHeaderName(item) : item));
  if (arg === null || typeof arg !== 'object') return arg;
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(arg as OutgoingHttpHeaders)) headers[canonicalHeaderName(name)] = value;
  return headers;
}
