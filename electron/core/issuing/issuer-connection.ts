// How every client of the issuing service reaches it: the configured https:// address, the TLS
// roots it trusts, the proxy, one deadline per operation and the login (Basic, then Digest when
// the server asks: est-auth.ts). Shared by the EST client and the master user's API client, so
// both travel exactly the same way; what a request and its answer mean is each client's own.
import { IssuingError } from './errors';
import type { EstAnswer } from './est-answer';
import { sendWithLogin, type EstCredentials } from './est-auth';
import { httpsExchange, withDeadline, type ExchangeRoute, type HttpsRequest } from './https-exchange';
import type { ProxyResolver } from './proxy';
import { describeProxy } from './transport-errors';
import { buildCaList } from './trust';

export interface IssuerConnectionOptions {
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

export class IssuerConnection {
  /** The service's origin and path prefix, ending in '/'. */
  readonly base: URL;
  private readonly timeoutMs: number;
  private readonly proxy: ProxyResolver | undefined;
  private readonly extraCaPem: readonly string[];
  private caList: Promise<string[]> | undefined;

  constructor(options: IssuerConnectionOptions) {
    this.base = parseBaseUrl(options.baseUrl);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.proxy = options.proxy;
    this.extraCaPem = options.trust?.extraCaPem ?? [];
  }

  /**
   * One operation: its request, sent with the login when there is one (Basic, then Digest if the
   * server challenges so), every exchange within the one deadline. Any status is returned.
   */
  async send(request: HttpsRequest, credentials?: EstCredentials): Promise<EstAnswer> {
    this.caList ??= buildCaList({ extraCaPem: this.extraCaPem });
    const ca = await this.caList;
    const proxyUrl = await this.resolveProxy(request.url);
    return withDeadline(this.timeoutMs, (deadline) => {
      const route: ExchangeRoute = { ca, proxyUrl, deadline, timeoutMs: this.timeoutMs };
      const exchange = (authorization?: string) =>
        httpsExchange(authorization ? { ...request, headers: { ...request.headers, authorization } } : request, route);
      if (!credentials) return exchange();
      const { url, method, body } = request;
      return sendWithLogin(exchange, { method, uri: `${url.pathname}${url.search}`, body }, credentials);
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
