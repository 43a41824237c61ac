// Renewal without the password in the app (issue 10): the certificate-proven simplereenroll goes
// through Chromium's own network stack, with the certificate Chromium takes from the OS store (on
// Windows a non-exportable CurrentUser key) chosen in `select-client-certificate` by thumbprint —
// Electron emits it for main-process `net` requests with webContents null. The CLI does the same
// through the store's tools (core/stores/store-tls.ts); both answer the core's StoreTlsClient.
//
// A fresh in-memory session per request: Chromium remembers a certificate choice per host for a
// session's life. The server is trusted as Chromium trusts it (the OS roots) or, for a private
// TLS root the configuration names (the local reference service), when its chain verifies against
// those extra roots exactly as the CLI's check does (verifyServerChain).
import { IssuingError } from '../core/issuing/errors';
import { fromPem } from '../core/pki';
import type { StoreKind } from '../core/stores/certificate-store';
import {
  checkedRequest,
  MAX_ANSWER_BYTES,
  StoreTlsError,
  type StoreTlsClient,
  type StoreTlsRequest,
  type StoreTlsResponse,
} from '../core/stores/client-certificate-transport';
import { verifyServerChain } from '../core/stores/store-tls-server-chain';
import { thumbprintOf, type CandidateCertificate } from './client-certificate';
import { endpointOf, type SelectClientCertificate } from './login-probe';

/** What Chromium's verify proc is given (Electron's Request of setCertificateVerifyProc). */
export interface VerifyRequest {
  readonly hostname: string;
  readonly certificate: ChainCertificate;
  /** 0 when Chromium's own verification (the OS roots) passed. */
  readonly errorCode: number;
}

export interface ChainCertificate {
  /** PEM. */
  readonly data: string;
  readonly issuerCert?: ChainCertificate | null;
}

/** What of an Electron Session the transport uses. */
export interface RenewalSession {
  fetch(url: string, init: RequestInit): Promise<Response>;
  setCertificateVerifyProc(proc: (request: VerifyRequest, callback: (verdict: number) => void) => void): void;
}

export interface ChromiumRenewalOptions {
  readonly kind: StoreKind;
  /** A fresh, in-memory session (`session.fromPartition` with a new name). */
  readonly newSession: () => RenewalSession;
}

interface Pending {
  readonly endpoint: string | undefined;
  readonly thumbprint: string;
  requested: boolean;
  chosen: boolean;
}

/** Chromium's verify-proc verdicts: accept, refuse, or keep Chromium's own. */
const ACCEPT = 0;
const REFUSE = -2;

export function createChromiumRenewal<C extends CandidateCertificate>(options: ChromiumRenewalOptions) {
  let pending: Pending | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  /** True when the request was a renewal's (and answered); otherwise another listener decides. */
  const selectClientCertificate = (...[event, webContents, url, offered, callback]: Parameters<SelectClientCertificate<C>>): boolean => {
    const renewal = webContents === null && pending?.endpoint !== undefined && endpointOf(url) === pending.endpoint ? pending : undefined;
    if (!renewal) return false;
    event.preventDefault();
    const chosen = offered.find((c) => thumbprintOf(c.data) === renewal.thumbprint);
    Object.assign(renewal, { requested: true, chosen: chosen !== undefined });
    callback(chosen);
    return true;
  };

  async function run(raw: StoreTlsRequest): Promise<StoreTlsResponse> {
    const request = checkedRequest(raw, options.kind);
    const renewal: Pending = {
      endpoint: endpointOf(request.url.href),
      thumbprint: request.certificate.thumbprintSha1.toUpperCase(),
      requested: false,
      chosen: false,
    };
    const session = options.newSession();
    session.setCertificateVerifyProc((verify, callback) => callback(serverVerdict(verify, request.trust.extraCaPem)));
    pending = renewal;
    try {
      const response = await session.fetch(request.url.href, {
        method: request.method,
        headers: { ...request.headers },
        ...(request.body ? { body: new Uint8Array(request.body) } : {}),
        // The TLS client certificate is a credential to fetch: 'omit' would never present one.
        credentials: 'include',
        redirect: 'error',
        signal: AbortSignal.timeout(request.timeoutMs),
      });
      return await answerOf(response);
    } catch (err) {
      throw failureOf(err, renewal);
    } finally {
      pending = undefined;
    }
  }

  const client: StoreTlsClient = {
    kind: options.kind,
    // One at a time, so a certificate request is never answered for the wrong renewal.
    request(request) {
      const result = queue.then(() => run(request));
      queue = result.catch(() => undefined);
      return result;
    },
  };
  return { client, selectClientCertificate };
}

/** Chromium's verdict where it trusts the server; else the configured extra roots', as the CLI judges. */
function serverVerdict(verify: VerifyRequest, extraCaPem: readonly string[]): number {
  if (verify.errorCode === 0) return ACCEPT;
  if (extraCaPem.length === 0) return REFUSE;
  const presented: Buffer[] = [];
  for (let c: ChainCertificate | null | undefined = verify.certificate; c && presented.length < 8; c = c.issuerCert) {
    presented.push(fromPem(c.data, 'CERTIFICATE'));
  }
  return verifyServerChain({ presented, trustedPem: extraCaPem, hostname: verify.hostname }) === undefined ? ACCEPT : REFUSE;
}

async function answerOf(response: Response): Promise<StoreTlsResponse> {
  const body = Buffer.from(await response.arrayBuffer());
  if (body.length > MAX_ANSWER_BYTES) throw new IssuingError('ISSUE-BAD-RESPONSE', `the answer is larger than ${MAX_ANSWER_BYTES} bytes`);
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => (headers[key.toLowerCase()] = value));
  return { status: response.status, headers, body };
}

/** Chromium's `net::ERR_…` as the client's transport codes; no certificate presented → the password is needed. */
function failureOf(err: unknown, renewal: Pending): Error {
  if (renewal.requested && !renewal.chosen) {
    return new StoreTlsError('certificate-not-sent', 'the OS store offered Chromium no certificate with this thumbprint');
  }
  const text = messageChain(err);
  const net = /net::(ERR_[A-Z0-9_]+)/.exec(text)?.[1] ?? '';
  if (err instanceof Error && err.name === 'TimeoutError') return new IssuingError('ISSUE-NO-ANSWER', 'no answer in time');
  if (net.startsWith('ERR_CERT_')) return new IssuingError('ISSUE-TLS', `the server certificate is not trusted: ${net}`);
  if (net.startsWith('ERR_SSL_') || net.startsWith('ERR_BAD_SSL')) return new IssuingError('ISSUE-TLS-HANDSHAKE', `TLS failed: ${net}`);
  if (net === 'ERR_CONNECTION_REFUSED') return new IssuingError('ISSUE-REFUSED', 'the connection was refused');
  if (net === 'ERR_NAME_NOT_RESOLVED') return new IssuingError('ISSUE-DNS', 'the name does not resolve');
  if (net === 'ERR_TIMED_OUT' || net === 'ERR_CONNECTION_TIMED_OUT')
    return new IssuingError('ISSUE-TIMEOUT', `no connection in time: ${net}`);
  return new IssuingError('ISSUE-UNREACHABLE', `the request failed: ${net || 'unknown'}`);
}

function messageChain(err: unknown): string {
  const parts: string[] = [];
  for (let e = err, depth = 0; e instanceof Error && depth < 3; e = e.cause, depth++) parts.push(e.message);
  return parts.join(' ');
}
