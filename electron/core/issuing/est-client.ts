import { IssuingError } from './errors';
import type { CsrAttribute } from '../pki';
import {
  certificatesOf,
  certificateStatusOf,
  crlOf,
  csrAttributesOf,
  csrRequest,
  EST_ACCEPT,
  type CertificateStatusAnswer,
  type EstAnswer,
} from './est-answer';
import { sendWithLogin, type EstCredentials } from './est-auth';
import { httpsExchange, withDeadline, type ExchangeRoute } from './https-exchange';
import type { ProxyResolver } from './proxy';
import { describeProxy, MAX_RESPONSE_BYTES } from './transport-errors';
import { buildCaList } from './trust';

export type { CertificateStatusAnswer, EstCredentials };

export interface EstClientOptions {
  /** The issuing service, e.g. `https://est.example.jp` (EST lives under /.well-known/est). */
  readonly baseUrl: string;
  /** PEM texts of extra roots to trust for the service's TLS certificate. */
  readonly trust?: { readonly extraCaPem?: readonly string[] };
  /** Whole-request deadline (connect, TLS, answer); default 30 s. */
  readonly timeoutMs?: number;
  /** Default: direct connection. The app passes defaultProxyResolver(). */
  readonly proxy?: ProxyResolver;
}

const DEFAULT_TIMEOUT_MS = 30_000;
export { MAX_RESPONSE_BYTES };
// Relative: an address with a path prefix (https://host/ca/) keeps it (RFC 7030 allows prefixes).
const EST_PATH = '.well-known/est/';

/**
 * EST (RFC 7030) client of the issuing service: /cacerts, /csrattrs, /simpleenroll,
 * /simplereenroll, and the CRL beside them. Every answer is what it asked for or an IssuingError
 * with a stable code. How a request travels is https-exchange.ts's and est-auth.ts's; what an
 * answer means, est-answer.ts's.
 */
export class EstClient {
  private readonly base: URL;
  private readonly timeoutMs: number;
  private readonly proxy: ProxyResolver | undefined;
  private readonly extraCaPem: readonly string[];
  private caList: Promise<string[]> | undefined;

  constructor(options: EstClientOptions) {
    this.base = parseBaseUrl(options.baseUrl);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.proxy = options.proxy;
    this.extraCaPem = options.trust?.extraCaPem ?? [];
  }

  /** The issuing CA certificate(s), DER. */
  async getCaCerts(): Promise<Buffer[]> {
    return certificatesOf(await this.request('GET', this.urlFor('cacerts')), { authenticated: false });
  }

  /** First issuance (or re-issue): the DER certificates of the answer, leaf among them. */
  async simpleEnroll(csrDer: Uint8Array, credentials: EstCredentials): Promise<Buffer[]> {
    return certificatesOf(await this.request('POST', this.urlFor('simpleenroll'), csrDer, credentials), { authenticated: true });
  }

  /** Renewal (from 30 days before expiry, or after expiry). */
  async simpleReenroll(csrDer: Uint8Array, credentials: EstCredentials): Promise<Buffer[]> {
    return certificatesOf(await this.request('POST', this.urlFor('simplereenroll'), csrDer, credentials), { authenticated: true });
  }

  /** What the server asks the CSR to carry (RFC 7030 §4.5); empty when it says nothing (204, 404). */
  async getCsrAttributes(): Promise<CsrAttribute[]> {
    return csrAttributesOf(await this.request('GET', this.urlFor('csrattrs')));
  }

  /**
   * The issuer's CRL (DER), published beside the EST endpoints at `/crl` of the same origin. The
   * caller verifies its signature with the issuing CA (pki.readCrl); transport errors are the
   * same IssuingErrors as for EST. An issuer that publishes none answers 404 (ISSUE-HTTP-STATUS).
   */
  async getCrl(): Promise<Buffer> {
    return crlOf(await this.request('GET', new URL('/crl', this.base)));
  }

  /**
   * One certificate's state by its serial, from the issuer's JSON look-up beside the CRL. Asked
   * only for a certificate the CRL lists: whether its login ID was registered again since.
   */
  async getCertificateStatus(serialNumber: string): Promise<CertificateStatusAnswer> {
    const url = new URL(`/api/v1/certificates/${encodeURIComponent(serialNumber)}/status`, this.base);
    return certificateStatusOf(await this.request('GET', url));
  }

  /** Where the client will connect, for display and diagnosis (no credentials in it). */
  get estBaseUrl(): string {
    return new URL(EST_PATH, this.base).href;
  }

  /**
   * One EST operation: its request, sent with the login when there is one (Basic, then Digest if
   * the server challenges so: est-auth.ts), every exchange within the one deadline.
   */
  private async request(method: 'GET' | 'POST', url: URL, csrDer?: Uint8Array, credentials?: EstCredentials): Promise<EstAnswer> {
    const csr = csrDer ? csrRequest(csrDer) : undefined;
    const headers = { accept: EST_ACCEPT, 'user-agent': 'cjs-cert', ...csr?.headers };
    this.caList ??= buildCaList({ extraCaPem: this.extraCaPem });
    const ca = await this.caList;
    const proxyUrl = await this.resolveProxy(url);
    return withDeadline(this.timeoutMs, (deadline) => {
      const route: ExchangeRoute = { ca, proxyUrl, deadline, timeoutMs: this.timeoutMs };
      const send = (authorization?: string) =>
        httpsExchange({ method, url, headers: authorization ? { ...headers, authorization } : headers, body: csr?.body }, route);
      if (!credentials) return send();
      return sendWithLogin(send, { method, uri: `${url.pathname}${url.search}`, body: csr?.body }, credentials);
    });
  }

  private async resolveProxy(url: URL): Promise<string | undefined> {
    if (!this.proxy) return undefined;
    const proxy = await this.proxy(url);
    if (proxy === undefined) return undefined;
    let parsed: URL;
    try {
      parsed = new URL(proxy);
    } catch {
      throw new IssuingError('ISSUE-PROXY', 'the configured proxy address cannot be parsed');
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new IssuingError('ISSUE-PROXY', `proxies of type ${parsed.protocol} are not supported (HTTP CONNECT proxies only)`, {
        detail: describeProxy(proxy),
      });
    }
    return proxy;
  }

  private urlFor(operation: string): URL {
    return new URL(operation, new URL(EST_PATH, this.base));
  }
}

function parseBaseUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    throw new IssuingError('ISSUE-BAD-URL', 'the issuing address is not a valid URL');
  }
  if (url.protocol !== 'https:') {
    // The app shows: アドレスが「http://」になっています… (FAQ Q18(1)). Never fall back to http:
    // the password would travel in clear.
    throw new IssuingError('ISSUE-HTTP-URL', `the issuing address must start with https://, not ${url.protocol}//`);
  }
  if (url.username !== '' || url.password !== '') {
    // The URL is shown and stored; a password inside it would leak. The message omits the URL.
    throw new IssuingError('ISSUE-BAD-URL', 'the issuing address must not contain a user name or password');
  }
  url.search = '';
  url.hash = '';
  // Accept both `https://host` and `https://host/.well-known/est` as the configured address.
  url.pathname = url.pathname.replace(/\/*(\.well-known\/est\/?)?$/, '/');
  return url;
}
