// The self-diagnosis' login check (FAQ Q19, Q21) as Edge or Chrome would do it: a GET of the
// system's login page over Chromium's own network stack, with the client certificate Chromium
// takes from the OS store (on Windows a non-exportable CurrentUser key, which the CLI's probe
// cannot hand to another TLS stack). The certificate is chosen in `select-client-certificate`,
// which Electron emits for main-process `net` requests with webContents null.
//
// Each probe runs in a fresh in-memory session: Chromium remembers a client-certificate choice
// per host for the session's life, so a reused session would present yesterday's certificate
// after a renewal. The session trusts exactly what Chromium trusts (the OS roots): the client
// certificate is a credential and is never presented to a server the browser would refuse, and a
// login the browser would refuse is not reported as working. Chromium's verdict is kept as
// evidence; naming the cause (an HTTPS-inspecting proxy, a wrong clock) is the server-certificate
// check's job. Probes run one at a time, so a certificate request is never answered for the wrong
// probe.
import {
  LOGIN_TOOL_TIMEOUT_MS,
  type LoginProbe,
  type LoginProbeRequest,
  type LoginProber,
} from '../core/diagnostics/checks/client-cert-login';
import { chooseClientCertificate, type CandidateCertificate, type WantedCertificate } from './client-certificate';

/** What of an Electron Session a probe uses. */
export interface ProbeSession {
  fetch(url: string, init: RequestInit): Promise<Response>;
}

/** Electron's `select-client-certificate` listener on `app`. */
export type SelectClientCertificate<C extends CandidateCertificate> = (
  event: { preventDefault(): void },
  webContents: unknown,
  url: string,
  offered: C[],
  callback: (certificate?: C) => void,
) => void;

export interface ChromiumLoginProbeOptions {
  /** A fresh, in-memory session per probe (`session.fromPartition` with a new name). */
  readonly newSession: () => ProbeSession;
  readonly now?: () => Date;
  readonly timeoutMs?: number;
}

const TOOL = 'chromium';

interface Pending {
  /** `host:port` of the login page. */
  readonly endpoint: string | undefined;
  readonly wanted: WantedCertificate;
  /** Stops the request once it is clear no certificate of ours can be presented. */
  readonly stop: AbortController;
  requested: boolean;
  offered: number;
  chosen: boolean;
}

export function createChromiumLoginProbe<C extends CandidateCertificate>(options: ChromiumLoginProbeOptions) {
  const now = options.now ?? (() => new Date());
  let pending: Pending | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  const selectClientCertificate: SelectClientCertificate<C> = (event, webContents, url, offered, callback) => {
    // Decided here in every case: Electron's default would present the first certificate of the store.
    event.preventDefault();
    const probe = webContents === null && pending?.endpoint !== undefined && endpointOf(url) === pending.endpoint ? pending : undefined;
    if (!probe) {
      // The app's own pages never need a certificate; nor does any request that is not a probe.
      callback();
      return;
    }
    const chosen = chooseClientCertificate(offered, probe.wanted, now());
    Object.assign(probe, { requested: true, offered: offered.length, chosen: chosen !== undefined });
    callback(chosen);
    if (!chosen) probe.stop.abort();
  };

  async function run(request: LoginProbeRequest): Promise<LoginProbe> {
    const { certificate } = request;
    const probe: Pending = {
      endpoint: endpointOf(request.url.href),
      wanted: {
        loginId: request.loginId ?? certificate.subjectCommonName ?? '',
        issuerCommonName: certificate.issuerCommonName,
        thumbprintSha1: certificate.thumbprintSha1,
      },
      stop: new AbortController(),
      requested: false,
      offered: 0,
      chosen: false,
    };
    // No certificate verify proc: Chromium's own verification (the OS roots) decides.
    const session = options.newSession();
    const timeout = AbortSignal.timeout(options.timeoutMs ?? LOGIN_TOOL_TIMEOUT_MS);
    pending = probe;
    const notes = (serverTrust: string) => ({
      clientCertRequested: probe.requested,
      clientCertsOffered: probe.offered,
      clientCertChosen: probe.chosen,
      chromiumServerTrust: serverTrust,
    });
    try {
      const response = await session.fetch(request.url.href, {
        headers: { accept: 'application/json' },
        redirect: 'manual',
        // A TLS client certificate is a credential to fetch: 'omit' would never present one.
        // The fresh session has no cookies or cache to send.
        credentials: 'include',
        signal: AbortSignal.any([request.signal, timeout, probe.stop.signal]),
      });
      const answer = { statusCode: response.status, headers: headersOf(response.headers), body: await response.text() };
      return { kind: 'answer', tool: TOOL, answer, notes: notes('trusted') };
    } catch (err) {
      const netError = /net::(ERR_[A-Z0-9_]+)/.exec(messageChain(err))?.[1];
      return noAnswer(netError, probe, timeout, notes(netError?.startsWith('ERR_CERT_') ? `net::${netError}` : 'not refused'));
    } finally {
      pending = undefined;
    }
  }

  const probe: LoginProber = (request) => {
    const result = queue.then(() => run(request));
    queue = result.catch(() => undefined);
    return result;
  };

  return { probe, selectClientCertificate };
}

function noAnswer(netError: string | undefined, probe: Pending, timeout: AbortSignal, notes: LoginProbe['notes']): LoginProbe {
  if (probe.requested && !probe.chosen) {
    return {
      kind: 'no-answer',
      tool: TOOL,
      reason: `the OS store offered ${probe.offered} certificate(s) to Chromium, none of this login ID valid now`,
      tlsError: 'CLIENT-CERT-NOT-OFFERED',
      notes,
    };
  }
  if (timeout.aborted) {
    return { kind: 'no-answer', tool: TOOL, reason: 'no answer in time', tlsError: 'TIMEOUT', notes };
  }
  return { kind: 'no-answer', tool: TOOL, reason: netError ?? 'the request failed', tlsError: netError, notes };
}

/** Electron's net errors read `net::ERR_…`, possibly on the error's cause. */
function messageChain(err: unknown): string {
  const parts: string[] = [];
  for (let e = err, depth = 0; e instanceof Error && depth < 3; e = e.cause, depth++) parts.push(e.message);
  return parts.join(' ');
}

function headersOf(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, key) => (out[key.toLowerCase()] = value));
  return out;
}

/**
 * `host:port` of what the event names: Electron passes the server's `host:port` (Chromium's
 * host_and_port), documented as a URL; both spellings are understood, the default port made explicit.
 */
export function endpointOf(text: string): string | undefined {
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
    return `${url.hostname}:${url.port || '443'}`.toLowerCase();
  } catch {
    return undefined;
  }
}
