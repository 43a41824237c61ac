import type { ProblemCode } from '../../contract/problem-codes';
import { CjsError } from '../errors';

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
  | 'ISSUE-TIMEOUT'
  /** DNS or TCP failure (ECONNREFUSED, ENOTFOUND, EHOSTUNREACH...); `errno` keeps which. */
  | 'ISSUE-UNREACHABLE'
  /** TLS failed: certificate verification (`tlsErrorCode`, peer names) or protocol version. */
  | 'ISSUE-TLS'
  /** The proxy refused the CONNECT tunnel, or its address is unusable. */
  | 'ISSUE-PROXY'
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

  constructor(code: IssuingErrorCode, message: string, options: IssuingErrorOptions = {}) {
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
