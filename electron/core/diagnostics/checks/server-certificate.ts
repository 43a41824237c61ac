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
import { defineCheck, text, type CheckContext, type EvidenceValue } from '../check';
import {
  attemptTimeout,
  closeQuietly,
  errnoOf,
  forEachEndpoint,
  handshake,
  hostPort,
  NetStageError,
  openConnection,
  presentedChain,
  proxyRouteFor,
  rootCommonName,
  routeEvidence,
  type ChainLink,
  type Endpoint,
  type EndpointFinding,
  type ProxyRoute,
  CONNECT_TIMEOUT_MS,
  ANSWER_TIMEOUT_MS,
} from './net-support';

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
  title: text('サーバー証明書 (HTTPS 検査)', 'Server certificate (interception)'),
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
  try {
    const connection = await openConnection(endpoint, proxy, {
      timeoutMs: attemptTimeout(context, CONNECT_TIMEOUT_MS),
      signal,
      trustedCaPem: context.trustedCaPem,
    });
    const socket = await handshake(connection, endpoint, {
      timeoutMs: attemptTimeout(context, ANSWER_TIMEOUT_MS),
      signal,
      trustedCaPem: context.trustedCaPem,
      ca: context.trustedCaPem,
      rejectUnauthorized: verify,
      minVersion: 'TLSv1.2',
    });
    return { socket };
  } catch (error) {
    if (error instanceof NetStageError && error.stage === 'aborted') throw error;
    return { error };
  }
}

function chainEvidence(chain: readonly ChainLink[]): Record<string, EvidenceValue> {
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
      const root = rootCommonName(chain);
      return {
        endpoint,
        status: 'pass',
        summary: text(
          `${target} の証明書を確認しました (発行者: ${leaf?.issuerCommonName ?? '-'}、ルート: ${root || '-'}、有効期限 ${leaf?.validTo.slice(0, 10) ?? '-'})`,
          `${target}'s certificate verified (issuer: ${leaf?.issuerCommonName ?? '-'}, root: ${root || '-'}, valid until ${leaf?.validTo.slice(0, 10) ?? '-'})`,
        ),
        evidence: { ...route, verified: true, ...chainEvidence(chain), subjectAltName: altNames },
      };
    } finally {
      closeQuietly(verified.socket);
    }
  }

  const code = errnoOf(verified.error) ?? 'UNKNOWN';
  const message = verified.error instanceof Error ? verified.error.message : String(verified.error);
  if (!isCertificateError(code)) {
    return {
      endpoint,
      status: 'fail',
      summary: text(
        `${target} と安全な接続を確立できませんでした (${code})`,
        `Could not establish a verified connection to ${target} (${code})`,
      ),
      evidence: { ...route, verified: false, tlsError: code, error: message },
      advice: text(
        '「TLS ハンドシェイク」と「名前解決・接続・プロキシ」の結果を確認し、もう一度診断を実行してください。',
        'See "TLS handshake" and "Name resolution, reachability, proxy", then run the diagnosis again.',
      ),
      codes: ['ISSUE-TLS'],
    };
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
  const evidence: Record<string, EvidenceValue> = {
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
    const when = expired ? leaf?.validTo : leaf?.validFrom;
    return {
      endpoint,
      status: 'fail',
      summary: expired
        ? text(
            `${target} のサーバー証明書は期限切れです (有効期限 ${when ?? '?'}、この PC の時刻 ${localNow})`,
            `${target}'s server certificate has expired (valid until ${when ?? '?'}; this PC's time ${localNow})`,
          )
        : text(
            `${target} のサーバー証明書はまだ有効になっていません (有効開始 ${when ?? '?'}、この PC の時刻 ${localNow})`,
            `${target}'s server certificate is not valid yet (valid from ${when ?? '?'}; this PC's time ${localNow})`,
          ),
      evidence: { ...evidence, localDate: localNow },
      advice: text(
        'まず PC の日付と時刻が正しいか確認してください (時計がずれていると有効な証明書も期限切れに見えます。FAQ Q21)。時刻が正しい場合はサーバー側の問題ですので、労金にご連絡ください。',
        "First check this PC's date and time (a wrong clock makes valid certificates look expired, FAQ Q21). If the time is right, the server is at fault: contact the bank.",
      ),
      codes: ['ISSUE-TLS'],
    };
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const names = altNames ?? leaf?.subjectCommonName ?? '?';
    return {
      endpoint,
      status: 'fail',
      summary: text(
        `${target} の証明書は別の名前 (${names}) 用で、接続先 ${endpoint.host} と一致しません`,
        `${target}'s certificate is for other names (${names}), not for ${endpoint.host}`,
      ),
      evidence,
      advice: text(
        `アドレス (${endpoint.host}) が正しいか確認してください。正しい場合は、セキュリティ対策ソフトや社内の機器が通信を中継している可能性があります。社内のネットワーク管理者または労金にご相談ください (FAQ Q18(8), Q24(4))。`,
        `Check that the address (${endpoint.host}) is right. If it is, security software or a network device may be relaying the connection: ask your network administrator or the bank (FAQ Q18(8), Q24(4)).`,
      ),
      codes: ['ISSUE-TLS'],
    };
  }
  if (UNTRUSTED_CHAIN.has(code)) {
    return {
      endpoint,
      status: 'fail',
      summary: text(
        `${target} の証明書を信頼できません: セキュリティ対策ソフトの HTTPS 検査 (発行者: ${issuerName}) の可能性があります`,
        `${target}'s certificate is not trusted: possibly HTTPS inspection by security software (issuer: ${issuerName})`,
      ),
      evidence,
      advice: text(
        `「${issuerName}」はこのシステムの証明書の発行者ではありません。セキュリティ対策ソフトの「HTTPS 検査」「SSL スキャン」などの対象からこのアドレス (${endpoint.host}) を除外するか、社内のネットワーク管理者にご相談ください (FAQ Q24(4))。心当たりがない場合は通信が改ざんされている恐れがあるため、ログインせず労金にご連絡ください。`,
        `"${issuerName}" is not the issuer of this system's certificate. Exclude this address (${endpoint.host}) from your security software's "HTTPS scanning" / "SSL inspection", or ask your network administrator (FAQ Q24(4)). If you use no such software, the connection may be tampered with: do not log in, and contact the bank.`,
      ),
      codes: ['ISSUE-TLS'],
    };
  }
  return {
    endpoint,
    status: 'fail',
    summary: text(`${target} のサーバー証明書を確認できません (${code})`, `${target}'s server certificate does not verify (${code})`),
    evidence,
    advice: text(
      '社内のネットワーク管理者または労金にご相談ください (FAQ Q18(8), Q24(4))。',
      'Ask your network administrator or the bank (FAQ Q18(8), Q24(4)).',
    ),
    codes: ['ISSUE-TLS'],
  };
}

function isCertificateError(code: string): boolean {
  return UNTRUSTED_CHAIN.has(code) || /CERT|ALTNAME|ISSUER|HOSTNAME|SELF_SIGNED|LEAF_SIGNATURE/.test(code);
}
