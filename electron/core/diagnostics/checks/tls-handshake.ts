// FAQ Q20, Q24(2): the certificate works only over TLS 1.2 or later. For each endpoint this
// check makes a TLS handshake with the client's own minimum (TLS 1.2) and reports the version
// and cipher. Certificate verification is deliberately left to server-certificate (this
// handshake does not verify, and sends no data), so an intercepted connection is reported there
// with its cause, not here as a vague handshake failure.
//
// When the handshake fails for protocol reasons, one more handshake allowing TLS 1.0/1.1 and
// weak ciphers tells "the server only offers TLS 1.0/1.1" apart from other failures. That probe
// only reads the negotiated version; it sends nothing and is closed at once.
import type { TLSSocket } from 'node:tls';
import { defineCheck, text, type EvidenceValue } from '../check';
import {
  attemptTimeout,
  closeQuietly,
  errnoOf,
  forEachEndpoint,
  handshake,
  hostPort,
  NetStageError,
  openConnection,
  proxyRouteFor,
  routeEvidence,
  type Endpoint,
  type EndpointFinding,
  type ProxyRoute,
  CONNECT_TIMEOUT_MS,
  ANSWER_TIMEOUT_MS,
} from './net-support';
import type { CheckContext } from '../check';

const FAQ_ADVICE_SECURITY_SOFTWARE = text(
  'セキュリティ対策ソフトや社内のネットワーク機器が通信を妨げている可能性があります。セキュリティ対策ソフトを一時的に停止して確認するか、社内のネットワーク管理者にご相談ください (FAQ Q24(4))。',
  'Security software or a network device of your company may interfere. Try with the security software paused, or ask your network administrator (FAQ Q24(4)).',
);

export const tlsHandshakeCheck = defineCheck({
  id: 'tls-handshake',
  title: text('TLS ハンドシェイク', 'TLS handshake'),
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

async function attempt(
  context: CheckContext,
  endpoint: Endpoint,
  proxy: ProxyRoute | undefined,
  signal: AbortSignal,
  legacy: boolean,
): Promise<Attempt> {
  const started = performance.now();
  let socket: TLSSocket | undefined;
  try {
    const connection = await openConnection(endpoint, proxy, {
      timeoutMs: attemptTimeout(context, CONNECT_TIMEOUT_MS),
      signal,
      trustedCaPem: context.trustedCaPem,
    });
    const handshakeStarted = performance.now();
    socket = await handshake(connection, endpoint, {
      timeoutMs: attemptTimeout(context, ANSWER_TIMEOUT_MS),
      signal,
      trustedCaPem: context.trustedCaPem,
      rejectUnauthorized: false,
      ...(legacy ? { minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' } : { minVersion: 'TLSv1.2' }),
    });
    const cipher = socket.getCipher();
    return {
      tls: { protocol: socket.getProtocol() ?? 'unknown', cipher: cipher.standardName || cipher.name, cipherOpenssl: cipher.name },
      handshakeMs: performance.now() - handshakeStarted,
    };
  } catch (err) {
    if (err instanceof NetStageError && err.stage === 'aborted') throw err;
    const stage = err instanceof NetStageError && err.stage !== 'tls' ? 'connect' : 'tls';
    return {
      error: { code: errnoOf(err) ?? 'UNKNOWN', message: err instanceof Error ? err.message : String(err), stage },
      handshakeMs: performance.now() - started,
    };
  } finally {
    closeQuietly(socket);
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
      summary: text(`${versionName(protocol)} (${cipher})`, `${versionName(protocol)} (${cipher})`),
      evidence: { ...route, protocol, cipher, cipherOpenssl, handshakeMs: Math.round(strict.handshakeMs), minVersion: 'TLSv1.2' },
    };
  }
  const error = strict.error!;
  const evidence: Record<string, EvidenceValue> = {
    ...route,
    minVersion: 'TLSv1.2',
    tlsError: error.code,
    error: error.message,
    protocol: null,
  };
  if (error.stage === 'connect') {
    return {
      endpoint,
      status: 'fail',
      summary: text(`${target} に接続できませんでした (${error.code})`, `Could not connect to ${target} (${error.code})`),
      evidence,
      advice: text(
        '「名前解決・接続・プロキシ」の結果を確認し、もう一度診断を実行してください。',
        'See "Name resolution, reachability, proxy" and run the diagnosis again.',
      ),
      codes: ['ISSUE-UNREACHABLE'],
    };
  }
  if (error.code === 'ETIMEDOUT') {
    const seconds = Math.round(attemptTimeout(context, ANSWER_TIMEOUT_MS) / 1000);
    return {
      endpoint,
      status: 'fail',
      summary: text(
        `${target} は接続を受け付けましたが、TLS の応答が ${seconds} 秒以内にありません`,
        `${target} accepted the connection but did not answer the TLS handshake within ${seconds} s`,
      ),
      evidence: { ...evidence, handshakeTimeoutMs: attemptTimeout(context, ANSWER_TIMEOUT_MS) },
      advice: text(
        `アドレスのポート番号が正しいか確認してください。${FAQ_ADVICE_SECURITY_SOFTWARE.ja}`,
        `Check the port in the address. ${FAQ_ADVICE_SECURITY_SOFTWARE.en}`,
      ),
      codes: ['ISSUE-TIMEOUT'],
    };
  }
  if (isProtocolFailure(error.code)) {
    const legacy = await attempt(context, endpoint, proxy, signal, true);
    const offered = legacy.tls?.protocol;
    if (offered === 'TLSv1' || offered === 'TLSv1.1') {
      return {
        endpoint,
        status: 'fail',
        summary: text(
          `サーバーは古い ${versionName(offered)} しか使えません (TLS 1.2 以上が必要です)`,
          `The server only offers the outdated ${versionName(offered)} (TLS 1.2 or later is required)`,
        ),
        evidence: { ...evidence, offeredProtocol: offered, offeredCipher: legacy.tls?.cipher ?? null },
        advice: text(
          `TLS 1.0/1.1 は安全でないため使えません。アドレスが正しいか確認してください。正しい場合、古いプロキシやセキュリティ機器が通信を中継している可能性があります。社内のネットワーク管理者または労金にご相談ください (FAQ Q20, Q24(2))。`,
          `TLS 1.0/1.1 are insecure and not used. Check the address. If it is right, an old proxy or security appliance may be relaying the connection: ask your network administrator or the bank (FAQ Q20, Q24(2)).`,
        ),
        codes: ['ISSUE-TLS'],
      };
    }
    if (offered) {
      return {
        endpoint,
        status: 'fail',
        summary: text(
          `サーバーは安全性の低い暗号 (${legacy.tls?.cipher ?? ''}) しか使えません`,
          `The server only offers weak ciphers (${legacy.tls?.cipher ?? ''})`,
        ),
        evidence: { ...evidence, offeredProtocol: offered, offeredCipher: legacy.tls?.cipher ?? null },
        advice: text(
          `社内のネットワーク管理者または労金にご相談ください。${FAQ_ADVICE_SECURITY_SOFTWARE.ja}`,
          `Ask your network administrator or the bank. ${FAQ_ADVICE_SECURITY_SOFTWARE.en}`,
        ),
        codes: ['ISSUE-TLS'],
      };
    }
    if (error.code === 'ERR_SSL_WRONG_VERSION_NUMBER' && legacy.error?.code === 'ERR_SSL_WRONG_VERSION_NUMBER') {
      return {
        endpoint,
        status: 'fail',
        summary: text(`${target} は TLS (https) で応答しません`, `${target} does not answer with TLS (https)`),
        evidence: { ...evidence, offeredProtocol: null },
        advice: text(
          'このポートは https ではない (http など) 可能性があります。アドレスとポート番号を確認してください。',
          'This port does not seem to speak https (perhaps plain http). Check the address and port.',
        ),
        codes: ['ISSUE-TLS'],
      };
    }
  }
  return {
    endpoint,
    status: 'fail',
    summary: text(`TLS ハンドシェイクに失敗しました (${error.code})`, `The TLS handshake failed (${error.code})`),
    evidence,
    advice: text(
      `通信が途中で切断されています。${FAQ_ADVICE_SECURITY_SOFTWARE.ja} Windows では インターネット オプションの「TLS 1.2 の使用」も確認してください (FAQ Q20)。`,
      `The connection is cut during TLS. ${FAQ_ADVICE_SECURITY_SOFTWARE.en} On Windows also check "Use TLS 1.2" in Internet Options (FAQ Q20).`,
    ),
    codes: ['ISSUE-TLS'],
  };
}

function versionName(protocol: string): string {
  const m = /^TLSv(\d(?:\.\d)?)$/.exec(protocol);
  if (!m) return protocol;
  return `TLS ${m[1]!.includes('.') ? m[1]! : `${m[1]!}.0`}`;
}
