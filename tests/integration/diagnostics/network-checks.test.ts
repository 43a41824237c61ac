// The network checks (https-address, network, tls-handshake, server-certificate, server-response,
// clock) against real servers on 127.0.0.1: the reference issuing service, a TLS 1.0/1.1-only
// server, an HTTPS-scanning stand-in with its own root, a server whose clock is 3 hours ahead, a
// listener that never answers, an unresolvable name, an http:// address and a CONNECT proxy.
// (A server that completes TLS and then never answers: silent-issuer.test.ts.) Each test
// asserts what the user would see: status, summary, evidence, codes and the FAQ reference.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CheckContext, DiagnosticCheck } from '../../../electron/core/diagnostics/check';
import { clockCheck } from '../../../electron/core/diagnostics/checks/clock';
import { httpsAddressCheck } from '../../../electron/core/diagnostics/checks/https-address';
import { ALL_CHECKS } from '../../../electron/core/diagnostics/checks/index';
import { networkCheck } from '../../../electron/core/diagnostics/checks/network';
import { serverCertificateCheck } from '../../../electron/core/diagnostics/checks/server-certificate';
import { serverResponseCheck } from '../../../electron/core/diagnostics/checks/server-response';
import { tlsHandshakeCheck } from '../../../electron/core/diagnostics/checks/tls-handshake';
import { runChecks, type CheckOutcome, type RunOptions } from '../../../electron/core/diagnostics/engine';
import { buildReport } from '../../../electron/core/diagnostics/report';
import { reportToText } from '../../../electron/core/diagnostics/report-text';
import { environmentProxy, type ProxyResolver } from '../../../electron/core/issuing';
import {
  createSelfSignedCa,
  generateKeyPair,
  issueCertificate,
  randomSerialNumber,
  readCertificate,
  toPem,
} from '../../../electron/core/pki';
import { NssStore } from '../../../electron/core/stores';
import { createDiagnosticsContext, networkTrust } from '../../helpers/diagnostics-context';
import { startTestIssuer, type TestIssuer } from '../../helpers/issuer';
import { LoopbackServers } from '../../helpers/loopback-servers';
import { say, translator } from '../../unit/diagnostics/helpers/message-text';

const NETWORK_CHECKS: readonly DiagnosticCheck[] = [
  httpsAddressCheck,
  networkCheck,
  tlsHandshakeCheck,
  serverCertificateCheck,
  serverResponseCheck,
  clockCheck,
];
const HOUR = 3_600_000;

let issuer: TestIssuer;
let storeDir: string;
let testCa: Identity;
let trust: string[];
const servers = new LoopbackServers();
const ports = { oldTls: 0, scanner: 0, skewed: 0, silent: 0, expired: 0, otherName: 0 };
const silentSockets = new Set<Socket>();

interface Identity {
  readonly caPem: string;
  readonly caName: string;
  issue(params: {
    commonName: string;
    dnsNames?: string[];
    ipAddresses?: string[];
    notBefore?: Date;
    notAfter?: Date;
  }): Promise<{ certPem: string; keyPem: string }>;
}

/** A throw-away CA made with the project's pki, issuing server certificates. */
async function makeCa(caName: string): Promise<Identity> {
  const caKeys = await generateKeyPair('ecdsa-p256');
  const now = Date.now();
  const caDer = await createSelfSignedCa({
    keyPair: caKeys,
    commonName: caName,
    organization: 'Test',
    notBefore: new Date(now - HOUR),
    notAfter: new Date(now + 48 * HOUR),
  });
  const authority = { certificate: readCertificate(caDer), privateKey: caKeys.privateKey };
  return {
    caPem: toPem('CERTIFICATE', caDer),
    caName,
    async issue(p) {
      const keys = await generateKeyPair('ecdsa-p256');
      const der = await issueCertificate({
        authority,
        publicKey: keys.publicKey,
        subjectCommonName: p.commonName,
        serialNumber: randomSerialNumber(),
        notBefore: p.notBefore ?? new Date(now - HOUR),
        notAfter: p.notAfter ?? new Date(now + 24 * HOUR),
        profile: { kind: 'tls-server', dnsNames: p.dnsNames ?? ['localhost'], ipAddresses: p.ipAddresses ?? ['127.0.0.1'] },
      });
      return { certPem: toPem('CERTIFICATE', der), keyPem: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
    },
  };
}

function context(
  overrides: { issuerUrl?: string; loginUrl?: string; timeoutMs?: number; proxy?: ProxyResolver; now?: () => Date } = {},
): Omit<CheckContext, 'result'> {
  return createDiagnosticsContext({
    issuer,
    store: new NssStore({ dbDir: storeDir }),
    trustedCaPem: trust,
    ...(overrides.proxy ? { proxy: overrides.proxy } : {}),
    ...(overrides.now ? { now: overrides.now } : {}),
    settings: {
      ...(overrides.issuerUrl ? { issuerUrl: overrides.issuerUrl } : {}),
      ...(overrides.loginUrl ? { loginUrl: overrides.loginUrl } : {}),
      ...(overrides.timeoutMs ? { timeoutMs: overrides.timeoutMs } : {}),
    },
  });
}

async function diagnose(ctx: Omit<CheckContext, 'result'>, options: RunOptions = {}): Promise<Record<string, CheckOutcome>> {
  const outcomes = await runChecks(NETWORK_CHECKS, ctx, options);
  expect(outcomes.map((o) => o.id)).toEqual(NETWORK_CHECKS.map((c) => c.id).filter((id) => !options.only || options.only.includes(id)));
  return Object.fromEntries(outcomes.map((o) => [o.id, o]));
}

beforeAll(async () => {
  storeDir = await mkdtemp(join(tmpdir(), 'cjs-diag-nss-'));
  issuer = await startTestIssuer();
  testCa = await makeCa('CJS Diagnostics Test Root');
  trust = await networkTrust(issuer.tlsCaPem, testCa.caPem);

  const old = await testCa.issue({ commonName: '127.0.0.1' });
  ports.oldTls = await servers.listen(
    createTlsServer(
      { cert: old.certPem, key: old.keyPem, minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' },
      (s) => s.end(),
    ),
  );

  const scannerCa = await makeCa('Contoso Security HTTPS Scanner Root');
  const scanned = await scannerCa.issue({ commonName: '127.0.0.1' });
  ports.scanner = await servers.listen(createTlsServer({ cert: scanned.certPem, key: scanned.keyPem }, (s) => s.end()));

  const skewed = await testCa.issue({ commonName: '127.0.0.1' });
  ports.skewed = await servers.listen(
    createHttpsServer({ cert: skewed.certPem, key: skewed.keyPem }, (_req, res) => {
      res.setHeader('Date', new Date(Date.now() + 3 * HOUR).toUTCString());
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    }),
  );

  const silent = createNetServer((s) => {
    // Reads (and ignores) the ClientHello, so the client's close is seen; never answers.
    s.resume();
    silentSockets.add(s);
    s.on('close', () => silentSockets.delete(s));
  });
  ports.silent = await servers.listen(silent);

  const expired = await testCa.issue({
    commonName: '127.0.0.1',
    notBefore: new Date(Date.now() - 48 * HOUR),
    notAfter: new Date(Date.now() - 24 * HOUR),
  });
  ports.expired = await servers.listen(createTlsServer({ cert: expired.certPem, key: expired.keyPem }, (s) => s.end()));

  const otherName = await testCa.issue({ commonName: 'www.example.jp', dnsNames: ['www.example.jp'], ipAddresses: [] });
  ports.otherName = await servers.listen(createTlsServer({ cert: otherName.certPem, key: otherName.keyPem }, (s) => s.end()));
});

afterAll(async () => {
  await servers.closeAll();
  await issuer?.stop();
  if (storeDir) await rm(storeDir, { recursive: true, force: true });
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('network checks against the healthy reference issuing service', () => {
  it("all pass, with TLS 1.3, the issuer's TLS root named and the clock in step, for both endpoints", async () => {
    const r = await diagnose(context());
    for (const id of Object.keys(r)) expect(r[id]!.result.status, `${id}: ${say(r[id]!.result.summary, 'en')}`).toBe('pass');
    const issuingHost = new URL(issuer.estUrl);
    const loginHost = new URL(issuer.loginUrl);

    expect(r['https-address']!.faq).toEqual(['Q18(1)', 'Q19(2)']);
    expect(r['https-address']!.result.evidence).toMatchObject({ 'issuing.scheme': 'https', 'login.scheme': 'https' });

    expect(r.network!.faq).toEqual(['Q18(8)', 'Q24']);
    expect(r.network!.result.evidence).toMatchObject({
      endpoints: ['issuing', 'login'],
      'issuing.host': '127.0.0.1',
      'issuing.port': Number(issuingHost.port),
      'issuing.addresses': ['127.0.0.1'],
      'issuing.resolvedBy': 'ip-literal',
      'issuing.proxy': null,
      'login.port': Number(loginHost.port),
      'login.stage': 'connected',
    });
    expect(say(r.network!.result.summary, 'ja')).toContain(`証明書発行サービス: 127.0.0.1:${issuingHost.port} に接続できました (直接接続`);
    // Both endpoints passed: each is named with its own result, in one line.
    expect(say(r.network!.result.summary, 'ja')).toContain(
      ` / システムのログイン画面: 127.0.0.1:${loginHost.port} に接続できました (直接接続`,
    );

    const tls = r['tls-handshake']!;
    expect(tls.faq).toEqual(['Q20', 'Q24(2)']);
    expect(tls.result.evidence).toMatchObject({ 'issuing.protocol': 'TLSv1.3', 'login.protocol': 'TLSv1.3' });
    expect(tls.result.evidence['issuing.cipher']).toMatch(/^TLS_/);
    expect(say(tls.result.summary, 'en')).toContain('TLS 1.3 (TLS_');

    const cert = r['server-certificate']!;
    const tlsRootName = readCertificate(issuer.tlsCaPem).subjectCommonName;
    expect(cert.faq).toEqual(['Q18(8)', 'Q24(4)']);
    expect(cert.result.evidence).toMatchObject({
      'issuing.verified': true,
      'issuing.peerRootCommonName': tlsRootName,
      'login.verified': true,
    });
    expect(cert.result.evidence['issuing.issuerChain']).toContain(tlsRootName);
    expect(say(cert.result.summary, 'ja')).toContain(`ルート: ${tlsRootName}`);

    const response = r['server-response']!;
    expect(response.faq).toEqual(['Q24']);
    // Any HTTP status is an answer (the service's errors are the certificate checks' to explain).
    expect(response.result.evidence).toMatchObject({ 'issuing.answer': 'answered', 'login.answer': 'answered' });
    expect(typeof response.result.evidence['issuing.httpStatus']).toBe('number');
    expect(say(response.result.summary, 'ja')).toContain(`証明書発行サービス: 127.0.0.1:${issuingHost.port} から応答がありました (`);

    const clock = r.clock!;
    expect(clock.faq).toEqual(['Q9', 'Q21']);
    expect(Math.abs(clock.result.evidence.offsetSeconds as number)).toBeLessThanOrEqual(2);
    expect(clock.result.evidence).toMatchObject({ endpoint: 'issuing', host: '127.0.0.1' });
    expect(say(clock.result.summary, 'ja')).toContain('PC の時計は正確です');
    expect(clock.result.advice).toBeUndefined();
  });

  it('resolves a host name with DNS and reports every address it resolved to', async () => {
    const port = new URL(issuer.estUrl).port;
    const r = await diagnose(context({ issuerUrl: `https://localhost:${port}` }), {
      only: ['network', 'tls-handshake', 'server-certificate'],
    });
    expect(r.network!.result.status).toBe('pass');
    expect(r.network!.result.evidence['issuing.resolvedBy']).toBe('dns');
    expect(r.network!.result.evidence['issuing.addresses']).toContain('127.0.0.1');
    expect(r.network!.result.evidence['issuing.connectedAddress']).toBe('127.0.0.1');
    // The certificate names localhost: verified for the name.
    expect(r['server-certificate']!.result.status).toBe('pass');
  });

  it('is part of ALL_CHECKS, first and in the order of the product table', () => {
    expect(ALL_CHECKS.slice(0, 6).map((c) => c.id)).toEqual([
      'https-address',
      'network',
      'tls-handshake',
      'server-certificate',
      // Before the clock, which reads the server's Date from the same shared answer.
      'server-response',
      'clock',
    ]);
  });
});

describe('address problems', () => {
  it('an http:// address fails with ISSUE-HTTP-URL and advice to use https://; the rest is not checked', async () => {
    const r = await diagnose(context({ issuerUrl: 'http://127.0.0.1:8443' }));
    const address = r['https-address']!.result;
    expect(address.status).toBe('fail');
    expect(address.codes).toEqual(['ISSUE-HTTP-URL']);
    expect(say(address.summary, 'ja')).toContain('アドレスが「http://」になっています: http://127.0.0.1:8443/');
    expect(say(address.advice, 'ja')).toContain('「https://」で始まるもの (例: https://127.0.0.1:8443/)');
    expect(address.evidence).toMatchObject({ 'issuing.scheme': 'http', 'login.scheme': 'https' });
    for (const id of ['network', 'tls-handshake', 'server-certificate', 'clock']) {
      expect(r[id]!.result.status).toBe('not-applicable');
    }
    expect(r.network!.result.evidence.skippedBecause).toBe('https-address');
    expect(r.clock!.result.evidence.skippedBecause).toBe('server-certificate');

    const text = reportToText(
      buildReport(Object.values(r), { now: new Date(), platform: 'linux', issuerUrl: 'http://127.0.0.1:8443', loginUrl: issuer.loginUrl }),
      translator('ja'),
      'ja',
    );
    expect(text).toContain('[✗] https アドレス');
    expect(text).toContain('エラーコード: ISSUE-HTTP-URL');
    expect(text).toContain('FAQ: Q18(1), Q19(2)');
    expect(text).toContain('[–] 名前解決・接続・プロキシ');
  });

  it('an unparsable address and one with a password fail with ISSUE-BAD-URL, the password never shown', async () => {
    const r = await diagnose(context({ issuerUrl: 'cjs-rokin の発行画面', loginUrl: 'https://user01:secret-pw@127.0.0.1:8444/' }), {
      only: ['https-address'],
    });
    const result = r['https-address']!.result;
    expect(result.status).toBe('fail');
    expect(result.codes).toEqual(['ISSUE-BAD-URL']);
    expect(say(result.summary, 'en')).toContain('The address cannot be parsed: "cjs-rokin の発行画面"');
    expect(JSON.stringify(result)).not.toContain('secret-pw');
    expect(result.evidence['login.hasCredentials']).toBe(true);
  });

  it('an unresolvable name fails at the DNS stage with ENOTFOUND explained; TLS, certificate and clock are skipped', async () => {
    const r = await diagnose(context({ issuerUrl: 'https://cjs.invalid:8443' }));
    const net = r.network!.result;
    expect(net.status).toBe('fail');
    // The issuing client's code for the same cause (transport-errors.ts).
    expect(net.codes).toEqual(['ISSUE-DNS']);
    expect(net.evidence).toMatchObject({
      'issuing.host': 'cjs.invalid',
      'issuing.port': 8443,
      'issuing.stage': 'dns',
      'issuing.errno': 'ENOTFOUND',
      'login.stage': 'connected',
    });
    expect(say(net.summary, 'ja')).toMatch(/^証明書発行サービス: 名前解決できません: cjs\.invalid \(ENOTFOUND/);
    expect(say(net.advice, 'ja')).toContain('FAQ Q18(8)');
    for (const id of ['tls-handshake', 'server-certificate', 'clock']) {
      expect(r[id]!.result.status).toBe('not-applicable');
    }
    expect(r['tls-handshake']!.result.evidence.skippedBecause).toBe('network');
    expect(r['server-certificate']!.result.evidence.skippedBecause).toBe('tls-handshake');
    expect(r.clock!.result.evidence.skippedBecause).toBe('server-certificate');
  });

  it('a closed port is reported as refused', async () => {
    const probe = createNetServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const r = await diagnose(context({ issuerUrl: `https://127.0.0.1:${port}` }), { only: ['network'] });
    expect(r.network!.result.evidence).toMatchObject({ 'issuing.stage': 'connect', 'issuing.errno': 'ECONNREFUSED' });
    expect(say(r.network!.result.summary, 'ja')).toContain(`127.0.0.1:${port} への接続が拒否されました`);
    // The host answered "no": the way there works, so it is not blamed on the user's network (the
    // old advice sent the user to the network administrator); the service is down or the port wrong.
    expect(r.network!.result.actions).toEqual([{ kind: 'contact', actor: 'bank', reason: 'service-down' }]);
    expect(say(r.network!.result.advice, 'ja')).not.toContain('ネットワーク管理者');
    expect(say(r.network!.result.advice, 'ja')).toContain('サービスが停止している可能性');
    expect(r.network!.faq).toEqual(['Q18(8)', 'Q24']);
  });
});

describe('TLS problems', () => {
  it('a server offering only TLS 1.0/1.1 fails tls-handshake naming the old version; the login page still passes', async () => {
    const r = await diagnose(context({ issuerUrl: `https://127.0.0.1:${ports.oldTls}` }));
    expect(r.network!.result.status).toBe('pass');
    const tls = r['tls-handshake']!.result;
    expect(tls.status).toBe('fail');
    expect(tls.codes).toEqual(['ISSUE-TLS-HANDSHAKE']);
    expect(tls.evidence).toMatchObject({ 'issuing.offeredProtocol': 'TLSv1.1', 'issuing.protocol': null, 'login.protocol': 'TLSv1.3' });
    expect(tls.evidence['issuing.tlsError']).toMatch(/^ERR_SSL_/);
    expect(say(tls.summary, 'ja')).toContain('証明書発行サービス: サーバーは古い TLS 1.1 しか使えません');
    // The worst endpoint speaks for the check; the login page's own result is in its evidence (above).
    expect(say(tls.advice, 'en')).toContain('FAQ Q20, Q24(2)');
    expect(r['tls-handshake']!.faq).toContain('Q20');
    expect(r['server-certificate']!.result.evidence.skippedBecause).toBe('tls-handshake');
  });

  it("a listener that accepts TCP and never answers fails within the check's timeout, explained", async () => {
    const started = performance.now();
    const r = await diagnose(context({ issuerUrl: `https://127.0.0.1:${ports.silent}`, timeoutMs: 1_500 }));
    const elapsed = performance.now() - started;
    expect(r.network!.result.status).toBe('pass');
    const tls = r['tls-handshake']!.result;
    expect(tls.status).toBe('fail');
    expect(tls.codes).toEqual(['ISSUE-TIMEOUT']);
    expect(say(tls.summary, 'ja')).toContain(`127.0.0.1:${ports.silent} は接続を受け付けましたが、TLS の応答が 2 秒以内にありません`);
    expect(tls.evidence).toMatchObject({ 'issuing.tlsError': 'ETIMEDOUT', 'issuing.handshakeTimeoutMs': 1_500 });
    expect(r['tls-handshake']!.faq).toEqual(['Q20', 'Q24(2)']);
    expect(say(tls.advice, 'ja')).toContain('(FAQ Q24(4))');
    expect(elapsed).toBeGreaterThanOrEqual(1_400);
    expect(elapsed).toBeLessThan(4_000);
    await expect.poll(() => silentSockets.size, { timeout: 2_000 }).toBe(0);
  });

  it('server-certificate alone against that listener: its own deadline is a timeout, never a certificate problem (issue 9, 2)', async () => {
    const r = await diagnose(context({ issuerUrl: `https://127.0.0.1:${ports.silent}`, timeoutMs: 1_500 }), {
      only: ['server-certificate'],
    });
    const cert = r['server-certificate']!.result;
    expect(cert).toMatchObject({ status: 'fail', codes: ['ISSUE-TIMEOUT'], evidence: { 'issuing.tlsError': 'ETIMEDOUT' } });
    expect(say(cert.summary, 'en')).not.toMatch(/trusted|inspection/i);
    await expect.poll(() => silentSockets.size, { timeout: 2_000 }).toBe(0);
  });

  it("when the engine's per-check timeout comes first, the check is aborted and its socket destroyed", async () => {
    const started = performance.now();
    const r = await diagnose(context({ issuerUrl: `https://127.0.0.1:${ports.silent}` }), { perCheckTimeoutMs: 700 });
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(r['tls-handshake']!.result.status).toBe('error');
    expect(r['tls-handshake']!.result.codes).toEqual(['DIAG-TIMEOUT']);
    // The abort reached the check: nothing is left connected to the silent server.
    await expect.poll(() => silentSockets.size, { timeout: 2_000 }).toBe(0);
  });
});

describe('server certificate problems', () => {
  it('a certificate from another root names it as possible HTTPS inspection by security software', async () => {
    const r = await diagnose(context({ issuerUrl: `https://127.0.0.1:${ports.scanner}` }));
    expect(r['tls-handshake']!.result.status).toBe('pass');
    const cert = r['server-certificate']!;
    expect(cert.result.status).toBe('fail');
    expect(cert.faq).toEqual(['Q18(8)', 'Q24(4)']);
    expect(cert.result.codes).toEqual(['ISSUE-TLS']);
    expect(say(cert.result.summary, 'ja')).toContain(
      'セキュリティ対策ソフトの HTTPS 検査 (発行者: Contoso Security HTTPS Scanner Root) の可能性',
    );
    expect(say(cert.result.summary, 'en')).toContain(
      'possibly HTTPS inspection by security software (issuer: Contoso Security HTTPS Scanner Root)',
    );
    expect(cert.result.evidence).toMatchObject({
      'issuing.verified': false,
      'issuing.peerSubjectCommonName': '127.0.0.1',
      'issuing.peerIssuerCommonName': 'Contoso Security HTTPS Scanner Root',
      'issuing.peerRootCommonName': 'Contoso Security HTTPS Scanner Root',
      'login.verified': true,
    });
    expect(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'SELF_SIGNED_CERT_IN_CHAIN']).toContain(
      cert.result.evidence['issuing.tlsError'],
    );
    expect(say(cert.result.advice, 'ja')).toContain('FAQ Q24(4)');
    expect(r.clock!.result.evidence.skippedBecause).toBe('server-certificate');
  });

  it('an expired server certificate is explained with its date and the PC clock', async () => {
    const r = await diagnose(context({ issuerUrl: `https://127.0.0.1:${ports.expired}` }), { only: ['server-certificate'] });
    const cert = r['server-certificate']!.result;
    expect(cert.status).toBe('fail');
    expect(cert.evidence['issuing.tlsError']).toBe('CERT_HAS_EXPIRED');
    expect(say(cert.summary, 'ja')).toContain('サーバー証明書は期限切れです');
    expect(say(cert.advice, 'ja')).toContain('PC の日付と時刻');
  });

  it('a certificate for another name is explained as a name mismatch', async () => {
    const r = await diagnose(context({ issuerUrl: `https://127.0.0.1:${ports.otherName}` }), { only: ['server-certificate'] });
    const cert = r['server-certificate']!.result;
    expect(cert.status).toBe('fail');
    expect(cert.evidence['issuing.tlsError']).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(say(cert.summary, 'en')).toContain('certificate is for other names (DNS:www.example.jp), not for 127.0.0.1');
  });
});

describe('clock', () => {
  it('a server 3 hours ahead: the PC clock is reported 3 hours behind and fails', async () => {
    const url = `https://127.0.0.1:${ports.skewed}/`;
    const r = await diagnose(context({ issuerUrl: url, loginUrl: url }));
    for (const id of ['https-address', 'network', 'tls-handshake', 'server-certificate']) expect(r[id]!.result.status).toBe('pass');
    const clock = r.clock!.result;
    expect(clock.status).toBe('fail');
    expect(clock.codes).toEqual(['DIAG-CLOCK-SKEW']);
    expect(Math.abs((clock.evidence.offsetSeconds as number) + 3 * 3600)).toBeLessThanOrEqual(3);
    expect(typeof clock.evidence.serverDate).toBe('string');
    expect(typeof clock.evidence.localDate).toBe('string');
    expect(say(clock.summary, 'ja')).toMatch(/PC の時計がサーバーより (3 時間 0 分|2 時間 59 分) 遅れています/);
    expect(say(clock.advice, 'en')).toContain('A wrong clock makes valid certificates look expired or not yet valid (FAQ Q9, Q21)');
    // One origin: the login page is the same server, checked once.
    expect(r.network!.result.evidence.endpoints).toEqual(['issuing']);
  });

  it('4 minutes off is a warning', async () => {
    const url = `https://127.0.0.1:${ports.skewed}/`;
    const now = () => new Date(Date.now() + 3 * HOUR - 4 * 60_000);
    const r = await diagnose(context({ issuerUrl: url, loginUrl: url, now }), { only: ['clock'] });
    expect(r.clock!.result.status).toBe('warn');
    expect(say(r.clock!.result.summary, 'en')).toMatch(/This PC's clock is (4|3) min \d+ s behind the server's/);
  });
});

describe('proxy', () => {
  const useProxy = (url: string): void => {
    for (const name of ['HTTPS_PROXY', 'https_proxy']) vi.stubEnv(name, url);
    for (const name of ['NO_PROXY', 'no_proxy']) vi.stubEnv(name, '');
  };

  it('the proxy from HTTPS_PROXY is used for every check and reported with its source', async () => {
    const proxy = await servers.startConnectProxy();
    useProxy(proxy.url);
    const r = await diagnose(context({ proxy: environmentProxy }));
    for (const id of Object.keys(r)) expect(r[id]!.result.status, `${id}: ${say(r[id]!.result.summary, 'en')}`).toBe('pass');
    expect(r.network!.result.evidence).toMatchObject({
      'issuing.proxy': proxy.url,
      'issuing.proxySource': 'environment',
      'issuing.resolvedBy': 'proxy',
      'login.proxy': proxy.url,
    });
    expect(say(r.network!.result.summary, 'ja')).toContain(`プロキシ ${proxy.url} 経由 (環境変数 HTTPS_PROXY)`);
    expect(r['tls-handshake']!.result.evidence['issuing.proxy']).toBe(proxy.url);
    const issuingHost = new URL(issuer.estUrl).host;
    const loginHost = new URL(issuer.loginUrl).host;
    expect(proxy.connects).toContain(issuingHost);
    expect(proxy.connects).toContain(loginHost);
    // network, tls-handshake, server-certificate, and the one request whose answer server-response
    // and the clock share, per endpoint: 4 tunnels to the issuing service.
    expect(proxy.connects.filter((c) => c === issuingHost).length).toBe(4);
    expect(proxy.connects.filter((c) => c === loginHost).length).toBe(4);
  });

  it('a proxy refusing CONNECT fails the network check with ISSUE-PROXY and the status', async () => {
    const proxy = await servers.startConnectProxy({ refuse: 403 });
    useProxy(proxy.url);
    const r = await diagnose(context({ proxy: environmentProxy }));
    const net = r.network!.result;
    expect(net.status).toBe('fail');
    expect(net.codes).toEqual(['ISSUE-PROXY']);
    expect(net.evidence).toMatchObject({
      'issuing.stage': 'proxy-refused',
      'issuing.proxyStatus': 403,
      'issuing.proxySource': 'environment',
    });
    expect(say(net.summary, 'ja')).toContain(`プロキシ ${proxy.url} が ${new URL(issuer.estUrl).host} への接続を拒否しました (403)`);
    expect(r['tls-handshake']!.result.evidence.skippedBecause).toBe('network');
  });

  it('a proxy asking for authentication (407) is ISSUE-PROXY-AUTH with the authentication advice, as the issuing client says it', async () => {
    const proxy = await servers.startConnectProxy({ refuse: 407 });
    useProxy(proxy.url);
    const net = (await diagnose(context({ proxy: environmentProxy }), { only: ['network'] })).network!.result;
    expect(net).toMatchObject({ status: 'fail', codes: ['ISSUE-PROXY-AUTH'], evidence: { 'issuing.proxyStatus': 407 } });
    expect(net.advice?.key).toMatch(/advice\.proxyAuth$/);
  });

  it('a proxy address nothing listens on fails at the proxy-connect stage; credentials in it are never shown', async () => {
    const probe = createNetServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const r = await diagnose(context({ proxy: () => Promise.resolve(`http://proxyuser:proxy-secret@127.0.0.1:${port}`) }), {
      only: ['network'],
    });
    const net = r.network!.result;
    expect(net.status).toBe('fail');
    expect(net.codes).toEqual(['ISSUE-PROXY-UNREACHABLE']);
    expect(net.evidence).toMatchObject({
      'issuing.stage': 'proxy-connect',
      'issuing.errno': 'ECONNREFUSED',
      'issuing.proxy': `http://127.0.0.1:${port}`,
      'issuing.proxySource': 'configured',
    });
    expect(JSON.stringify(net)).not.toContain('proxy-secret');
  });
});
