import type { ProblemCode } from '../../contract/problem-codes';
import { CjsError } from '../errors';
import { oneLine } from '../safe-text';

/**
 * Codes the client decides by itself, before or without a problem+json answer. Stable: the app
 * maps each to Japanese text and the user quotes it to the bank (FAQ Q18).
 */
export type IssuingClientCode =
  /** The issuing address is not https:// (FAQ Q18(1), Q19(2)). */
  | 'ISSUE-HTTP-URL'
  /** The issuing address cannot be parsed, or carries user:password (a secret in a URL). */
  | 'ISSUE-BAD-URL'
  /** The login ID or password cannot be sent with HTTP Basic (':' in the ID, control characters). */
  | 'ISSUE-BAD-CREDENTIALS'
  /** The server wants a login this client cannot give (Digest without qop, an unknown algorithm, Negotiate...), and not Basic. */
  | 'ISSUE-AUTH-SCHEME'
  // The way to the issuer (transport-errors.ts tells them apart from what the connection went
  // through; docs/security/client-transport.md has the table). `errno` keeps the Node code.
  /** The issuer's name does not resolve (ENOTFOUND, EAI_AGAIN...). */
  | 'ISSUE-DNS'
  /** The issuer's host answered that nothing accepts connections there (ECONNREFUSED): the service is down. */
  | 'ISSUE-REFUSED'
  /** No route to the issuer, or the connection was cut (EHOSTUNREACH, ENETUNREACH, ECONNRESET after the handshake...). */
  | 'ISSUE-UNREACHABLE'
  /** Our verification of the server's certificate ran and refused it (`tlsErrorCode`, the presented names): HTTPS scanning. */
  | 'ISSUE-TLS'
  /** The TLS handshake itself failed: version, cipher, an alert, the connection cut during it. */
  | 'ISSUE-TLS-HANDSHAKE'
  /** No TLS connection within the deadline: the connect or the handshake did not complete. */
  | 'ISSUE-TIMEOUT'
  /** TLS was established, then the server's answer did not (fully) come within the deadline. */
  | 'ISSUE-NO-ANSWER'
  /** The proxy refused the CONNECT tunnel (a status other than 200 and 407), or its address is unusable. */
  | 'ISSUE-PROXY'
  /** The proxy requires authentication (407). */
  | 'ISSUE-PROXY-AUTH'
  /** The proxy cannot be reached (refused, unresolvable) or never answered the CONNECT request. */
  | 'ISSUE-PROXY-UNREACHABLE'
  /** The server's /csrattrs asks for a key type or signature this client's request cannot carry (RFC 7030 §4.5). */
  | 'ISSUE-CSR-ATTRS'
  /** A success status whose body is not a certs-only PKCS#7 in base64. */
  | 'ISSUE-BAD-RESPONSE'
  /** An error status without a usable problem+json code (a redirect, a 502 from a gateway...). */
  | 'ISSUE-HTTP-STATUS'
  // Checks of the issued certificate (response-validation.ts):
  | 'ISSUE-NO-CERTIFICATE'
  | 'ISSUE-WRONG-KEY'
  | 'ISSUE-WRONG-ISSUER'
  | 'ISSUE-NOT-CLIENT-AUTH'
  | 'ISSUE-WRONG-SUBJECT'
  | 'ISSUE-NOT-VALID'
  /** The leaf claims CA powers (basicConstraints CA:TRUE, keyCertSign or cRLSign). */
  | 'ISSUE-LEAF-IS-CA'
  /** /cacerts does not hold (or chain to) the pinned issuing CA (ca-pin.ts). */
  | 'ISSUE-CA-MISMATCH';

export type IssuingErrorCode = IssuingClientCode | ProblemCode;

/** A failure on the way to the issuer, before it answered anything: nothing is known of its side. */
export const TRANSPORT_CODES: ReadonlySet<string> = new Set<IssuingClientCode>([
  'ISSUE-DNS',
  'ISSUE-REFUSED',
  'ISSUE-UNREACHABLE',
  'ISSUE-TLS',
  'ISSUE-TLS-HANDSHAKE',
  'ISSUE-TIMEOUT',
  'ISSUE-NO-ANSWER',
  'ISSUE-PROXY',
  'ISSUE-PROXY-AUTH',
  'ISSUE-PROXY-UNREACHABLE',
]);

/** What the diagnosis needs to name the cause of a TLS failure (e.g. HTTPS-scanning software). */
export interface TlsFailureDetail {
  /** Node/OpenSSL code: UNABLE_TO_VERIFY_LEAF_SIGNATURE, SELF_SIGNED_CERT_IN_CHAIN, ERR_SSL_... */
  readonly tlsErrorCode: string;
  readonly kind: 'certificate' | 'protocol';
  /** Of the certificate the server presented, when the handshake got that far. */
  readonly peerSubjectCommonName?: string;
  readonly peerIssuerCommonName?: string;
  /** The last certificate of the presented chain (the root an interception product installs). */
  readonly peerRootCommonName?: string;
  readonly peerSha256?: string;
}

export interface IssuingErrorOptions {
  readonly faq?: readonly string[];
  readonly status?: number;
  /** Server's problem+json `detail`, or a client-side explanation. Never holds a credential. */
  readonly detail?: string;
  /** Node errno code for network failures (ECONNREFUSED, ENOTFOUND...). */
  readonly errno?: string;
  readonly tls?: TlsFailureDetail;
  /** Never an AxiosError: its `config` holds the Authorization header. */
  readonly cause?: unknown;
}

/**
 * A failed issuing step, or the issuer's refusal (its problem+json code mapped on the client
 * side); `code` is stable and is what the user reports.
 */
export class IssuingError extends CjsError<IssuingErrorCode> {
  readonly status: number | undefined;
  readonly detail: string | undefined;
  readonly errno: string | undefined;
  readonly tls: TlsFailureDetail | undefined;

  constructor(code: IssuingErrorCode, rawMessage: string, rawOptions: IssuingErrorOptions = {}) {
    // The one door through which a server's words (problem title and detail, headers, the names
    // in its certificate) enter an error: made safe here for every log, terminal and report.
    const message = oneLine(rawMessage);
    const options = safeOptions(rawOptions);
    const down = serviceDown(code, options.status);
    super(code, message, {
      // Q18: a failure that persists is reported to the bank with its code.
      faq: down ? ['Q18', ...(options.faq ?? [])] : options.faq,
      cause: options.cause,
      // `detail` is the server's English text: kept for logs and --json, never a param users read.
      params: issuingParams(code, options),
      actor: down ? 'bank' : undefined,
    });
    this.status = options.status;
    this.detail = options.detail;
    this.errno = options.errno;
    this.tls = options.tls;
  }
}

/** A problem detail is a sentence or two; what is longer than this is not one worth printing. */
const MAX_DETAIL_CHARS = 1000;

function safeOptions(options: IssuingErrorOptions): IssuingErrorOptions {
  const { detail, tls } = options;
  return {
    ...options,
    ...(detail !== undefined
      ? { detail: oneLine(detail.length > MAX_DETAIL_CHARS ? `${detail.slice(0, MAX_DETAIL_CHARS)}…` : detail) }
      : {}),
    ...(tls !== undefined ? { tls: safeTls(tls) } : {}),
  };
}

/** Every text of the detail: the peer's names come from the certificate the server presented. */
function safeTls(tls: TlsFailureDetail): TlsFailureDetail {
  return Object.fromEntries(
    Object.entries(tls).map(([key, value]) => [key, typeof value === 'string' ? oneLine(value) : value]),
  ) as unknown as TlsFailureDetail;
}

/**
 * A 5xx without a problem+json code: the issuing service itself (or the gateway in front of it)
 * is failing, which only the bank's side can mend. Any other status without a code (a redirect,
 * a 404 from a wrong address) stays with the code's usual actor.
 */
function serviceDown(code: IssuingErrorCode, status: number | undefined): boolean {
  return code === 'ISSUE-HTTP-STATUS' && status !== undefined && status >= 500 && status <= 599;
}

/** What an explanation may quote: the HTTP status, the network error, the TLS cause (no credential). */
function issuingParams(code: IssuingErrorCode, options: IssuingErrorOptions): Record<string, string | number> {
  const params: Record<string, string | number> = {};
  if (options.status !== undefined && !code.startsWith('CJS-E-')) params.status = options.status;
  if (options.errno) params.errno = options.errno;
  if (options.tls) params.tlsErrorCode = options.tls.tlsErrorCode;
  if (options.tls?.peerRootCommonName) params.peerRoot = options.tls.peerRootCommonName;
  return params;
}
