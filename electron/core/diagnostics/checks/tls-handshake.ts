// FAQ Q20, Q24(2): the certificate works only over TLS 1.2 or later. For each endpoint this
// check makes a TLS handshake with the client's own minimum (TLS 1.2) and reports the version
// and cipher. Certificate verification is deliberately left to server-certificate (this
// handshake does not verify, and sends no data), so an intercepted connection is reported there
// with its cause, not here as a vague handshake failure.
//
// When the handshake fails for protocol reasons, one more handshake allowing TLS 1.0/1.1 and
// weak ciphers tells "the server only offers TLS 1.0/1.1" apart from other failures. That probe
// only reads the negotiated version; it sends nothing and is closed at once.
import type { NextAction } from '../../../contract/actions';
import { defineCheck, type CheckContext, type Evidence } from '../check';
import { checkMessages } from '../messages';
import {
  attemptTimeout,
  closeQuietly,
  endpointPass,
  errnoOf,
  forEachEndpoint,
  hostPort,
  probeTls,
  proxyRouteFor,
  routeEvidence,
  type Endpoint,
  type EndpointFinding,
  type ProxyRoute,
  ANSWER_TIMEOUT_MS,
} from './net-support';
import { silentServerActions } from './origin-answer';

const m = checkMessages('tls-handshake');
const ASK_IT: NextAction = { kind: 'contact', actor: 'it', reason: 'network' };

export const tlsHandshakeCheck = defineCheck({
  id: 'tls-handshake',
  group: 'network',
  faq: ['Q20', 'Q24(2)'],
  platforms: 'all',
  dependsOn: ['network'],
  run(context, signal) {
    return forEachEndpoint(context, (endpoint) => probeEndpoint(context, endpoint, signal));
  },
});

interface Attempt {
  readonly tls?: { readonly protocol: string; readonly cipher: string; readonly cipherOpenssl: string };
  readonly error?: { readonly code: string; readonly message: string; readonly stage: 'connect' | 'tls' };
  readonly handshakeMs: number;
}

/** One handshake without verification (that is server-certificate's job): the version and cipher only. */
async function attempt(
  context: CheckContext,
  endpoint: Endpoint,
  proxy: ProxyRoute | undefined,
  signal: AbortSignal,
  legacy: boolean,
): Promise<Attempt> {
  const probe = await probeTls(context, endpoint, proxy, signal, {
    verify: false,
    ...(legacy ? { minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' } : { minVersion: 'TLSv1.2' }),
  });
  if ('error' in probe) {
    const message = probe.error instanceof Error ? probe.error.message : String(probe.error);
    return { error: { code: errnoOf(probe.error) ?? 'UNKNOWN', message, stage: probe.stage }, handshakeMs: probe.handshakeMs };
  }
  try {
    const cipher = probe.socket.getCipher();
    return {
      tls: { protocol: probe.socket.getProtocol() ?? 'unknown', cipher: cipher.standardName || cipher.name, cipherOpenssl: cipher.name },
      handshakeMs: probe.handshakeMs,
    };
  } finally {
    closeQuietly(probe.socket);
  }
}

/** OpenSSL's ways of saying "no common protocol version or cipher", and a cut during the hello. */
function isProtocolFailure(code: string): boolean {
  return /^ERR_SSL_/.test(code) || code === 'ECONNRESET' || code === 'EPIPE';
}

async function probeEndpoint(context: CheckContext, endpoint: Endpoint, signal: AbortSignal): Promise<EndpointFinding> {
  const proxy = await proxyRouteFor(context, endpoint).catch(() => undefined);
  const route = routeEvidence(endpoint, proxy);
  const target = hostPort(endpoint);
  const strict = await attempt(context, endpoint, proxy, signal, false);
  if (strict.tls) {
    const { protocol, cipher, cipherOpenssl } = strict.tls;
    return {
      endpoint,
      status: 'pass',
      summary: endpointPass('tls-handshake', 'ok', endpoint.role, { version: versionName(protocol), cipher }),
      evidence: { ...route, protocol, cipher, cipherOpenssl, handshakeMs: Math.round(strict.handshakeMs), minVersion: 'TLSv1.2' },
    };
  }
  const error = strict.error!;
  const evidence: Record<string, Evidence> = {
    ...route,
    minVersion: 'TLSv1.2',
    tlsError: error.code,
    error: error.message,
    protocol: null,
  };
  const fail = (
    summary: ReturnType<typeof m.summary>,
    advice: ReturnType<typeof m.advice>,
    code: string,
    extra: Record<string, Evidence> = {},
    actions: readonly NextAction[] = [ASK_IT],
  ): EndpointFinding => ({
    endpoint,
    status: 'fail',
    summary,
    evidence: { ...evidence, ...extra },
    advice,
    codes: [code],
    actions,
  });
  if (error.stage === 'connect') {
    return fail(m.summary('connectFailed', { target, code: error.code }), m.advice('connectFailed'), 'ISSUE-UNREACHABLE');
  }
  if (error.code === 'ETIMEDOUT') {
    // The connection was accepted and nothing came back: the server's side (the bank's) or a
    // proxy in between, not this PC's TLS settings. The checks that need this server are skipped
    // with this cause (origin-answer.ts).
    const timeoutMs = attemptTimeout(context, ANSWER_TIMEOUT_MS);
    return fail(
      m.summary('silent', { target, seconds: Math.round(timeoutMs / 1000) }),
      m.advice('silent'),
      'ISSUE-TIMEOUT',
      { handshakeTimeoutMs: timeoutMs },
      silentServerActions(proxy !== undefined),
    );
  }
  if (isProtocolFailure(error.code)) {
    const legacy = await attempt(context, endpoint, proxy, signal, true);
    const offered = legacy.tls?.protocol;
    const offeredEvidence = { offeredProtocol: offered ?? null, offeredCipher: legacy.tls?.cipher ?? null };
    if (offered === 'TLSv1' || offered === 'TLSv1.1') {
      return fail(
        m.summary('oldProtocol', { version: versionName(offered) }),
        m.advice('oldProtocol'),
        'ISSUE-TLS-HANDSHAKE',
        offeredEvidence,
      );
    }
    if (offered) {
      return fail(
        m.summary('weakCipher', { cipher: legacy.tls?.cipher ?? '' }),
        m.advice('weakCipher'),
        'ISSUE-TLS-HANDSHAKE',
        offeredEvidence,
      );
    }
    if (error.code === 'ERR_SSL_WRONG_VERSION_NUMBER' && legacy.error?.code === 'ERR_SSL_WRONG_VERSION_NUMBER') {
      return fail(m.summary('notTls', { target }), m.advice('notTls'), 'ISSUE-TLS-HANDSHAKE', { offeredProtocol: null });
    }
  }
  // The handshake itself, never the certificate (server-certificate's finding): the issuing client's code for it.
  return fail(m.summary('failed', { code: error.code }), m.advice('failed'), 'ISSUE-TLS-HANDSHAKE');
}

function versionName(protocol: string): string {
  const match = /^TLSv(\d(?:\.\d)?)$/.exec(protocol);
  if (!match) return protocol;
  return `TLS ${match[1]!.includes('.') ? match[1]! : `${match[1]!}.0`}`;
}
