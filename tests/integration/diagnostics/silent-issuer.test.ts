// Issue 8 (7) and issue 9 (2): an issuing service that accepts the connection and never answers.
// Two kinds of silence on 127.0.0.1: a listener that takes TCP and never speaks TLS, and a TLS
// server with a trusted certificate that completes the handshake and never answers HTTP. The
// doctor runs as `cjs-cert doctor` and the app run it (the diagnosis use case, its request
// budgets, the engine's defaults), on a real NSS store holding user01's certificate. Also a login
// page that refuses connections, and the login probe the app injects.
//
// What the user must see: ONE problem, the server that accepted the connection and did not
// answer, with the bank (the server's side) to contact and FAQ Q24; every check that needs that
// server says it was skipped because of it, the login probe is not even started (it used to wait
// its full 12 s after TLS to the same origin had already failed), and a client-side deadline is
// never reported as an untrusted certificate. Time is bounded by the test's timeout only.
import { readFile, rm } from 'node:fs/promises';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiagnosisUseCases, type DiagnosisServices } from '../../../electron/core/app/diagnosis';
import { EMBEDDED_DEFAULTS } from '../../../electron/core/config';
import type { LoginProber, LoginProbeRequest } from '../../../electron/core/diagnostics/checks/client-cert-login';
import type { DiagnosticReport, ReportedCheck } from '../../../electron/core/diagnostics/report';
import { reportToText } from '../../../electron/core/diagnostics/report-text';
import { EstClient } from '../../../electron/core/issuing';
import { buildPkcs12, randomPkcs12Password, readCertificate, type CertificateInfo } from '../../../electron/core/pki';
import { runProcess, type ProcessRunner } from '../../../electron/core/platform/process-runner';
import { NssStore } from '../../../electron/core/stores';
import { freshHome } from '../../helpers/cli-process';
import { networkTrust } from '../../helpers/diagnostics-context';
import { enroll } from '../../helpers/est-client';
import { startTestIssuer, type TestIssuer } from '../../helpers/issuer';
import { LoopbackServers } from '../../helpers/loopback-servers';
import { createLoopbackTlsIdentity, type LoopbackTlsIdentity } from '../../helpers/loopback-tls';
import { say, translator } from '../../unit/diagnostics/helpers/message-text';

const TEST_TIMEOUT_MS = 30_000;
const servers = new LoopbackServers();
/** Every TCP connection the silent servers accepted and that is still open. */
const open = new Set<Socket>();
const homes: string[] = [];
let issuer: TestIssuer;
let identity: LoopbackTlsIdentity;
let trust: string[];
let issuerCa: CertificateInfo;
let user01: NssStore;

/** Accepts, reads whatever comes (so the client's close is seen), never writes a byte. */
function silently(server: NetServer): NetServer {
  server.on('connection', (s: Socket) => {
    open.add(s);
    s.on('close', () => open.delete(s));
  });
  return server;
}
const silentTcp = () => silently(createNetServer((s) => s.resume()));
const silentTls = () => silently(createTlsServer(identity.tls, (s) => s.resume()));
const urlOf = async (server: NetServer) => `https://127.0.0.1:${await servers.listen(server)}`;

beforeAll(async () => {
  issuer = await startTestIssuer();
  identity = await createLoopbackTlsIdentity('CJS Silent Issuer Test Root');
  trust = await networkTrust(identity.caPem, issuer.tlsCaPem);
  issuerCa = readCertificate(await readFile(issuer.caCertPath, 'utf8'));
  user01 = await storeWithUser01();
}, TEST_TIMEOUT_MS);

afterAll(async () => {
  await servers.closeAll();
  await issuer?.stop();
  await Promise.all(homes.map((h) => rm(h, { recursive: true, force: true })));
});

/** user01's certificate, enrolled from the real issuer before it went silent. */
async function storeWithUser01(): Promise<NssStore> {
  const home = await freshHome('cjs-silent-');
  homes.push(home);
  const store = new NssStore({ home });
  await store.preCheck();
  const enrolled = await enroll(issuer, 'user01');
  const password = randomPkcs12Password();
  const friendlyName = `ろうきん賃金控除 user01 ${enrolled.certificate.serialNumber.slice(-8)}`;
  const pkcs12 = buildPkcs12({
    privateKey: enrolled.keyPair.privateKey,
    certificate: enrolled.certificate.der,
    chain: [issuerCa.der],
    friendlyName,
    password,
  });
  await store.install({ pkcs12, password, certificate: enrolled.certificate, friendlyName });
  return store;
}

interface Diagnosis {
  readonly report: DiagnosticReport;
  readonly check: (id: string) => ReportedCheck;
  /** The lines of `cjs-cert doctor`'s text, in the language asked. */
  readonly text: (language: 'ja' | 'en') => string[];
  /** The programs the checks started (tstclnt for the login probe). */
  readonly spawned: readonly string[];
}

/**
 * The diagnosis as `cjs-cert doctor` and the app run it: the use case with the engine's default
 * deadline and the diagnosis' own request budget, the issuing service and the login page at the
 * given addresses, the issuer's CA remembered from the enrolment (or nothing remembered).
 */
async function diagnose(
  target: { issuerUrl: string; loginUrl: string },
  options: { readonly remembered: boolean; readonly loginProbe?: LoginProber } = { remembered: true },
): Promise<Diagnosis> {
  const spawned: string[] = [];
  const runner: ProcessRunner = (command, args, runOptions) => {
    spawned.push(command);
    return runProcess(command, args, runOptions);
  };
  const services: DiagnosisServices = {
    settings: { ...EMBEDDED_DEFAULTS, ...target },
    store: user01,
    proxy: () => Promise.resolve(undefined),
    trustedCaPem: () => Promise.resolve(trust),
    issuingWithin: (timeoutMs) =>
      new EstClient({ baseUrl: target.issuerUrl, trust: { extraCaPem: [identity.caPem, issuer.tlsCaPem] }, timeoutMs }),
    cachedIssuerCas: () => Promise.resolve(options.remembered ? [issuerCa] : undefined),
  };
  const report = await createDiagnosisUseCases(services, {
    platform: 'linux',
    runner,
    ...(options.loginProbe ? { loginProbe: options.loginProbe } : {}),
  }).runReport({ loginId: 'user01' });
  return {
    report,
    check: (id) => report.checks.find((c) => c.id === id)!,
    text: (language) => reportToText(report, translator(language), language).split('\n'),
    spawned,
  };
}

const problems = (d: Diagnosis) => d.report.checks.filter((c) => c.status === 'fail' || c.status === 'error');

/** What a user reads anywhere in the report must never say "certificate not trusted" for a deadline. */
function expectNoUntrustedCertificate(d: Diagnosis): void {
  for (const c of d.report.checks) {
    expect(c.codes, c.id).not.toContain('ISSUE-TLS');
    expect(c.summary.key, c.id).not.toMatch(/untrusted|noConnection/);
  }
  expect(d.text('en').join('\n')).not.toMatch(/not trusted|HTTPS inspection/i);
  expect(d.text('ja').join('\n')).not.toMatch(/信頼されていません|HTTPS 検査の可能性/);
}

/** The checks that need the silent server: skipped, pointing at the one check that explains it. */
function expectSkippedBecause(d: Diagnosis, ids: readonly string[], cause: string): void {
  for (const id of ids) {
    const c = d.check(id);
    expect(c.status, `${id}: ${say(c.summary, 'en')}`).toBe('not-applicable');
    // Directly, or through the check it depends on (then named in rootCause).
    expect(c.evidence.rootCause ?? c.evidence.skippedBecause, id).toBe(cause);
    expect(c.advice, id).toBeNull();
  }
}

describe('the issuer this PC enrolled with accepts TCP and never speaks TLS (issuing service and login page)', () => {
  it(
    'one problem, tls-handshake: accepted but no answer within 5 s, the bank to contact, FAQ Q24; everything that needs the server is skipped; no login probe started',
    async () => {
      const d = await diagnose({ issuerUrl: await urlOf(silentTcp()), loginUrl: `${await urlOf(silentTcp())}/` });
      expect(problems(d).map((c) => c.id)).toEqual(['tls-handshake']);
      const tls = d.check('tls-handshake');
      expect(tls).toMatchObject({ status: 'fail', codes: ['ISSUE-TIMEOUT'] });
      expect(say(tls.summary, 'ja')).toMatch(/127\.0\.0\.1:\d+ は接続を受け付けましたが、TLS の応答が 5 秒以内にありません/);
      // The right actor: the server's side (no proxy in the way), and the FAQ entry of the symptom.
      expect(tls.actions).toEqual([
        { kind: 'contact', actor: 'bank', reason: 'service-silent' },
        { kind: 'faq', faq: 'Q24' },
      ]);
      expect(say(tls.advice, 'ja')).toContain('労金側のサーバー、または途中のプロキシやセキュリティ機器');
      expect(say(tls.advice, 'en')).toContain("The bank's server, or a proxy or security device in between, has stopped responding");

      expectSkippedBecause(d, ['server-certificate', 'server-response', 'clock', 'revocation', 'client-cert-login'], 'tls-handshake');
      expect(say(d.check('client-cert-login').summary, 'ja')).toMatch(
        /^システムのログイン画面 \(127\.0\.0\.1:\d+\) が応答しないため、確認していません \(原因は「TLS ハンドシェイク」を参照\)$/,
      );
      expect(say(d.check('revocation').summary, 'en')).toMatch(
        /^Not checked: the issuing service \(127\.0\.0\.1:\d+\) did not answer \(cause: see "TLS handshake"\)$/,
      );
      expect(say(d.check('clock').summary, 'ja')).toBe('「TLS ハンドシェイク」の結果により確認できません');
      // The remembered CA still recognises the certificate: what can be known without the server is.
      for (const id of ['certificate-present', 'certificate-validity', 'private-key', 'duplicates', 'right-user']) {
        expect(d.check(id).status, id).toBe('pass');
      }
      // The login probe (tstclnt, up to 12 s) was never started against the silent page.
      expect(d.spawned).not.toContain('tstclnt');
      expect(d.text('ja').filter((l) => l.startsWith('[✗]'))).toHaveLength(1);
      expectNoUntrustedCertificate(d);
      // Every probe of the run has given up and closed its connection.
      await expect.poll(() => open.size, { timeout: 5_000 }).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );
});

describe('the issuer this PC enrolled with completes TLS and never answers HTTP', () => {
  it(
    'one problem, server-response: accepted but no answer within 5 s; clock, revocation and login skipped because of it',
    async () => {
      const url = await urlOf(silentTls());
      const d = await diagnose({ issuerUrl: url, loginUrl: `${url}/` });
      expect(problems(d).map((c) => c.id)).toEqual(['server-response']);
      for (const id of ['https-address', 'network', 'tls-handshake', 'server-certificate']) expect(d.check(id).status, id).toBe('pass');
      const response = d.check('server-response');
      // The issuing client's code for a server silent after TLS (ISSUE-NO-ANSWER, the bank's), not a timeout of the way there.
      expect(response).toMatchObject({ status: 'fail', codes: ['ISSUE-NO-ANSWER'], faq: ['Q24'], evidence: { 'issuing.stage': 'http' } });
      expect(say(response.summary, 'ja')).toMatch(/^127\.0\.0\.1:\d+ は接続を受け付けましたが、5 秒以内に応答がありません$/);
      expect(say(response.summary, 'en')).toMatch(/^127\.0\.0\.1:\d+ accepted the connection but did not answer within 5 s$/);
      expect(response.actions).toContainEqual({ kind: 'contact', actor: 'bank', reason: 'service-silent' });
      expect(response.actions).not.toContainEqual(expect.objectContaining({ actor: 'it' }));
      expect(say(response.advice, 'ja')).toContain('アドレスに誤りはありません');

      expectSkippedBecause(d, ['clock', 'revocation', 'client-cert-login'], 'server-response');
      expect(say(d.check('client-cert-login').summary, 'ja')).toContain(
        'が応答しないため、確認していません (原因は「サーバーの応答」を参照)',
      );
      expect(d.check('certificate-present').status).toBe('pass');
      expect(d.spawned).not.toContain('tstclnt');
      expect(d.text('ja').filter((l) => l.startsWith('[✗]'))).toHaveLength(1);
      expectNoUntrustedCertificate(d);
      await expect.poll(() => open.size, { timeout: 5_000 }).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'nothing remembered for the address: the CA request that timed out after TLS is not an untrusted certificate but skipped with the same cause',
    async () => {
      const url = await urlOf(silentTls());
      const d = await diagnose({ issuerUrl: url, loginUrl: `${url}/` }, { remembered: false });
      expect(problems(d).map((c) => c.id)).toEqual(['server-response']);
      // It used to be: error, ISSUE-TLS "the server certificate is not trusted: ERR_CANCELED".
      expect(d.check('certificate-present')).toMatchObject({ status: 'not-applicable', evidence: { skippedBecause: 'server-response' } });
      expectSkippedBecause(
        d,
        ['certificate-validity', 'private-key', 'revocation', 'duplicates', 'right-user', 'client-cert-login'],
        'server-response',
      );
      expect(say(d.check('private-key').summary, 'ja')).toBe('「サーバーの応答」の結果により確認できません');
      expectNoUntrustedCertificate(d);
    },
    TEST_TIMEOUT_MS,
  );
});

describe('a login page nobody listens on (the issuing service healthy)', () => {
  it(
    'the network check says refused; the login check is skipped pointing at it, its probe not started',
    async () => {
      // A port that was free a moment ago: connections to it are refused.
      const closed = createNetServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const url = `https://127.0.0.1:${(closed.address() as AddressInfo).port}`;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const d = await diagnose({ issuerUrl: issuer.estUrl, loginUrl: `${url}/` });
      expect(problems(d).map((c) => c.id)).toEqual(['network']);
      expect(d.check('network')).toMatchObject({ codes: ['ISSUE-REFUSED'], evidence: { 'login.errno': 'ECONNREFUSED' } });
      expect(d.check('client-cert-login')).toMatchObject({ status: 'not-applicable', evidence: { skippedBecause: 'network' } });
      expect(say(d.check('client-cert-login').summary, 'ja')).toMatch(
        /^システムのログイン画面 \(127\.0\.0\.1:\d+\) に接続できないため、確認していません \(原因は「名前解決・接続・プロキシ」を参照\)$/,
      );
      // The certificate checks, which only need the issuing service, still work.
      for (const id of ['certificate-present', 'revocation']) expect(d.check(id).status, id).toBe('pass');
      expect(d.spawned).not.toContain('tstclnt');
    },
    TEST_TIMEOUT_MS,
  );
});

describe('the login probe is injectable (the app passes Chromium with the OS store)', () => {
  it(
    'the injected probe logs in instead of tstclnt, with the certificate and login ID; against a silent page it is never called',
    async () => {
      const requests: LoginProbeRequest[] = [];
      const serial = (await user01.list())[0]!.serialNumber;
      const loginProbe: LoginProber = (request) => {
        requests.push(request);
        const body = JSON.stringify({
          loginId: 'user01',
          serialNumber: request.certificate.serialNumber,
          notAfter: '2027-12-05T00:00:00Z',
        });
        return Promise.resolve({ kind: 'answer' as const, tool: 'chromium', answer: { statusCode: 200, headers: {}, body }, notes: {} });
      };
      const healthy = await diagnose({ issuerUrl: issuer.estUrl, loginUrl: issuer.loginUrl }, { remembered: true, loginProbe });
      expect(healthy.check('client-cert-login')).toMatchObject({ status: 'pass', evidence: { tool: 'chromium', httpStatus: 200 } });
      expect(requests).toHaveLength(1);
      expect(requests[0]).toMatchObject({ loginId: 'user01', certificate: { serialNumber: serial } });
      expect(requests[0]!.url.href).toBe(new URL(issuer.loginUrl).href);
      expect(healthy.spawned).not.toContain('tstclnt');

      const url = await urlOf(silentTcp());
      const silent = await diagnose({ issuerUrl: issuer.estUrl, loginUrl: `${url}/` }, { remembered: true, loginProbe });
      expect(silent.check('client-cert-login')).toMatchObject({ status: 'not-applicable', evidence: { skippedBecause: 'tls-handshake' } });
      expect(requests).toHaveLength(1);
    },
    TEST_TIMEOUT_MS,
  );
});
