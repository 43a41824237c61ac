// FAQ Q18(8)②, Q24(4): security software that scans HTTPS replaces the server's certificate
// with one from its own root, and the bank's system then refuses or the browser warns. For each
// endpoint this check verifies the server's chain against the CAs the client trusts and the host
// name, exactly as the issuing client does (tls-agent.ts: minimum TLS 1.2, verification on).
//
// On failure a second handshake without verification reads the presented chain only to name its
// root or issuer in the report ("HTTPS inspection by X"); it sends no data and is closed at once.
// Expired / not-yet-valid server certificates and host-name mismatches are explained separately:
// they have other causes (a wrong PC clock, a wrong address) and other remedies.
import type { DetailedPeerCertificate, TLSSocket } from 'node:tls';
import type { NextAction } from '../../../contract/actions';
import { defineCheck, type CheckContext, type Evidence } from '../check';
import { checkMessages, type MessageSpec } from '../messages';
import {
  closeQuietly,
  endpointPass,
  errnoOf,
  forEachEndpoint,
  hostPort,
  presentedChain,
  probeTls,
  proxyRouteFor,
  rootCommonName,
  routeEvidence,
  type ChainLink,
  type Endpoint,
  type EndpointFinding,
  type ProxyRoute,
} from './net-support';

const m = checkMessages('server-certificate');
const ASK_IT: NextAction = { kind: 'contact', actor: 'it', reason: 'interception' };
const ASK_BANK: NextAction = { kind: 'contact', actor: 'bank', reason: 'server-certificate' };

/** OpenSSL verify results meaning "this chain does not lead to a root we trust". */
const UNTRUSTED_CHAIN = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_CHAIN_TOO_LONG',
  'INVALID_CA',
]);

export const serverCertificateCheck = defineCheck({
  id: 'server-certificate',
  group: 'network',
  faq: ['Q18(8)', 'Q24(4)'],
  platforms: 'all',
  dependsOn: ['tls-handshake'],
  run(context, signal) {
    return forEachEndpoint(context, (endpoint) => verifyEndpoint(context, endpoint, signal));
  },
});

type Handshake = { readonly socket: TLSSocket } | { readonly error: unknown };

async function connectTls(
  context: CheckContext,
  endpoint: Endpoint,
  proxy: ProxyRoute | undefined,
  signal: AbortSignal,
  verify: boolean,
): Promise<Handshake> {
  const probe = await probeTls(context, endpoint, proxy, signal, { verify, minVersion: 'TLSv1.2' });
  return 'socket' in probe ? { socket: probe.socket } : { error: probe.error };
}

function chainEvidence(chain: readonly ChainLink[]): Record<string, Evidence> {
  const leaf = chain[0];
  return {
    peerSubjectCommonName: leaf?.subjectCommonName ?? null,
    peerIssuerCommonName: leaf?.issuerCommonName ?? null,
    peerRootCommonName: rootCommonName(chain) || null,
    peerSha256: leaf?.sha256 ?? null,
    peerValidFrom: leaf?.validFrom ?? null,
    peerValidTo: leaf?.validTo ?? null,
    issuerChain: chain.map((l) => l.issuerCommonName),
    presentedChain: chain.map((l) => `${l.subjectCommonName} (issuer: ${l.issuerCommonName})`),
  };
}

function readChain(socket: TLSSocket): { chain: ChainLink[]; altNames: string | null } {
  const peer: DetailedPeerCertificate = socket.getPeerCertificate(true);
  if (!peer || Object.keys(peer).length === 0) return { chain: [], altNames: null };
  return { chain: presentedChain(peer), altNames: peer.subjectaltname ?? null };
}

async function verifyEndpoint(context: CheckContext, endpoint: Endpoint, signal: AbortSignal): Promise<EndpointFinding> {
  const proxy = await proxyRouteFor(context, endpoint).catch(() => undefined);
  const route = routeEvidence(endpoint, proxy);
  const target = hostPort(endpoint);
  const verified = await connectTls(context, endpoint, proxy, signal, true);
  if ('socket' in verified) {
    try {
      const { chain, altNames } = readChain(verified.socket);
      const leaf = chain[0];
      return {
        endpoint,
        status: 'pass',
        summary: endpointPass('server-certificate', 'verified', endpoint.role, {
          target,
          issuer: leaf?.issuerCommonName ?? '-',
          root: rootCommonName(chain) || '-',
          validTo: leaf?.validTo || '-',
        }),
        evidence: { ...route, verified: true, ...chainEvidence(chain), subjectAltName: altNames },
      };
    } finally {
      closeQuietly(verified.socket);
    }
  }

  const code = errnoOf(verified.error) ?? 'UNKNOWN';
  const message = verified.error instanceof Error ? verified.error.message : String(verified.error);
  const fail = (
    summary: MessageSpec,
    advice: MessageSpec,
    evidence: Record<string, Evidence>,
    actions: NextAction[],
    errorCode = 'ISSUE-TLS',
  ): EndpointFinding => ({
    endpoint,
    status: 'fail',
    summary,
    evidence,
    advice,
    codes: [errorCode],
    actions,
  });
  if (!isCertificateError(code)) {
    return fail(
      m.summary('noConnection', { target, code }),
      m.advice('noConnection'),
      { ...route, verified: false, tlsError: code, error: message },
      [{ kind: 'diagnose' }],
      // This client's own deadline is a timeout; any other failure here is the handshake's, not the certificate's.
      code === 'ETIMEDOUT' ? 'ISSUE-TIMEOUT' : 'ISSUE-TLS-HANDSHAKE',
    );
  }

  // Only to read what was presented: no data is sent on this connection.
  const look = await connectTls(context, endpoint, proxy, signal, false);
  let chain: ChainLink[] = [];
  let altNames: string | null = null;
  if ('socket' in look) {
    try {
      ({ chain, altNames } = readChain(look.socket));
    } finally {
      closeQuietly(look.socket);
    }
  }
  const evidence: Record<string, Evidence> = {
    ...route,
    verified: false,
    tlsError: code,
    error: message,
    ...chainEvidence(chain),
    subjectAltName: altNames,
  };
  const leaf = chain[0];
  const issuerName = rootCommonName(chain) || leaf?.issuerCommonName || '?';
  const localNow = context.now().toISOString();

  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    const expired = code === 'CERT_HAS_EXPIRED';
    const when = (expired ? leaf?.validTo : leaf?.validFrom) || '?';
    return fail(
      m.summary(expired ? 'expired' : 'notYetValid', { target, when, localNow }),
      m.advice('dates'),
      { ...evidence, localDate: localNow },
      [{ kind: 'faq', faq: 'Q21' }, ASK_BANK],
    );
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const names = altNames ?? leaf?.subjectCommonName ?? '?';
    return fail(m.summary('otherName', { target, names, host: endpoint.host }), m.advice('otherName', { host: endpoint.host }), evidence, [
      ASK_IT,
    ]);
  }
  if (UNTRUSTED_CHAIN.has(code)) {
    return fail(
      m.summary('untrusted', { target, issuer: issuerName }),
      m.advice('untrusted', { issuer: issuerName, host: endpoint.host }),
      evidence,
      [ASK_IT],
    );
  }
  return fail(m.summary('other', { target, code }), m.advice('other'), evidence, [ASK_IT]);
}

function isCertificateError(code: string): boolean {
  return UNTRUSTED_CHAIN.has(code) || /CERT|ALTNAME|ISSUER|HOSTNAME|SELF_SIGNED|LEAF_SIGNATURE/.test(code);
}
