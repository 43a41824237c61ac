// One HTTPS request authenticated by a client certificate whose private key stays inside the OS
// certificate store (RFC 7030 §3.3.2: a renewal proven by the current certificate). The key is
// non-exportable: it never reaches a file or this process; the store's own TLS stack signs with
// it. One backend per store (store-tls-nss.ts, store-tls-windows.ts, store-tls-macos.ts); the
// factory is in client-certificate-transport.ts.
import { CjsError } from '../errors';
import { IssuingError } from '../issuing/errors';
import type { StoredCertificate, StoreKind } from './certificate-store';

export interface StoreTlsRequest {
  /** https:// only, without user:password. */
  readonly url: URL;
  readonly method: 'GET' | 'POST';
  /** Sent as given (no Authorization is needed: the certificate authenticates). Host, Content-Length and Connection are ours. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer;
  /** The certificate (of this client's store) whose key authenticates the request. */
  readonly certificate: Pick<StoredCertificate, 'store' | 'handle' | 'thumbprintSha1'>;
  /** The whole exchange, connection to last byte; the store's tool is killed when it is over. */
  readonly timeoutMs: number;
  /** The roots trusted for the server's certificate besides the OS's and Node's: the EstClient's `trust`. */
  readonly trust: { readonly extraCaPem: readonly string[] };
}

export interface StoreTlsResponse {
  readonly status: number;
  /** Header names in lower case (as Node and axios give them); repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/**
 * Resolves only with an answer from a server whose certificate verified against the same trust
 * as the EstClient's and names the URL's host. Rejects with IssuingError (the EstClient's
 * transport codes: ISSUE-TLS for a server that is not trusted), StoreError (the store's tool
 * missing or failing) or StoreTlsError (the store cannot authenticate this request).
 */
export interface StoreTlsClient {
  readonly kind: StoreKind;
  request(request: StoreTlsRequest): Promise<StoreTlsResponse>;
}

/** Why the certificate in the store cannot prove who is asking: the caller falls back to the password. */
export type StoreTlsRefusal =
  /** No tool of this OS can use a key of this store for TLS client authentication (macOS). */
  | 'unsupported'
  /** The store has no certificate with this handle, or not with its private key. */
  | 'certificate-missing'
  /** The store is locked by a password of its own (an NSS primary password) that we do not have. */
  | 'store-locked'
  /** The server asked for a certificate and the store's tool offered none (unusable for TLS client authentication). */
  | 'certificate-not-sent';

/** The renewal cannot be proven by the installed certificate here: it needs the password (FAQ Q8). */
export class StoreTlsError extends CjsError<'RENEW-NEEDS-PASSWORD'> {
  constructor(
    readonly reason: StoreTlsRefusal,
    message: string,
  ) {
    super('RENEW-NEEDS-PASSWORD', message, { params: { reason } });
  }
}

/** Longest answer accepted; an EST answer is a few KiB (the EstClient's MAX_RESPONSE_BYTES). */
export const MAX_ANSWER_BYTES = 1024 * 1024;

/** A header name is an RFC 9110 token; a value holds no line break or other control character. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;
/** Framing and routing are ours: a caller's own value could split or smuggle the request. */
const RESERVED = new Set(['host', 'content-length', 'connection', 'transfer-encoding']);

/**
 * The request as every backend may send it, or the EstClient's refusal: an https:// URL without
 * user:password, headers that cannot break the request apart, a certificate of this store.
 */
export function checkedRequest(request: StoreTlsRequest, kind: StoreKind): StoreTlsRequest {
  const { url } = request;
  if (url.protocol !== 'https:') {
    throw new IssuingError('ISSUE-HTTP-URL', `the issuing address must start with https://, not ${url.protocol}//`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new IssuingError('ISSUE-BAD-URL', 'the issuing address must not contain a user name or password');
  }
  // A host that looks like an option would be read as one by a tool's argument parser.
  if (url.hostname === '' || url.hostname.startsWith('-'))
    throw new IssuingError('ISSUE-BAD-URL', 'the issuing address has no usable host');
  for (const [name, value] of Object.entries(request.headers)) {
    if (!TOKEN.test(name) || CONTROL.test(value) || RESERVED.has(name.toLowerCase())) {
      throw new IssuingError('ISSUE-BAD-URL', `the request header ${JSON.stringify(name)} cannot be sent`);
    }
  }
  if (request.certificate.store !== kind) {
    throw new StoreTlsError('certificate-missing', `the certificate is in the ${request.certificate.store} store, not in ${kind}`);
  }
  if (!(request.timeoutMs > 0)) throw new RangeError('timeoutMs must be positive');
  return request;
}

/** The host as a tool or a certificate check wants it: an IPv6 literal without its brackets. */
export function bareHostname(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/** The port, 443 when the URL leaves it out. */
export function portOf(url: URL): number {
  return url.port === '' ? 443 : Number(url.port);
}
