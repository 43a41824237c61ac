import type { ProblemCode } from '../../contract/problem-codes';

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
  | 'ISSUE-NOT-VALID';

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

/** A failed issuing step; `code` is stable and is what the user reports. */
export class IssuingError extends Error {
  readonly faq: readonly string[] | undefined;
  readonly status: number | undefined;
  readonly detail: string | undefined;
  readonly errno: string | undefined;
  readonly tls: TlsFailureDetail | undefined;

  constructor(
    readonly code: IssuingErrorCode,
    message: string,
    options: IssuingErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'IssuingError';
    this.faq = options.faq;
    this.status = options.status;
    this.detail = options.detail;
    this.errno = options.errno;
    this.tls = options.tls;
  }
}
