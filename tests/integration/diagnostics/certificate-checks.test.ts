// The certificate checks against a REAL issuing service (EST, CRL, login endpoint) and a REAL NSS
// store in a throw-away HOME, run through the real engine. Certificates come from real EST
// enrollments, or — for the states the issuer would not produce today (expired, not yet valid,
// a second one for the same user) — are signed with the issuer's own CA key from its data dir.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckContext } from '../../../electron/core/diagnostics/check';
import { certificatePresentCheck } from '../../../electron/core/diagnostics/checks/certificate-present';
import { certificateValidityCheck } from '../../../electron/core/diagnostics/checks/certificate-validity';
import { clientCertLoginCheck } from '../../../electron/core/diagnostics/checks/client-cert-login';
import { duplicatesCheck } from '../../../electron/core/diagnostics/checks/duplicates';
import { privateKeyCheck } from '../../../electron/core/diagnostics/checks/private-key';
import { revocationCheck } from '../../../electron/core/diagnostics/checks/revocation';
import { rightUserCheck } from '../../../electron/core/diagnostics/checks/right-user';
import { runChecks, type CheckOutcome, type RunOptions } from '../../../electron/core/diagnostics/engine';
import { maskReport } from '../../../electron/core/diagnostics/masking';
import { buildReport } from '../../../electron/core/diagnostics/report';
import { reportToText } from '../../../electron/core/diagnostics/report-text';
import {
  buildPkcs12,
  generateKeyPair,
  issueCertificate,
  randomPkcs12Password,
  randomSerialNumber,
  readCertificate,
  toPem,
  type CertificateInfo,
  type KeyPair,
  type SigningAuthority,
} from '../../../electron/core/pki';
import { runProcess } from '../../../electron/core/platform/process-runner';
import { NssStore } from '../../../electron/core/stores';
import { freshHome } from '../../helpers/cli-process';
import { createDiagnosticsContext } from '../../helpers/diagnostics-context';
import { enroll } from '../../helpers/est-client';
import { DEMO_PASSWORD, httpsCall, startTestIssuer, type TestIssuer } from '../../helpers/issuer';
import { say, translator, unmarkedEvidence } from '../../unit/diagnostics/helpers/message-text';

const CERT_CHECKS = [
  certificatePresentCheck,
  certificateValidityCheck,
  privateKeyCheck,
  revocationCheck,
  duplicatesCheck,
  rightUserCheck,
  clientCertLoginCheck,
];
const DAY = 86_400_000;

let issuer: TestIssuer;
let ca: SigningAuthority;
const homes: string[] = [];

beforeAll(async () => {
  issuer = await startTestIssuer();
  const [certPem, keyPem] = await Promise.all([readFile(issuer.caCertPath, 'utf8'), readFile(join(issuer.dataDir, 'ca-key.pem'), 'utf8')]);
  const { createPrivateKey } = await import('node:crypto');
  ca = { certificate: readCertificate(certPem), privateKey: createPrivateKey(keyPem) };
});
afterAll(async () => {
  await issuer?.stop();
  await Promise.all(homes.map((h) => rm(h, { recursive: true, force: true })));
});

async function newStore(): Promise<NssStore> {
  const home = await freshHome('cjs-diag-');
  homes.push(home);
  const store = new NssStore({ home });
  await store.preCheck(); // creates the empty database, as a first run of the app does
  return store;
}

async function install(
  store: NssStore,
  key: KeyPair,
  certificate: CertificateInfo,
  caCert: CertificateInfo = ca.certificate,
): Promise<void> {
  const password = randomPkcs12Password();
  const friendlyName = `ろうきん賃金控除 ${certificate.subjectCommonName ?? ''} ${certificate.serialNumber.slice(-8)}`;
  const pkcs12 = buildPkcs12({ privateKey: key.privateKey, certificate: certificate.der, chain: [caCert.der], friendlyName, password });
  await store.install({ pkcs12, password, certificate, friendlyName });
}

/** A real EST enrollment (password + CSR), installed as the app installs it. */
async function enrollInto(store: NssStore, loginId: string, from: TestIssuer = issuer): Promise<CertificateInfo> {
  const enrolled = await enroll(from, loginId);
  const caCert = readCertificate(await readFile(from.caCertPath, 'utf8'));
  await install(store, enrolled.keyPair, enrolled.certificate, caCert);
  return enrolled.certificate;
}

/** Signed with the issuer's CA key directly, for dates the service would not give. */
async function signed(loginId: string, notBefore: Date, notAfter: Date): Promise<{ key: KeyPair; certificate: CertificateInfo }> {
  const key = await generateKeyPair('rsa-2048');
  const der = await issueCertificate({
    authority: ca,
    publicKey: key.publicKey,
    subjectCommonName: loginId,
    serialNumber: randomSerialNumber(),
    notBefore,
    notAfter,
    profile: { kind: 'tls-client' },
  });
  return { key, certificate: readCertificate(der) };
}

async function run(
  store: NssStore,
  options: {
    loginId?: string;
    only?: string[];
    fix?: boolean;
    context?: (c: Omit<CheckContext, 'result'>) => Omit<CheckContext, 'result'>;
  } = {},
): Promise<Map<string, CheckOutcome>> {
  const base = createDiagnosticsContext({ issuer, store, loginId: options.loginId });
  const context = options.context ? options.context(base) : base;
  const runOptions: RunOptions = {
    deadlineMs: 90_000,
    perCheckTimeoutMs: 30_000,
    ...(options.only ? { only: options.only } : {}),
    ...(options.fix ? { fix: true } : {}),
  };
  const outcomes = await runChecks(CERT_CHECKS, context, runOptions);
  return new Map(outcomes.map((o) => [o.id, plain(o)]));
}

/** The outcome as the user's own screen shows it: personal marks taken off the evidence. */
function plain(o: CheckOutcome): CheckOutcome {
  return { ...o, result: { ...o.result, evidence: unmarkedEvidence(o.result.evidence) as CheckOutcome['result']['evidence'] } };
}

/** The lines the user reads for one check in the exported text report (Japanese). */
const reportLines = (outcome: CheckOutcome): string[] =>
  reportToText(
    buildReport([outcome], { now: new Date(), platform: 'linux', issuerUrl: issuer.estUrl, loginUrl: issuer.loginUrl }),
    translator('ja'),
    'ja',
  ).split('\n');

const get = (outcomes: Map<string, CheckOutcome>, id: string): CheckOutcome => {
  const o = outcomes.get(id);
  if (!o) throw new Error(`no outcome for ${id}`);
  return o;
};

describe('certificate checks: an empty store', () => {
  it('certificate-present fails with the enrol advice; the dependent checks are skipped', async () => {
    const outcomes = await run(await newStore(), { loginId: 'user01' });
    const present = get(outcomes, 'certificate-present');
    expect(present.faq).toEqual(['Q19(1)', 'Q22']);
    expect(present.result).toMatchObject({ status: 'fail', codes: ['CERT-NOT-INSTALLED'], evidence: { count: 0, storeKind: 'nss' } });
    // The situation model's next step: obtain one for the login ID the user gave.
    expect(present.result.actions).toEqual([{ kind: 'enroll', loginId: 'user01' }]);
    expect(say(present.result.advice, 'ja')).toContain('ログイン ID とパスワード');
    expect(say(present.result.advice, 'en')).toContain('OS reinstall');
    for (const id of ['certificate-validity', 'private-key', 'revocation', 'duplicates', 'right-user', 'client-cert-login']) {
      expect(get(outcomes, id).result).toMatchObject({ status: 'not-applicable', evidence: { skippedBecause: 'certificate-present' } });
    }
  });
});

describe('certificate checks: a real enrollment, then the master deletes the user', () => {
  let store: NssStore;
  let cert: CertificateInfo;
  beforeAll(async () => {
    store = await newStore();
    cert = await enrollInto(store, 'user01');
  });

  it('every certificate check passes, and the real login with tstclnt answers user01 with this serial', async () => {
    const outcomes = await run(store, { loginId: 'user01' });
    for (const o of outcomes.values()) expect(o.result.status, `${o.id}: ${JSON.stringify(o.result)}`).toBe('pass');
    expect(get(outcomes, 'certificate-present').result.evidence).toMatchObject({ count: 1, serialNumbers: [cert.serialNumber] });
    const validity = get(outcomes, 'certificate-validity');
    expect(validity.faq).toEqual(['Q7', 'Q8', 'Q9', 'Q10', 'Q15', 'Q21(1)']);
    expect(validity.result.evidence).toMatchObject({
      serialNumber: cert.serialNumber,
      state: 'valid',
      daysLeft: 365,
      loginId: 'user01',
      subject: 'CN=user01',
    });
    expect(say(validity.result.summary, 'ja')).toContain('あと 365 日');
    expect(get(outcomes, 'private-key').result.evidence).toMatchObject({ hasPrivateKey: true, serialNumber: cert.serialNumber });
    expect(get(outcomes, 'revocation').result.evidence).toMatchObject({ crlAvailable: true, revokedSerials: [] });
    expect(get(outcomes, 'duplicates').result.evidence).toMatchObject({ usableSerials: [cert.serialNumber], staleSerials: [] });
    expect(get(outcomes, 'right-user').result.evidence).toMatchObject({ loginId: 'user01', expectedLoginId: 'user01' });
    const login = get(outcomes, 'client-cert-login');
    expect(login.faq).toEqual(['Q19', 'Q21']);
    expect(login.result.evidence).toMatchObject({
      tool: 'tstclnt',
      httpStatus: 200,
      loginId: 'user01',
      serialNumber: cert.serialNumber,
      clientCertLoaded: true,
    });
    // The test service's TLS root is in no NSS DB: -o lets the handshake go on, and NSS's verdict is reported.
    expect(login.result.evidence.nssServerTrust).toMatch(/-8179/);

    // The exported report masks the login ID everywhere, but keeps serials and statuses.
    const masked = JSON.stringify(
      maskReport(
        buildReport([...outcomes.values()], {
          now: new Date(),
          platform: 'linux',
          issuerUrl: issuer.estUrl,
          loginUrl: issuer.loginUrl,
          loginId: 'user01',
        }),
      ),
    );
    expect(masked).not.toContain('user01');
    expect(masked).toContain(cert.serialNumber);
  });

  it('without a login ID, right-user is not applicable', async () => {
    const outcomes = await run(store, { only: ['right-user'] });
    expect(get(outcomes, 'right-user').result.status).toBe('not-applicable');
    expect(say(get(outcomes, 'right-user').result.summary, 'ja')).toBe('ログイン ID が指定されていません');
  });

  it('a CRL that cannot be obtained makes revocation a warning with the reason, not a pass', async () => {
    const outcomes = await run(store, {
      only: ['revocation'],
      // Constructed failure: the shared facts' CRL fetch rejects as it does when /crl is down.
      context: (c) => ({
        ...c,
        shared: { ...c.shared, revokedSerials: () => Promise.reject(new Error('the CRL could not be fetched: HTTP 503')) },
      }),
    });
    expect(get(outcomes, 'revocation').result).toMatchObject({
      status: 'warn',
      codes: ['CRL-UNAVAILABLE'],
      evidence: { crlAvailable: false, reason: expect.stringContaining('503') as string },
    });
  });

  it('after DELETE /api/v1/users/user01: revocation fails from the CRL, and the real login is refused with CJS-E-CERT-REVOKED', async () => {
    const del = await httpsCall(issuer.estUrl, issuer.tlsCaPem, {
      method: 'DELETE',
      path: '/api/v1/users/user01',
      auth: { loginId: 'master01', password: DEMO_PASSWORD },
    });
    expect(del.status).toBe(204);
    const outcomes = await run(store, { loginId: 'user01' });
    const revocation = get(outcomes, 'revocation');
    expect(revocation.faq).toEqual(['Q12', 'Q13']);
    expect(revocation.result).toMatchObject({
      status: 'fail',
      codes: ['CJS-E-CERT-REVOKED'],
      evidence: { state: 'revoked', revokedSerials: [cert.serialNumber] },
    });
    expect(say(revocation.result.advice, 'ja')).toContain('マスターユーザー');
    expect(say(revocation.result.advice, 'ja')).toContain('労金');
    const login = get(outcomes, 'client-cert-login');
    expect(login.result).toMatchObject({
      status: 'fail',
      codes: ['CJS-E-CERT-REVOKED'],
      evidence: { httpStatus: 403, code: 'CJS-E-CERT-REVOKED', tool: 'tstclnt' },
    });
    expect(say(login.result.advice, 'en')).toContain('master user');
    // The revoked certificate is stale: duplicates offers to remove it.
    expect(get(outcomes, 'duplicates').result).toMatchObject({
      status: 'warn',
      codes: ['CERT-STALE'],
      evidence: { staleSerials: [cert.serialNumber] },
    });
    expect(get(outcomes, 'duplicates').fixable).toBe(true);

    // Issue 7, "Why": the validity check no longer says "有効です" next to "revoked". It fails
    // like the revocation check, and both give the situation model's one next step.
    const validity = get(outcomes, 'certificate-validity');
    expect(validity.result).toMatchObject({ status: 'fail', codes: ['CJS-E-CERT-REVOKED'], evidence: { state: 'revoked' } });
    expect(say(validity.result.summary, 'ja')).not.toMatch(/有効です/);
    expect(say(validity.result.summary, 'ja')).toContain('失効');
    const revokedActions = [
      // The situation's request carries the serial for a master user's request to the bank.
      expect.objectContaining({ kind: 'contact', actor: 'master', reason: 'revoked' }),
      { kind: 'enroll', loginId: 'user01' },
    ];
    for (const id of ['certificate-validity', 'revocation', 'client-cert-login']) {
      expect(get(outcomes, id).result.actions, id).toEqual(revokedActions);
    }
  });
});

describe('certificate checks: dates', () => {
  it('an expired certificate fails validity (Q9/Q10); the duplicates fix removes it and the re-check passes', async () => {
    const store = await newStore();
    const { key, certificate } = await signed('user01', new Date(Date.now() - 400 * DAY), new Date(Date.now() - 3.5 * DAY));
    await install(store, key, certificate);
    expect((await store.list()).map((c) => c.serialNumber)).toContain(certificate.serialNumber);

    // Issue 7, "Why": `renew` was advised in one check and `enroll` in another for the same
    // expired certificate. Every check now takes its next step from the one situation model.
    const diagnosed = await run(store, { loginId: 'user01' });
    const steps = [...diagnosed.values()].flatMap((o) => o.result.actions ?? []);
    expect(steps.filter((a) => a.kind === 'renew')).toEqual([]);
    expect(get(diagnosed, 'certificate-validity').result.actions).toEqual([{ kind: 'enroll', loginId: 'user01' }]);
    expect(get(diagnosed, 'right-user').result.actions).toEqual([{ kind: 'enroll', loginId: 'user01' }]);
    for (const o of diagnosed.values()) expect(say(o.result.advice, 'en'), o.id).not.toMatch(/\brenew\b/i);

    const outcomes = await run(store, {
      loginId: 'user01',
      only: ['certificate-present', 'certificate-validity', 'duplicates'],
      fix: true,
    });
    const validity = get(outcomes, 'certificate-validity');
    expect(validity.result).toMatchObject({
      status: 'fail',
      codes: ['CJS-E-CERT-EXPIRED'],
      evidence: { serialNumber: certificate.serialNumber, dateState: 'expired', daysLeft: -4 },
    });
    expect(say(validity.result.advice, 'ja')).toContain('ログイン ID とパスワード');
    expect(validity.result.actions).toEqual([{ kind: 'enroll', loginId: 'user01' }]);
    // Q9 (expired: cannot log in) and Q10 (obtain a new one) are what the user is pointed to.
    expect(validity.faq).toEqual(expect.arrayContaining(['Q9', 'Q10']));
    expect(reportLines(validity)).toContain('    FAQ: Q7, Q8, Q9, Q10, Q15, Q21(1)');
    const duplicates = get(outcomes, 'duplicates');
    expect(duplicates.fix).toMatchObject({ before: 'warn', applied: true });
    expect(duplicates.result).toMatchObject({ status: 'pass', evidence: { count: 0 } });
    expect(await store.list()).toEqual([]);
  });

  it('a certificate whose validity starts in the future fails validity with the PC clock advice (Q21)', async () => {
    const store = await newStore();
    const { key, certificate } = await signed('user01', new Date(Date.now() + 2 * DAY), new Date(Date.now() + 300 * DAY));
    await install(store, key, certificate);
    const outcomes = await run(store, { only: ['certificate-present', 'certificate-validity'] });
    const outcome = get(outcomes, 'certificate-validity');
    const validity = outcome.result;
    expect(validity).toMatchObject({
      status: 'fail',
      codes: ['CERT-NOT-YET-VALID'],
      evidence: { state: 'not-yet-valid', serialNumber: certificate.serialNumber },
    });
    expect(say(validity.advice, 'ja')).toContain('日付と時刻');
    expect(outcome.faq).toContain('Q21(1)');
    expect(reportLines(outcome)).toEqual(
      expect.arrayContaining(['    エラーコード: CERT-NOT-YET-VALID', '    FAQ: Q7, Q8, Q9, Q10, Q15, Q21(1)']),
    );
  });

  it('inside the renewal window (20-day certificates): validity warns with `renew` as the next step (Q8); the login still works', async () => {
    const shortIssuer = await startTestIssuer({ policy: { validityDays: 20 } });
    try {
      const store = await newStore();
      const cert = await enrollInto(store, 'user02', shortIssuer);
      const context = createDiagnosticsContext({ issuer: shortIssuer, store, loginId: 'user02' });
      const outcomes = new Map(
        (await runChecks(CERT_CHECKS, context, { deadlineMs: 90_000, perCheckTimeoutMs: 30_000 })).map((o) => [o.id, plain(o)]),
      );
      const outcome = get(outcomes, 'certificate-validity');
      const validity = outcome.result;
      expect(validity).toMatchObject({ status: 'warn', evidence: { state: 'expiring', daysLeft: 19, serialNumber: cert.serialNumber } });
      // Q7 (the 30-day notice) and Q8 (renewal from 30 days before expiry).
      expect(outcome.faq).toEqual(expect.arrayContaining(['Q7', 'Q8']));
      expect(reportLines(outcome)).toContain('    FAQ: Q7, Q8, Q9, Q10, Q15, Q21(1)');
      expect(validity.actions).toEqual([{ kind: 'renew', loginId: 'user02' }]);
      expect(say(validity.advice, 'ja')).toContain('期限が切れる前に更新してください');
      expect(say(validity.advice, 'en')).toContain('30 days before expiry');
      expect(get(outcomes, 'client-cert-login').result).toMatchObject({
        status: 'pass',
        evidence: { loginId: 'user02', serialNumber: cert.serialNumber },
      });
    } finally {
      await shortIssuer.stop();
    }
  });
});

describe('certificate checks: several certificates, missing key, another user', () => {
  it('two usable certificates: duplicates warns naming the older one; the fix removes nothing usable', async () => {
    const store = await newStore();
    // user02's one real enrollment is for the next test (the service issues one active certificate per user).
    const { key, certificate: current } = await signed('user02', new Date(Date.now() - DAY), new Date(Date.now() + 360 * DAY));
    await install(store, key, current);
    const older = await signed('user02', new Date(Date.now() - 10 * DAY), new Date(Date.now() + 200 * DAY));
    await install(store, older.key, older.certificate);
    const outcomes = await run(store, {
      loginId: 'user02',
      only: ['certificate-present', 'certificate-validity', 'duplicates'],
      fix: true,
    });
    const duplicates = get(outcomes, 'duplicates');
    expect(duplicates.faq).toEqual(['Q17']);
    expect(duplicates.result).toMatchObject({
      status: 'warn',
      codes: ['CERT-DUPLICATE'],
      evidence: { usableSerials: [current.serialNumber, older.certificate.serialNumber] },
    });
    // Both are user02's: keep the newest, remove the other.
    expect(duplicates.result.actions).toEqual([{ kind: 'remove', serial: older.certificate.serialNumber }]);
    expect(duplicates.result.evidence).toMatchObject({ keepSerial: current.serialNumber, removeSerials: [older.certificate.serialNumber] });
    expect(say(duplicates.result.advice, 'ja')).toContain(`シリアル ${current.serialNumber}) を残し`);
    expect(say(duplicates.result.advice, 'ja')).toContain('ブラウザをすべて閉じて');
    // The best certificate is the one with the latest notAfter.
    expect(get(outcomes, 'certificate-validity').result.evidence).toMatchObject({ serialNumber: current.serialNumber });
    expect((await store.list()).map((c) => c.serialNumber).sort()).toEqual([current.serialNumber, older.certificate.serialNumber].sort());
  });

  it("two users' usable certificates, the user chose user01 (the older one): keep user01's, name only user03's for removal", async () => {
    const store = await newStore();
    // Issue 7, "Why": the duplicates check named the other user's certificate by age alone, so
    // the chosen user's own (older) valid one was the one to remove.
    const mine = await signed('user01', new Date(Date.now() - 20 * DAY), new Date(Date.now() + 200 * DAY));
    const theirs = await signed('user03', new Date(Date.now() - DAY), new Date(Date.now() + 360 * DAY));
    await install(store, mine.key, mine.certificate);
    await install(store, theirs.key, theirs.certificate);
    const outcomes = await run(store, { loginId: 'user01', only: ['certificate-present', 'duplicates'] });
    const duplicates = get(outcomes, 'duplicates');
    expect(duplicates.result).toMatchObject({
      status: 'warn',
      codes: ['CERT-DUPLICATE'],
      evidence: { keepSerial: mine.certificate.serialNumber, removeSerials: [theirs.certificate.serialNumber] },
    });
    expect(duplicates.result.actions).toEqual([{ kind: 'remove', serial: theirs.certificate.serialNumber }]);
    expect(say(duplicates.result.advice, 'ja')).toContain(`user01 の電子証明書 (シリアル ${mine.certificate.serialNumber}) を残し`);
    expect(duplicates.faq).toEqual(['Q17']);

    // Without a login ID the owners differ and nobody is named for removal: the user says who they are.
    const anonymous = get(await run(store, { only: ['certificate-present', 'duplicates'] }), 'duplicates');
    expect(anonymous.result.actions).toEqual([{ kind: 'choose' }, { kind: 'faq', faq: 'Q17' }]);
    expect(anonymous.result.evidence).toMatchObject({ keepSerial: null, removeSerials: [] });
  });

  it('a certificate without its private key: private-key fails (corrupted, re-issue); duplicates offers to remove it', async () => {
    const store = await newStore();
    const { certificate } = await signed('user01', new Date(Date.now() - DAY), new Date(Date.now() + 300 * DAY));
    const added = await runProcess(
      'certutil',
      ['-A', '-d', `sql:${store.location}`, '-n', 'ろうきん賃金控除 user01 no key', '-t', ',,', '-a'],
      { stdin: toPem('CERTIFICATE', certificate.der) },
    );
    expect(added.exitCode, added.stderr).toBe(0);
    const outcomes = await run(store, { loginId: 'user01' });
    expect(get(outcomes, 'certificate-present').result.status).toBe('pass');
    const key = get(outcomes, 'private-key');
    expect(key.faq).toEqual(['Q21(3)', 'Q22(3)']);
    expect(key.result).toMatchObject({
      status: 'fail',
      codes: ['CERT-NO-PRIVATE-KEY'],
      evidence: { hasPrivateKey: false, serialNumber: certificate.serialNumber },
    });
    expect(say(key.result.advice, 'ja')).toContain('再発行');
    expect(say(key.result.advice, 'en')).toContain(`serial ${certificate.serialNumber}`);
    // Who acts comes from the situation model (a general user's master; P8, P10); the broken one can go.
    expect(key.result.actions).toEqual([
      { kind: 'contact', actor: 'master', reason: 'no-key', serial: certificate.serialNumber },
      { kind: 'reissue', loginId: 'user01' },
      { kind: 'remove', serial: certificate.serialNumber },
    ]);
    expect(get(outcomes, 'duplicates').result).toMatchObject({ status: 'warn', evidence: { staleSerials: [certificate.serialNumber] } });
    // No key, no login: the login check is skipped by its dependency on private-key.
    expect(get(outcomes, 'client-cert-login').result).toMatchObject({
      status: 'not-applicable',
      evidence: { skippedBecause: 'private-key' },
    });
  });

  it("another user's certificate: right-user fails naming its owner, and the real login answers as that user", async () => {
    const store = await newStore();
    await enrollInto(store, 'user02');
    const outcomes = await run(store, { loginId: 'user01' });
    const right = get(outcomes, 'right-user');
    expect(right.faq).toEqual(['Q21(2)']);
    expect(right.result).toMatchObject({
      status: 'fail',
      codes: ['CERT-OTHER-USER'],
      evidence: { expectedLoginId: 'user01', loginIds: ['user02'] },
    });
    expect(say(right.result.summary, 'ja')).toContain('user02');
    expect(right.result.actions).toEqual([
      { kind: 'enroll', loginId: 'user01' },
      { kind: 'faq', faq: 'Q21(2)' },
    ]);
    expect(get(outcomes, 'client-cert-login').result).toMatchObject({
      status: 'fail',
      codes: ['CERT-OTHER-USER'],
      evidence: { loginId: 'user02', expectedLoginId: 'user01' },
    });
  });
});
