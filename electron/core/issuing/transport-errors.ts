// What went wrong on the way to the issuer, told from what the connection really went through
// (tls-agent.ts records each stage) rather than from the error's name alone: the same abort is a
// timeout before the handshake, a silent server after it, or a proxy that never answered. Each
// class has its own code, because the fix differs (docs/security/client-transport.md).
import { AxiosError } from 'axios';
import { IssuingError, type TlsFailureDetail } from './errors';
import type { ConnectionObservations } from './tls-agent';

/** A certs-only answer is a few KiB; anything near this is not an EST answer. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

/** What the request knew when it failed. */
export interface TransportContext {
  readonly url: URL;
  readonly seen: ConnectionObservations;
  /** Our own deadline over the whole exchange fired. */
  readonly deadlineHit: boolean;
  readonly timeoutMs: number;
  readonly proxyUrl: string | undefined;
}

const DNS_ERRNOS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']);
// Failures to reach the host or keep the connection; the errno is kept for the diagnosis.
const NETWORK_ERRNOS = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'ECONNRESET',
  'EPIPE',
  'ENETDOWN',
  'EHOSTDOWN',
  ...DNS_ERRNOS,
]);
/** A connection cut by the other side: during the handshake it is the handshake that failed. */
const CUT = new Set(['ECONNRESET', 'EPIPE']);
/** This client giving up: our deadline's abort, axios' idle timer, Node's handshake timer, the OS's connect timer. */
const GAVE_UP = new Set(['ERR_CANCELED', 'ABORT_ERR', 'ECONNABORTED', 'ETIMEDOUT', 'ERR_TLS_HANDSHAKE_TIMEOUT']);
const CERTIFICATE_ERROR =
  /CERT|ISSUER|SELF_SIGNED|ALTNAME|HOSTNAME_MISMATCH|INVALID_CA|INVALID_PURPOSE|PATH_LENGTH|CHAIN_TOO_LONG|LEAF_SIGNATURE/;

interface NodeErrorLike {
  readonly code?: unknown;
  readonly message?: unknown;
  readonly cause?: unknown;
}

/** The failure as it can be kept: Node's code and message, never the request it came from. */
interface Failure {
  readonly code: string;
  readonly message: string;
  readonly cause: Error;
}

/** Maps a transport failure to IssuingError without ever keeping axios' config (it holds the Authorization header). */
export function mapTransportError(error: unknown, context: TransportContext): IssuingError {
  const underlying = underlyingError(error);
  const failure: Failure = {
    code: typeof underlying.code === 'string' ? underlying.code : '',
    message: typeof underlying.message === 'string' ? underlying.message : 'unknown failure',
    cause: plainCause(underlying),
  };
  const { seen } = context;
  // Only a certificate our verification ran on and refused is "not trusted" (tls-agent.ts).
  if (seen.rejectedPeer !== undefined || (CERTIFICATE_ERROR.test(failure.code) && !seen.secured)) return untrusted(failure, context);
  if (context.deadlineHit || GAVE_UP.has(failure.code)) return timedOut(failure, context);
  return connectionFailure(failure, context);
}

/** The client gave up: where the exchange had got to says whose silence it was. */
function timedOut({ code, cause }: Failure, { url, seen, proxyUrl, timeoutMs }: TransportContext): IssuingError {
  const within = `within ${timeoutMs} ms`;
  const errno = code ? { errno: code } : {};
  if (proxyUrl !== undefined && seen.proxyConnectStatus === undefined) {
    return new IssuingError(
      'ISSUE-PROXY-UNREACHABLE',
      `the proxy ${describeProxy(proxyUrl)} did not answer the CONNECT request ${within}`,
      {
        ...errno,
        cause,
      },
    );
  }
  const via = viaProxy(proxyUrl);
  if (seen.secured) {
    const received = seen.answerBytes ? `only ${seen.answerBytes} bytes of its answer` : 'no answer';
    return new IssuingError('ISSUE-NO-ANSWER', `${url.host}${via} sent ${received} ${within} after the TLS handshake`, { ...errno, cause });
  }
  const stage = seen.connected || proxyUrl !== undefined ? 'connected, then timed out' : 'timed out';
  return new IssuingError('ISSUE-TIMEOUT', `${url.host}${via}: ${stage} before the TLS handshake completed (${within})`, {
    ...errno,
    cause,
  });
}

/** Anything else that ended the exchange: the proxy, the handshake, the name, the connection. */
function connectionFailure({ code, message, cause }: Failure, { url, seen, proxyUrl }: TransportContext): IssuingError {
  const via = viaProxy(proxyUrl);
  if (proxyUrl !== undefined && seen.proxyConnectStatus === undefined && NETWORK_ERRNOS.has(code)) {
    return new IssuingError('ISSUE-PROXY-UNREACHABLE', `the proxy ${describeProxy(proxyUrl)} cannot be reached: ${code}`, {
      errno: code,
      cause,
    });
  }
  const handshaking = !seen.secured && (seen.connected || proxyUrl !== undefined);
  if (isHandshakeFailure(code) || (handshaking && CUT.has(code))) {
    const tls: TlsFailureDetail = { tlsErrorCode: code || 'UNKNOWN', kind: 'protocol' };
    return new IssuingError(
      'ISSUE-TLS-HANDSHAKE',
      `no TLS 1.2+ connection could be negotiated with ${url.host}${via}: ${code || message}`,
      {
        tls,
        cause,
      },
    );
  }
  if (DNS_ERRNOS.has(code))
    return new IssuingError('ISSUE-DNS', `the name ${url.hostname} cannot be resolved: ${code}`, { errno: code, cause });
  if (code === 'ECONNREFUSED') {
    return new IssuingError('ISSUE-REFUSED', `${url.host} refused the connection: nothing accepts connections there`, {
      errno: code,
      cause,
    });
  }
  if (NETWORK_ERRNOS.has(code)) {
    const what = seen.secured ? 'the connection was cut before the answer' : 'cannot be reached';
    return new IssuingError('ISSUE-UNREACHABLE', `${url.host}${via}: ${what} (${code})`, { errno: code, cause });
  }
  if (/maxContentLength|maxBodyLength/.test(message)) {
    return new IssuingError('ISSUE-BAD-RESPONSE', `the answer exceeds ${MAX_RESPONSE_BYTES} bytes`, { cause });
  }
  return new IssuingError('ISSUE-UNREACHABLE', `the request to ${url.host}${via} failed: ${code || message}`, {
    ...(code ? { errno: code } : {}),
    cause,
  });
}

/** The proxy answered CONNECT with something else than 200: authentication wanted, or a refusal. */
export function proxyRefusal(url: URL, status: number, proxyUrl: string | undefined): IssuingError {
  const detail = describeProxy(proxyUrl);
  if (status === 407) {
    return new IssuingError('ISSUE-PROXY-AUTH', `the proxy ${detail} requires authentication for the tunnel to ${url.host} (HTTP 407)`, {
      status,
      detail,
    });
  }
  return new IssuingError('ISSUE-PROXY', `the proxy ${detail} refused the tunnel to ${url.host} (HTTP ${status})`, { status, detail });
}

function untrusted({ code, message, cause }: Failure, { url, seen, proxyUrl }: TransportContext): IssuingError {
  const reason = code || message;
  const peer = seen.rejectedPeer ?? {};
  const tls: TlsFailureDetail = { tlsErrorCode: reason, kind: 'certificate', ...peer };
  const issuer = peer.peerIssuerCommonName ? ` (certificate issued by "${peer.peerIssuerCommonName}")` : '';
  return new IssuingError('ISSUE-TLS', `the server certificate of ${url.host}${viaProxy(proxyUrl)} is not trusted: ${reason}${issuer}`, {
    tls,
    cause,
  });
}

function viaProxy(proxyUrl: string | undefined): string {
  return proxyUrl ? ` via proxy ${describeProxy(proxyUrl)}` : '';
}

/** OpenSSL's own failures (version, cipher, alert), not the ones of our deadline. */
function isHandshakeFailure(code: string): boolean {
  return code === 'EPROTO' || code.startsWith('ERR_SSL_') || (code.startsWith('ERR_TLS_') && code !== 'ERR_TLS_HANDSHAKE_TIMEOUT');
}

/** The Node error under an AxiosError (axios keeps it as `cause`), else the error itself. */
function underlyingError(error: unknown): NodeErrorLike {
  if (error instanceof AxiosError) {
    const inner = error.cause;
    if (inner && typeof inner === 'object' && typeof (inner as NodeErrorLike).code === 'string') return inner;
    return { code: error.code, message: error.message };
  }
  return error && typeof error === 'object' ? error : { message: String(error) };
}

/** A cause safe to keep and log: code and message only, never a request config or headers. */
export function plainCause(error: unknown): Error {
  const e = error && typeof error === 'object' ? (error as NodeErrorLike) : { message: String(error) };
  const copy = new Error(typeof e.message === 'string' ? e.message : 'unknown failure');
  if (typeof e.code === 'string') Object.assign(copy, { code: e.code });
  return copy;
}

/** Proxy address for messages: scheme, host and port, never its user:password. */
export function describeProxy(proxy: string | undefined): string {
  if (proxy === undefined) return 'none';
  try {
    const u = new URL(proxy);
    return `${u.protocol}//${u.host}`;
  } catch {
    return '(unparsable proxy address)';
  }
}
