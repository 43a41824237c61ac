import axios, { type AxiosResponse } from 'axios';
import { PROBLEM_CODES, type ProblemCode } from '../../contract/problem-codes';
import { decodeBase64Strict, decodeCertsOnly, encodeBase64Lines } from '../pki';
import { IssuingError } from './errors';
import type { ProxyResolver } from './proxy';
import { createIssuingAgent, type ConnectionObservations } from './tls-agent';
import { describeProxy, mapTransportError, MAX_RESPONSE_BYTES, plainCause, proxyRefusal } from './transport-errors';
import { buildCaList } from './trust';

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

/** HTTP Basic credentials; sent only inside the verified TLS connection, never logged. */
export interface EstCredentials {
  readonly loginId: string;
  readonly password: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;
export { MAX_RESPONSE_BYTES };
// Relative: an address with a path prefix (https://host/ca/) keeps it (RFC 7030 allows prefixes).
const EST_PATH = '.well-known/est/';
const KNOWN_PROBLEM_CODES = new Set<string>(Object.values(PROBLEM_CODES));

/**
 * EST (RFC 7030) client of the issuing service: /cacerts, /simpleenroll, /simplereenroll.
 * Every answer is either DER certificates or an IssuingError with a stable code.
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
    const res = await this.request('GET', 'cacerts', undefined, undefined);
    return this.certificatesOf(res);
  }

  /** First issuance (or re-issue): the DER certificates of the answer, leaf among them. */
  async simpleEnroll(csrDer: Uint8Array, credentials: EstCredentials): Promise<Buffer[]> {
    return this.certificatesOf(await this.request('POST', 'simpleenroll', csrDer, credentials));
  }

  /** Renewal (from 30 days before expiry, or after expiry). */
  async simpleReenroll(csrDer: Uint8Array, credentials: EstCredentials): Promise<Buffer[]> {
    return this.certificatesOf(await this.request('POST', 'simplereenroll', csrDer, credentials));
  }

  /**
   * The issuer's CRL (DER), published beside the EST endpoints at `/crl` of the same origin. The
   * caller verifies its signature with the issuing CA (pki.readCrl); transport errors are the
   * same IssuingErrors as for EST.
   */
  async getCrl(): Promise<Buffer> {
    const res = await this.request('GET', new URL('/crl', this.base), undefined, undefined);
    const contentType = headerText(res.headers['content-type']).toLowerCase();
    if (res.status !== 200) throw errorFromStatus(res, contentType);
    if (!contentType.startsWith('application/pkix-crl')) {
      throw new IssuingError(
        'ISSUE-BAD-RESPONSE',
        `the service answered ${contentType || 'no content type'} instead of application/pkix-crl`,
        { status: res.status },
      );
    }
    return res.data;
  }

  /** Where the client will connect, for display and diagnosis (no credentials in it). */
  get estBaseUrl(): string {
    return new URL(EST_PATH, this.base).href;
  }

  private async request(
    method: 'GET' | 'POST',
    operation: string | URL,
    csrDer: Uint8Array | undefined,
    credentials: EstCredentials | undefined,
  ): Promise<AxiosResponse<Buffer>> {
    const url = typeof operation === 'string' ? this.urlFor(operation) : operation;
    const headers: Record<string, string> = {
      accept: 'application/pkcs7-mime, application/pkix-crl, application/problem+json',
      'user-agent': 'cjs-cert',
    };
    if (credentials) headers.authorization = basicAuthorization(credentials);
    if (csrDer) {
      headers['content-type'] = 'application/pkcs10';
      headers['content-transfer-encoding'] = 'base64';
    }
    this.caList ??= buildCaList({ extraCaPem: this.extraCaPem });
    const ca = await this.caList;
    const proxyUrl = await this.resolveProxy(url);
    const observations: ConnectionObservations = {};
    // Our own deadline over the whole exchange: axios' `timeout` is a socket idle timer and
    // does not bound a server that trickles bytes, nor the CONNECT step of a proxy.
    const deadline = new AbortController();
    let agent;
    try {
      agent = createIssuingAgent({ ca }, proxyUrl, observations, deadline.signal);
    } catch (cause) {
      throw new IssuingError('ISSUE-PROXY', 'the proxy address cannot be used', {
        detail: describeProxy(proxyUrl),
        cause: plainCause(cause),
      });
    }
    const timer = setTimeout(() => deadline.abort(), this.timeoutMs);
    try {
      const res = await axios.request<Buffer>({
        method,
        url: url.href,
        headers,
        ...(csrDer ? { data: encodeBase64Lines(csrDer) } : {}),
        httpsAgent: agent,
        // axios would otherwise apply HTTP(S)_PROXY itself, by sending the request in clear to
        // the proxy; proxies are ours to choose and always go through a CONNECT tunnel.
        proxy: false,
        maxRedirects: 0,
        maxContentLength: MAX_RESPONSE_BYTES,
        maxBodyLength: MAX_RESPONSE_BYTES,
        responseType: 'arraybuffer',
        timeout: this.timeoutMs,
        signal: deadline.signal,
        // Every status is decided below, with the body in hand.
        validateStatus: () => true,
        transitional: { clarifyTimeoutError: true, silentJSONParsing: true, forcedJSONParsing: false },
      });
      // A refused CONNECT comes back as the proxy's own answer (https-proxy-agent replays it).
      if (observations.proxyConnectStatus !== undefined && observations.proxyConnectStatus !== 200) {
        throw proxyRefusal(url, observations.proxyConnectStatus, proxyUrl);
      }
      return { ...res, data: Buffer.from(res.data) };
    } catch (e) {
      if (e instanceof IssuingError) throw e;
      throw mapTransportError(e, { url, seen: observations, deadlineHit: deadline.signal.aborted, timeoutMs: this.timeoutMs, proxyUrl });
    } finally {
      clearTimeout(timer);
      agent.destroy();
    }
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

  private certificatesOf(res: AxiosResponse<Buffer>): Buffer[] {
    const contentType = headerText(res.headers['content-type']).toLowerCase();
    if (res.status !== 200) throw errorFromStatus(res, contentType);
    if (!contentType.startsWith('application/pkcs7-mime')) {
      throw new IssuingError(
        'ISSUE-BAD-RESPONSE',
        `the service answered ${contentType || 'no content type'} instead of application/pkcs7-mime`,
        { status: res.status },
      );
    }
    try {
      return decodeCertsOnly(decodeBase64Strict(res.data.toString('latin1')));
    } catch (cause) {
      throw new IssuingError('ISSUE-BAD-RESPONSE', 'the answer is not a base64 PKCS#7 certificate bundle', { status: res.status, cause });
    }
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

/** RFC 7617 with UTF-8: the login ID may not contain ':'; neither part may hold control characters. */
function basicAuthorization({ loginId, password }: EstCredentials): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  const control = /[\u0000-\u001f\u007f]/;
  if (loginId === '' || loginId.includes(':') || control.test(loginId) || control.test(password)) {
    throw new IssuingError(
      'ISSUE-BAD-CREDENTIALS',
      'the login ID or password contains characters that cannot be sent (":" in the ID, or control characters)',
    );
  }
  return `Basic ${Buffer.from(`${loginId}:${password}`, 'utf8').toString('base64')}`;
}

function headerText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return '';
}

interface ProblemBody {
  readonly code?: unknown;
  readonly title?: unknown;
  readonly detail?: unknown;
}

function errorFromStatus(res: AxiosResponse<Buffer>, contentType: string): IssuingError {
  if (contentType.startsWith('application/problem+json')) {
    let problem: ProblemBody | undefined;
    try {
      const parsed: unknown = JSON.parse(res.data.toString('utf8'));
      if (parsed && typeof parsed === 'object') problem = parsed;
    } catch {
      problem = undefined;
    }
    const title = typeof problem?.title === 'string' ? problem.title : undefined;
    const detail = typeof problem?.detail === 'string' ? problem.detail : undefined;
    const code = typeof problem?.code === 'string' ? problem.code : undefined;
    if (code !== undefined && KNOWN_PROBLEM_CODES.has(code)) {
      return new IssuingError(code as ProblemCode, `the issuing service refused: ${code}${title ? ` (${title})` : ''}`, {
        status: res.status,
        ...(detail !== undefined ? { detail } : {}),
      });
    }
    const unknown = code !== undefined ? `unknown problem code ${code.slice(0, 64)}` : 'problem without a code';
    return new IssuingError('ISSUE-HTTP-STATUS', `the issuing service answered HTTP ${res.status} (${unknown})`, {
      status: res.status,
      ...(detail !== undefined ? { detail } : {}),
    });
  }
  const location = headerText(res.headers.location);
  const what =
    res.status >= 300 && res.status < 400
      ? `a redirect${location ? ` to ${location.slice(0, 200)}` : ''}, which is not followed`
      : contentType || 'no content type';
  return new IssuingError('ISSUE-HTTP-STATUS', `the issuing service answered HTTP ${res.status} (${what})`, { status: res.status });
}
