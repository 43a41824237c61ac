// FAQ Q18(8), Q24: "this page cannot be displayed" and issuance failures often come from the
// network: a name that does not resolve, a firewall, a proxy that refuses. For each endpoint
// this check resolves the name, opens a TCP connection (directly, or through the proxy the
// client would use, with CONNECT), and says which stage failed. Nothing is sent to the server.
import { defineCheck, text, type EvidenceValue, type LocalizedText } from '../check';
import {
  attemptTimeout,
  closeQuietly,
  forEachEndpoint,
  hostPort,
  NetStageError,
  openConnection,
  PROXY_SOURCE_LABEL,
  proxyRouteFor,
  routeEvidence,
  type Endpoint,
  type EndpointFinding,
  type ProxyRoute,
  CONNECT_TIMEOUT_MS,
} from './net-support';

const FAQ_ADVICE_NETWORK = text(
  '社内ネットワークで外部への接続が制限されている場合があります。社内のネットワーク管理者に、このアドレスへの HTTPS 接続が許可されているか確認してください (FAQ Q18(8))。',
  'Your company network may restrict outside connections. Ask your network administrator whether HTTPS connections to this address are allowed (FAQ Q18(8)).',
);

export const networkCheck = defineCheck({
  id: 'network',
  title: text('名前解決・接続・プロキシ', 'Name resolution, reachability, proxy'),
  faq: ['Q18(8)', 'Q24'],
  platforms: 'all',
  dependsOn: ['https-address'],
  run(context, signal) {
    const timeoutMs = attemptTimeout(context, CONNECT_TIMEOUT_MS);
    return forEachEndpoint(context, async (endpoint) => {
      let proxy: ProxyRoute | undefined;
      try {
        proxy = await proxyRouteFor(context, endpoint);
      } catch (err) {
        return explainFailure(endpoint, undefined, err);
      }
      try {
        const connection = await openConnection(endpoint, proxy, { timeoutMs, signal, trustedCaPem: context.trustedCaPem });
        closeQuietly(connection.socket);
        const evidence: Record<string, EvidenceValue> = {
          ...routeEvidence(endpoint, proxy),
          addresses: proxy ? [] : [...connection.addresses],
          resolvedBy: proxy ? 'proxy' : endpoint.ipLiteral ? 'ip-literal' : 'dns',
          connectedAddress: connection.remoteAddress ?? null,
          connectMs: Math.round(connection.connectMs),
          stage: 'connected',
        };
        const via = proxy
          ? text(
              `プロキシ ${proxy.display} 経由 (${PROXY_SOURCE_LABEL[proxy.source].ja})`,
              `through proxy ${proxy.display} (${PROXY_SOURCE_LABEL[proxy.source].en})`,
            )
          : text(`直接接続、${connection.remoteAddress ?? endpoint.host}`, `direct, ${connection.remoteAddress ?? endpoint.host}`);
        return {
          endpoint,
          status: 'pass',
          summary: text(`${hostPort(endpoint)} に接続できました (${via.ja})`, `Connected to ${hostPort(endpoint)} (${via.en})`),
          evidence,
        };
      } catch (err) {
        return explainFailure(endpoint, proxy, err);
      }
    });
  },
});

function explainFailure(endpoint: Endpoint, proxy: ProxyRoute | undefined, err: unknown): EndpointFinding {
  const e =
    err instanceof NetStageError ? err : new NetStageError('connect', err instanceof Error ? err.message : String(err), { cause: err });
  const target = hostPort(endpoint);
  const evidence: Record<string, EvidenceValue> = {
    ...routeEvidence(endpoint, proxy),
    addresses: [...e.addresses],
    stage: e.stage,
    errno: e.errno ?? null,
    ...(e.status !== undefined ? { proxyStatus: e.status } : {}),
    error: e.message,
  };
  const fail = (summary: LocalizedText, advice: LocalizedText, code: string): EndpointFinding => ({
    endpoint,
    status: 'fail',
    summary,
    evidence,
    advice,
    codes: [code],
  });
  const proxyName = proxy ? proxy.display : '';
  const proxyFrom = proxy ? PROXY_SOURCE_LABEL[proxy.source] : text('', '');
  switch (e.stage) {
    case 'dns':
      if (e.errno === 'ENOTFOUND') {
        return fail(
          text(
            `名前解決できません: ${endpoint.host} (ENOTFOUND: その名前のサーバーは見つかりません)`,
            `Name not found: ${endpoint.host} (ENOTFOUND: no such host)`,
          ),
          text(
            `アドレスのつづり (${endpoint.host}) を確認してください。正しい場合は、PC がネットワークに接続されているか、社内の DNS で外部の名前が引けるかを確認してください。${FAQ_ADVICE_NETWORK.ja}`,
            `Check the spelling of the address (${endpoint.host}). If it is right, check that the PC is connected and that the company DNS resolves outside names. ${FAQ_ADVICE_NETWORK.en}`,
          ),
          'ISSUE-UNREACHABLE',
        );
      }
      return fail(
        text(
          `名前解決できません: ${endpoint.host} (${e.errno ?? '不明'}: DNS サーバーから応答がありません)`,
          `Name resolution failed for ${endpoint.host} (${e.errno ?? 'unknown'}: the DNS server did not answer)`,
        ),
        text(
          `PC のネットワーク接続と DNS の設定を確認し、しばらくしてからもう一度お試しください。${FAQ_ADVICE_NETWORK.ja}`,
          `Check the PC's network connection and DNS settings and try again later. ${FAQ_ADVICE_NETWORK.en}`,
        ),
        'ISSUE-UNREACHABLE',
      );
    case 'connect':
      if (e.errno === 'ECONNREFUSED') {
        return fail(
          text(`${target} への接続が拒否されました (ECONNREFUSED)`, `Connection to ${target} refused (ECONNREFUSED)`),
          text(
            `サーバーがこのポートで受け付けていないか、ファイアウォールが拒否しています。アドレスのポート番号を確認してください。${FAQ_ADVICE_NETWORK.ja}`,
            `Nothing accepts connections on this port, or a firewall rejects them. Check the port in the address. ${FAQ_ADVICE_NETWORK.en}`,
          ),
          'ISSUE-UNREACHABLE',
        );
      }
      if (e.errno === 'ETIMEDOUT') {
        return fail(
          text(`${target} から応答がありません (接続がタイムアウトしました)`, `No answer from ${target} (connection timed out)`),
          text(
            `ファイアウォールで遮断されている可能性があります。プロキシを使う社内ネットワークでは、プロキシの設定が必要な場合があります。${FAQ_ADVICE_NETWORK.ja}`,
            `A firewall probably drops the connection. Networks that require a proxy need the proxy to be configured. ${FAQ_ADVICE_NETWORK.en}`,
          ),
          'ISSUE-TIMEOUT',
        );
      }
      return fail(
        text(`${target} に接続できません (${e.errno ?? e.message})`, `Cannot connect to ${target} (${e.errno ?? e.message})`),
        text(
          `PC のネットワーク接続を確認してください。${FAQ_ADVICE_NETWORK.ja}`,
          `Check the PC's network connection. ${FAQ_ADVICE_NETWORK.en}`,
        ),
        'ISSUE-UNREACHABLE',
      );
    case 'proxy-config':
      return fail(
        text(`プロキシの設定を使えません: ${e.message}`, `The proxy setting cannot be used: ${e.message}`),
        text(
          'プロキシの設定 (環境変数 HTTPS_PROXY または Windows のプロキシ設定) を確認してください。',
          'Check the proxy setting (the HTTPS_PROXY environment variable or the Windows proxy settings).',
        ),
        'ISSUE-PROXY',
      );
    case 'proxy-dns':
    case 'proxy-connect':
      return fail(
        text(
          `プロキシ ${proxyName} (${proxyFrom.ja}) に接続できません (${e.errno ?? e.message})`,
          `Cannot connect to the proxy ${proxyName} (${proxyFrom.en}) (${e.errno ?? e.message})`,
        ),
        text(
          `プロキシのアドレスとポート番号 (${proxyFrom.ja}) を確認してください。分からない場合は社内のネットワーク管理者にお問い合わせください。`,
          `Check the proxy's address and port (${proxyFrom.en}). Ask your network administrator if unsure.`,
        ),
        'ISSUE-PROXY',
      );
    case 'proxy-refused': {
      const status = e.status ?? 0;
      // 502/503/504: the proxy tried and could not reach the server; 403/407: it will not let us.
      const upstream = status === 502 || status === 503 || status === 504;
      return fail(
        upstream
          ? text(
              `プロキシ ${proxyName} から ${target} に接続できません (プロキシの応答 ${status})`,
              `The proxy ${proxyName} cannot reach ${target} (proxy answered ${status})`,
            )
          : text(
              `プロキシ ${proxyName} が ${target} への接続を拒否しました (${status || e.errno || '応答なし'})`,
              `The proxy ${proxyName} refused the connection to ${target} (${status || e.errno || 'no answer'})`,
            ),
        status === 407
          ? text(
              'プロキシの認証が必要です。社内のネットワーク管理者にお問い合わせください。',
              'The proxy requires authentication. Ask your network administrator.',
            )
          : text(
              `社内のネットワーク管理者に、プロキシでこのアドレス (${target}) への HTTPS 接続が許可されているか確認してください (FAQ Q18(8))。`,
              `Ask your network administrator whether the proxy allows HTTPS connections to ${target} (FAQ Q18(8)).`,
            ),
        'ISSUE-PROXY',
      );
    }
    case 'tls':
    case 'aborted':
      return fail(
        text(`${target} の確認が中断されました`, `Checking ${target} was interrupted`),
        text('もう一度診断を実行してください。', 'Run the diagnosis again.'),
        'ISSUE-TIMEOUT',
      );
  }
}
