// The enrollment workflow's order guarantees, with a store in memory, an issuer that signs with a
// real CA, the real journal over an in-memory vault, and the real answer validation wired as the
// CLI wires it: nothing is installed unless verified, the journal is completed only after a
// verified install, superseded certificates go only after that, and an interrupted run resumes.
import type { KeyObject } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EnrollmentJournal } from '../../../electron/core/enrollment/journal';
import { TidyUpFile } from '../../../electron/core/enrollment/tidy-up';
import {
  enrollCertificate,
  friendlyNameFor,
  type AnswerValidator,
  type EnrollmentDeps,
  type EnrollmentEvent,
  type IssuingPort,
  type JournalPort,
} from '../../../electron/core/enrollment/workflow';
import { IssuingError, validateIssuedCertificate } from '../../../electron/core/issuing';
import { VaultError } from '../../../electron/core/platform/credential-vault';
import {
  createCsr,
  generateKeyPair,
  issueCertificate,
  parseCsr,
  randomSerialNumber,
  readCertificate,
  samePublicKey,
  spkiDer,
  type CertificateInfo,
} from '../../../electron/core/pki';
import {
  StoreError,
  type CertificateStore,
  type InstallRequest,
  type PreCheckResult,
  type StoredCertificate,
} from '../../../electron/core/stores/certificate-store';
import { storedFromCertificate } from '../../../electron/core/stores/store-support';
import { MemoryCredentialVault } from '../../helpers/memory-vault';
import { makeCa, type TestCa } from '../pki/pki-fixtures';

const ISSUER_URL = 'https://est.example.test';
const CREDENTIALS = { loginId: 'user01', password: 'pw' };
const DAY = 86_400_000;

/** Every side effect of a run, in order, across store, issuer and journal. */
let log: string[];

function stored(info: CertificateInfo, hasPrivateKey = true): StoredCertificate {
  return storedFromCertificate('nss', `nick-${info.serialNumber}`, info, hasPrivateKey);
}

class MemoryStore implements CertificateStore {
  readonly kind = 'nss' as const;
  readonly location = 'memory';
  readonly certificates: StoredCertificate[] = [];
  readonly installs: InstallRequest[] = [];
  preCheckResult: PreCheckResult = { ok: true, location: 'memory' };
  failInstall: Error | undefined;
  /** A kill in the middle of the tidy-up: remove() never returns. */
  failRemove: Error | undefined;

  preCheck(): Promise<PreCheckResult> {
    log.push('store.preCheck');
    return Promise.resolve(this.preCheckResult);
  }

  install(request: InstallRequest): Promise<StoredCertificate> {
    log.push(`store.install:${request.certificate.serialNumber}`);
    this.installs.push(request);
    if (this.failInstall) return Promise.reject(this.failInstall);
    const entry = stored(request.certificate);
    if (!this.certificates.some((c) => c.thumbprintSha1 === entry.thumbprintSha1)) this.certificates.push(entry);
    return Promise.resolve(entry);
  }

  list(): Promise<StoredCertificate[]> {
    return Promise.resolve([...this.certificates]);
  }

  remove(certificate: Pick<StoredCertificate, 'handle' | 'thumbprintSha1'>): Promise<void> {
    const index = this.certificates.findIndex((c) => c.thumbprintSha1 === certificate.thumbprintSha1);
    log.push(`store.remove:${this.certificates[index]?.serialNumber ?? '?'}`);
    if (this.failRemove) return Promise.reject(this.failRemove);
    if (index >= 0) this.certificates.splice(index, 1);
    return Promise.resolve();
  }
}

/** An issuer that signs with a real CA and, like the reference service, answers a resubmitted CSR with the same certificate. */
class FakeIssuer implements IssuingPort {
  readonly submitted: Buffer[] = [];
  readonly issued = new Map<string, Buffer>();
  /** Replaces the answer (tampering); receives the genuine certificate. */
  tamper: ((genuine: Buffer) => Promise<Buffer[]>) | undefined;
  refuse: Error | undefined;

  constructor(readonly ca: TestCa) {}

  getCaCerts(): Promise<Buffer[]> {
    log.push('issuer.cacerts');
    return Promise.resolve([this.ca.certificate.der]);
  }

  simpleEnroll(csrDer: Buffer): Promise<Buffer[]> {
    return this.answer('simpleEnroll', csrDer);
  }

  simpleReenroll(csrDer: Buffer): Promise<Buffer[]> {
    return this.answer('simpleReenroll', csrDer);
  }

  private async answer(operation: string, csrDer: Buffer): Promise<Buffer[]> {
    log.push(`issuer.${operation}`);
    this.submitted.push(Buffer.from(csrDer));
    if (this.refuse) throw this.refuse;
    const csr = await parseCsr(csrDer);
    const spki = spkiDer(csr.publicKey).toString('hex');
    let der = this.issued.get(spki);
    if (!der) {
      der = await sign(this.ca, csr.publicKey, csr.commonNames[0]!);
      this.issued.set(spki, der);
    }
    return this.tamper ? this.tamper(der) : [der];
  }
}

async function sign(ca: TestCa, publicKey: KeyObject, commonName: string, serialNumber = randomSerialNumber()): Promise<Buffer> {
  return issueCertificate({
    authority: ca,
    publicKey,
    subjectCommonName: commonName,
    serialNumber,
    notBefore: new Date(Date.now() - 300_000),
    notAfter: new Date(Date.now() + 366 * DAY),
    profile: { kind: 'tls-client' },
  });
}

/** The real validation, as the composed services use it. */
const validateAnswer: AnswerValidator = (input) => validateIssuedCertificate(input);

/** Logs every journal call (and can fail them) around the real EnrollmentJournal. */
class LoggingJournal implements JournalPort {
  fail: Partial<Record<'listPending' | 'begin' | 'recordIssued' | 'complete' | 'discard', Error>> = {};
  constructor(readonly inner: EnrollmentJournal) {}
  async listPending() {
    log.push('journal.listPending');
    if (this.fail.listPending) throw this.fail.listPending;
    return this.inner.listPending();
  }
  async begin(entry: Parameters<JournalPort['begin']>[0]) {
    log.push('journal.begin');
    if (this.fail.begin) throw this.fail.begin;
    return this.inner.begin(entry);
  }
  async recordIssued(id: string, der: Buffer) {
    log.push('journal.recordIssued');
    if (this.fail.recordIssued) throw this.fail.recordIssued;
    return this.inner.recordIssued(id, der);
  }
  async complete(id: string) {
    log.push('journal.complete');
    if (this.fail.complete) throw this.fail.complete;
    return this.inner.complete(id);
  }
  async discard(id: string) {
    log.push('journal.discard');
    if (this.fail.discard) throw this.fail.discard;
    return this.inner.discard(id);
  }
}

const vaultDown = () => new VaultError('VAULT-UNAVAILABLE', 'no Secret Service on the session bus', 'start gnome-keyring');

let ca: TestCa;
let root: string;
let store: MemoryStore;
let issuer: FakeIssuer;
let journal: LoggingJournal;
let events: EnrollmentEvent[];

beforeEach(async () => {
  log = [];
  events = [];
  ca ??= await makeCa();
  root = await mkdtemp(join(tmpdir(), 'workflow-test-'));
  store = new MemoryStore();
  issuer = new FakeIssuer(ca);
  journal = new LoggingJournal(new EnrollmentJournal({ dir: join(root, 'journal'), vault: new MemoryCredentialVault() }));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function deps(overrides: Partial<EnrollmentDeps> = {}): EnrollmentDeps {
  // The CRL lists nothing, as for a certificate nobody revoked.
  const revocation = () => Promise.resolve(false);
  return {
    store,
    issuing: issuer,
    issuerUrl: ISSUER_URL,
    journal,
    validateAnswer,
    revocation,
    onEvent: (e) => events.push(e),
    ...overrides,
  };
}

const run = (operation: 'enroll' | 'renew' = 'enroll', overrides: Partial<EnrollmentDeps> = {}) =>
  enrollCertificate(deps(overrides), { operation, credentials: CREDENTIALS, keyAlgorithm: 'ecdsa-p256' });

const index = (entry: string | RegExp): number => log.findIndex((l) => (typeof entry === 'string' ? l === entry : entry.test(l)));

/** A journaled enrollment as an interrupted run leaves it: key + CSR, optionally the certificate. */
async function interruptedRun(
  withCertificate: boolean,
): Promise<{ id: string; csrDer: Buffer; privateKey: KeyObject; certificate?: CertificateInfo }> {
  const keyPair = await generateKeyPair('ecdsa-p256');
  const csrDer = await createCsr(keyPair, CREDENTIALS.loginId);
  const id = 'interrupted-1';
  await journal.inner.begin({
    id,
    operation: 'enroll',
    issuerUrl: ISSUER_URL,
    loginId: CREDENTIALS.loginId,
    keyAlgorithm: 'ecdsa-p256',
    privateKey: keyPair.privateKey,
    csrDer,
  });
  if (!withCertificate) return { id, csrDer, privateKey: keyPair.privateKey };
  // The issuer answered before the crash: it holds that certificate for this key.
  const [der] = await issuer.simpleEnroll(csrDer);
  await journal.inner.recordIssued(id, der!);
  log = [];
  issuer.submitted.length = 0;
  return { id, csrDer, privateKey: keyPair.privateKey, certificate: readCertificate(der!) };
}

describe('a normal enrollment', () => {
  it('issues, records, installs, then completes the journal, in that order; the store gets the validated certificate', async () => {
    const outcome = await run();
    expect(outcome.resumed).toBe(false);
    expect(log.filter((l) => l !== 'journal.listPending')).toEqual([
      'store.preCheck',
      'issuer.cacerts',
      'journal.begin',
      'issuer.simpleEnroll',
      'journal.recordIssued',
      `store.install:${outcome.certificate.serialNumber}`,
      'journal.complete',
    ]);
    expect(store.certificates.map((c) => c.serialNumber)).toEqual([outcome.certificate.serialNumber]);
    expect(store.installs[0]!.friendlyName).toBe(friendlyNameFor('user01', outcome.certificate));
    expect(await journal.inner.listPending()).toEqual([]);
    expect(events.filter((e) => e.type === 'step' && e.phase === 'done').map((e) => e.type === 'step' && e.step)).toEqual([
      'prepare',
      'resume',
      'keygen',
      'request',
      'issue',
      'validate',
      'install',
      'cleanup',
    ]);
  });

  it('renew uses simplereenroll', async () => {
    await run('renew');
    expect(log).toContain('issuer.simpleReenroll');
    expect(log).not.toContain('issuer.simpleEnroll');
  });
});

describe('nothing is installed when the answer fails validation', () => {
  const cases: { name: string; code: string; tamper: (genuine: Buffer) => Promise<Buffer[]> }[] = [
    {
      name: 'a certificate for another key',
      code: 'ISSUE-WRONG-KEY',
      tamper: async () => [await sign(ca, (await generateKeyPair('ecdsa-p256')).publicKey, 'user01')],
    },
    {
      name: 'a certificate from another CA with the same name',
      code: 'ISSUE-WRONG-ISSUER',
      tamper: async (genuine) => {
        const impostor = await makeCa(ca.certificate.subjectCommonName);
        expect(impostor.certificate.subject).toBe(ca.certificate.subject);
        return [await sign(impostor, readCertificate(genuine).publicKey, 'user01')];
      },
    },
    {
      name: 'a certificate for another login ID',
      code: 'ISSUE-WRONG-SUBJECT',
      tamper: async (genuine) => [await sign(ca, readCertificate(genuine).publicKey, 'user02')],
    },
    { name: 'no certificate at all', code: 'ISSUE-NO-CERTIFICATE', tamper: () => Promise.resolve([]) },
  ];
  for (const c of cases) {
    it(`${c.name}: ${c.code}, no install, no record, the journal keeps the key for a retry`, async () => {
      issuer.tamper = c.tamper;
      await expect(run()).rejects.toMatchObject({ code: c.code });
      expect(store.installs).toEqual([]);
      expect(log).not.toContain('journal.recordIssued');
      expect(log).not.toContain('journal.complete');
      const pending = await journal.inner.listPending();
      expect(pending).toHaveLength(1);
      expect(pending[0]!.certificateDer).toBeUndefined();
    });
  }
});

describe('the journal is completed only after a verified install', () => {
  it('an install that fails verification leaves the journal with its certificate, and removes nothing', async () => {
    const old = readCertificate(await sign(ca, (await generateKeyPair('ecdsa-p256')).publicKey, 'user01'));
    store.certificates.push(stored(old));
    store.failInstall = new StoreError('STORE-VERIFY-FAILED', 'the key is not in the store after pk12util');
    await expect(run()).rejects.toMatchObject({ code: 'STORE-VERIFY-FAILED' });
    expect(log).not.toContain('journal.complete');
    expect(log.some((l) => l.startsWith('store.remove'))).toBe(false);
    expect(store.certificates.map((c) => c.serialNumber)).toEqual([old.serialNumber]);
    const pending = await journal.inner.listPending();
    expect(pending).toHaveLength(1);
    expect(pending[0]!.certificateDer).toBeDefined();

    // The next run installs that certificate without asking the issuer for another one.
    store.failInstall = undefined;
    log = [];
    const outcome = await run();
    expect(outcome.resumed).toBe(true);
    expect(outcome.certificate.der.equals(pending[0]!.certificateDer!)).toBe(true);
    expect(log.some((l) => l.startsWith('issuer.simple'))).toBe(false);
    expect(await journal.inner.listPending()).toEqual([]);
  });
});

describe('an enrollment the caller prepared (the situation check ran just before)', () => {
  it('neither checks the store nor asks for the CA list again, and installs with the key it was given and the CA it was told', async () => {
    const keyPair = await generateKeyPair('ecdsa-p256');
    const outcome = await enrollCertificate(deps(), {
      operation: 'enroll',
      credentials: CREDENTIALS,
      keyAlgorithm: 'ecdsa-p256',
      storeChecked: true,
      issuerCas: [ca.certificate],
      keyPair: Promise.resolve(keyPair),
    });
    expect(log.filter((l) => l !== 'journal.listPending')).toEqual([
      'journal.begin',
      'issuer.simpleEnroll',
      'journal.recordIssued',
      `store.install:${outcome.certificate.serialNumber}`,
      'journal.complete',
    ]);
    expect(samePublicKey(outcome.certificate.publicKey, keyPair.privateKey)).toBe(true);
    expect(store.installs[0]!.chain?.map((c) => c.thumbprintSha1)).toEqual([ca.certificate.thumbprintSha1]);
    // Still every step, for the screen's step list.
    expect(events.filter((e) => e.type === 'step' && e.phase === 'done')).toHaveLength(8);
  });

  it('refuses an answer from another CA than the one it was told, as it would the one it asked for', async () => {
    const other = await makeCa('Some Other CA');
    await expect(
      enrollCertificate(deps(), { operation: 'enroll', credentials: CREDENTIALS, storeChecked: true, issuerCas: [other.certificate] }),
    ).rejects.toMatchObject({ code: 'ISSUE-WRONG-ISSUER' });
    expect(store.installs).toEqual([]);
  });
});

describe('superseded certificates', () => {
  it('their tidy-up is recorded before the install and forgotten once done; a run killed during it leaves the record', async () => {
    const tidyUp = new TidyUpFile(join(root, 'tidy-up.json'));
    const older = readCertificate(await sign(ca, (await generateKeyPair('ecdsa-p256')).publicKey, 'user01'));
    store.certificates.push(stored(older));
    let recordedAtInstall: unknown;
    const install = store.install.bind(store);
    store.install = async (request) => {
      recordedAtInstall = await tidyUp.pending();
      return install(request);
    };
    store.failRemove = new Error('killed');
    await expect(run('enroll', { tidyUp })).rejects.toThrow('killed');
    const installed = store.certificates.find((c) => c.serialNumber !== older.serialNumber)!;
    const record = { issuerUrl: ISSUER_URL, loginId: 'user01', keepThumbprintSha1: installed.thumbprintSha1 };
    expect(recordedAtInstall).toEqual([record]);
    expect(await tidyUp.pending()).toEqual([record]);

    store.failRemove = undefined;
    await tidyUp.end(record);
    await run('enroll', { tidyUp });
    expect(await tidyUp.pending()).toEqual([]);
  });

  it('an install that fails leaves no tidy-up record (nothing was kept)', async () => {
    const tidyUp = new TidyUpFile(join(root, 'tidy-up.json'));
    store.failInstall = new StoreError('STORE-VERIFY-FAILED', 'not in the store after pk12util');
    await expect(run('enroll', { tidyUp })).rejects.toMatchObject({ code: 'STORE-VERIFY-FAILED' });
    expect(await tidyUp.pending()).toEqual([]);
  });

  it('are removed only after the install succeeded, and only older ones of this user from this issuer', async () => {
    const oldKey = await generateKeyPair('ecdsa-p256');
    const older = readCertificate(await sign(ca, oldKey.publicKey, 'user01'));
    const otherUser = readCertificate(await sign(ca, oldKey.publicKey, 'user02'));
    const otherIssuer = readCertificate(await sign(await makeCa('Some Other CA'), oldKey.publicKey, 'user01'));
    store.certificates.push(stored(older), stored(otherUser), stored(otherIssuer));

    const outcome = await run();
    expect(outcome.removedSerials).toEqual([older.serialNumber]);
    expect(index(`store.remove:${older.serialNumber}`)).toBeGreaterThan(index(/^store\.install:/));
    expect(index(`store.remove:${older.serialNumber}`)).toBeGreaterThan(index('journal.complete'));
    expect(store.certificates.map((c) => c.serialNumber).sort()).toEqual(
      [outcome.certificate.serialNumber, otherUser.serialNumber, otherIssuer.serialNumber].sort(),
    );
    expect(events).toContainEqual({ type: 'removed-superseded', serialNumber: older.serialNumber });
  });

  it('not a certificate of another CA that has the same name as ours: only the signature proves it is ours', async () => {
    const oldKey = await generateKeyPair('ecdsa-p256');
    const lookAlikeCa = await makeCa(ca.certificate.subjectCommonName);
    const lookAlike = readCertificate(await sign(lookAlikeCa, oldKey.publicKey, 'user01'));
    expect(lookAlike.issuer).toBe(ca.certificate.subject);
    const older = readCertificate(await sign(ca, oldKey.publicKey, 'user01'));
    store.certificates.push(stored(lookAlike), stored(older));

    const outcome = await run('renew');
    expect(outcome.removedSerials).toEqual([older.serialNumber]);
    expect(store.certificates.map((c) => c.serialNumber).sort()).toEqual([outcome.certificate.serialNumber, lookAlike.serialNumber].sort());
  });

  it('never the new one, even when it was already in the store (crash after install, before completing)', async () => {
    const interrupted = await interruptedRun(true);
    store.certificates.push(stored(interrupted.certificate!));
    const outcome = await run();
    expect(outcome.resumed).toBe(true);
    expect(outcome.removedSerials).toEqual([]);
    expect(store.certificates.map((c) => c.serialNumber)).toEqual([interrupted.certificate!.serialNumber]);
  });
});

describe('resuming an interrupted enrollment', () => {
  it('a journal with a certificate is installed without asking the issuer to enroll', async () => {
    const interrupted = await interruptedRun(true);
    const outcome = await run();
    expect(outcome.resumed).toBe(true);
    expect(outcome.certificate.serialNumber).toBe(interrupted.certificate!.serialNumber);
    expect(issuer.submitted).toEqual([]);
    expect(log).not.toContain('journal.begin');
    // The CA list is still fetched: the journaled certificate is validated against it again.
    expect(log).toContain('issuer.cacerts');
    expect(store.certificates.map((c) => c.serialNumber)).toEqual([interrupted.certificate!.serialNumber]);
    expect(await journal.inner.listPending()).toEqual([]);
  });

  it('a journaled certificate the CRL lists as revoked: not installed, the journal discarded, the user told, a new key requested', async () => {
    const interrupted = await interruptedRun(true);
    const asked: string[] = [];
    const revocation = (cert: CertificateInfo, issuers: readonly CertificateInfo[]) => {
      asked.push(`${cert.serialNumber} by ${issuers.map((i) => i.sha256).join()}`);
      return Promise.resolve(cert.serialNumber === interrupted.certificate!.serialNumber);
    };
    const outcome = await run('enroll', { revocation });
    expect(asked).toEqual([`${interrupted.certificate!.serialNumber} by ${ca.certificate.sha256}`]);
    expect(events).toContainEqual({ type: 'warning', code: 'JOURNAL-REVOKED', detail: interrupted.certificate!.serialNumber });
    expect(outcome.resumed).toBe(false);
    expect(samePublicKey(outcome.certificate.publicKey, interrupted.privateKey)).toBe(false);
    expect(store.certificates.map((c) => c.serialNumber)).toEqual([outcome.certificate.serialNumber]);
    expect(log.indexOf('journal.discard')).toBeLessThan(log.indexOf('journal.begin'));
    expect(await journal.inner.listPending()).toEqual([]);
  });

  it.each([
    ['cannot tell (no CRL)', () => Promise.resolve(undefined)],
    ['fails', () => Promise.reject(new Error('CRL signature does not verify'))],
    ['is not there at all', undefined],
  ])('a journaled certificate whose revocation check %s: not installed unchecked, the journaled CSR is asked again', async (_n, check) => {
    const interrupted = await interruptedRun(true);
    const { revocation: _default, ...without } = deps();
    const outcome = await enrollCertificate(check ? { ...without, revocation: check } : without, {
      operation: 'enroll',
      credentials: CREDENTIALS,
      keyAlgorithm: 'ecdsa-p256',
    });
    expect(issuer.submitted).toHaveLength(1);
    expect(issuer.submitted[0]!.equals(interrupted.csrDer)).toBe(true);
    expect(outcome.resumed).toBe(true);
    expect(samePublicKey(outcome.certificate.publicKey, interrupted.privateKey)).toBe(true);
    expect(await journal.inner.listPending()).toEqual([]);
  });

  it('a journal without a certificate resubmits the same CSR (same public key) and gets the same key certified', async () => {
    const interrupted = await interruptedRun(false);
    const outcome = await run();
    expect(outcome.resumed).toBe(true);
    expect(issuer.submitted).toHaveLength(1);
    expect(issuer.submitted[0]!.equals(interrupted.csrDer)).toBe(true);
    expect(samePublicKey((await parseCsr(issuer.submitted[0]!)).publicKey, interrupted.privateKey)).toBe(true);
    expect(samePublicKey(outcome.certificate.publicKey, interrupted.privateKey)).toBe(true);
    expect(await journal.inner.listPending()).toEqual([]);
  });

  it('a journal of another issuer is left alone', async () => {
    await interruptedRun(false);
    const outcome = await run('enroll', { issuerUrl: 'https://other.example.test' });
    expect(outcome.resumed).toBe(false);
    expect(await journal.inner.listPending()).toHaveLength(1);
  });
});

describe('when the journal cannot be used', () => {
  it('a vault that is unavailable from the start: the run succeeds and says JOURNAL-UNAVAILABLE', async () => {
    journal.fail = { listPending: vaultDown(), begin: vaultDown(), recordIssued: vaultDown(), complete: vaultDown(), discard: vaultDown() };
    const outcome = await run();
    expect(store.certificates.map((c) => c.serialNumber)).toEqual([outcome.certificate.serialNumber]);
    const warnings = events.filter((e) => e.type === 'warning');
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.every((w) => w.type === 'warning' && w.code === 'JOURNAL-UNAVAILABLE' && w.detail.includes('Secret Service'))).toBe(
      true,
    );
    // Not journaled: nothing to record or complete.
    expect(log).not.toContain('journal.recordIssued');
    expect(log).not.toContain('journal.complete');
  });

  it('a vault that goes away after begin(): still installed, with a warning instead of a failure', async () => {
    journal.fail = { recordIssued: vaultDown(), complete: vaultDown() };
    const outcome = await run();
    expect(store.certificates.map((c) => c.serialNumber)).toEqual([outcome.certificate.serialNumber]);
    expect(events.filter((e) => e.type === 'warning').map((e) => e.type === 'warning' && e.code)).toEqual([
      'JOURNAL-UNAVAILABLE',
      'JOURNAL-UNAVAILABLE',
    ]);
  });
});

describe('a silent renewal (the current certificate as the proof) needs its journal', () => {
  const silently = () =>
    enrollCertificate(deps(), {
      operation: 'renew',
      credentials: { loginId: 'user01', clientCertificate: store.certificates[0] ?? ({} as StoredCertificate) },
      keyAlgorithm: 'ecdsa-p256',
      requireJournal: true,
    });

  it('without a vault it does not start: JOURNAL-REQUIRED, the issuer never asked, nothing installed or removed', async () => {
    journal.fail = { begin: vaultDown() };
    const before = store.certificates.map((c) => c.serialNumber);
    await expect(silently()).rejects.toMatchObject({ code: 'JOURNAL-REQUIRED' });
    expect(log).not.toContain('issuer.simpleReenroll');
    expect(store.certificates.map((c) => c.serialNumber)).toEqual(before);
  });

  it('an unreadable journal stops it too (a pending run could not be resumed)', async () => {
    journal.fail = { listPending: vaultDown() };
    await expect(silently()).rejects.toMatchObject({ code: 'JOURNAL-REQUIRED' });
    expect(log).not.toContain('issuer.simpleReenroll');
  });

  it('a journaled first issuance cannot be finished with a certificate: RENEW-NEEDS-PASSWORD', async () => {
    await interruptedRun(false);
    await expect(silently()).rejects.toMatchObject({ code: 'RENEW-NEEDS-PASSWORD' });
    expect(log).not.toContain('issuer.simpleEnroll');
  });
});

describe('refusals and failures before an answer', () => {
  it('the store is not ready: the store error (STORE-TOOL-MISSING), before any key, journal or request', async () => {
    store.preCheckResult = {
      ok: false,
      code: 'STORE-TOOL-MISSING',
      message: 'certutil is not installed',
      advice: 'sudo apt-get install libnss3-tools',
    };
    await expect(run()).rejects.toMatchObject({ code: 'STORE-TOOL-MISSING', details: { advice: 'sudo apt-get install libnss3-tools' } });
    expect(log).toEqual(['store.preCheck']);
  });

  it('a definitive refusal of a fresh CSR (wrong password) discards its journal: the key never got a certificate', async () => {
    issuer.refuse = new IssuingError('CJS-E-AUTH', 'the issuing service refused: CJS-E-AUTH', { status: 401 });
    await expect(run()).rejects.toMatchObject({ code: 'CJS-E-AUTH' });
    expect(log).toContain('journal.discard');
    expect(await journal.inner.listPending()).toEqual([]);
    expect(store.installs).toEqual([]);
  });

  for (const [name, error] of [
    ['a lost answer (network)', new IssuingError('ISSUE-UNREACHABLE', 'socket hang up', { errno: 'ECONNRESET' })],
    ['an internal error of the issuer', new IssuingError('CJS-E-INTERNAL', 'the issuing service refused: CJS-E-INTERNAL', { status: 500 })],
  ] as const) {
    it(`${name} keeps the journal: the CSR may have been issued`, async () => {
      issuer.refuse = error;
      await expect(run()).rejects.toMatchObject({ code: error.code });
      expect(log).not.toContain('journal.discard');
      expect(await journal.inner.listPending()).toHaveLength(1);
    });
  }

  // A resumed CSR may have been issued by an earlier run whose answer was lost: a refusal that
  // concerns the credentials leaves that possibility open, and the journal must stay.
  for (const code of ['CJS-E-AUTH', 'CJS-E-LOCKED', 'CJS-E-INTERNAL'] as const) {
    it(`${code} for a resumed CSR keeps its journal; the next run resubmits the same CSR`, async () => {
      const interrupted = await interruptedRun(false);
      issuer.refuse = new IssuingError(code, `the issuing service refused: ${code}`, { status: 401 });
      await expect(run()).rejects.toMatchObject({ code });
      expect(log).not.toContain('journal.discard');
      expect(events.filter((e) => e.type === 'warning')).toEqual([]);
      expect(await journal.inner.listPending()).toHaveLength(1);

      // The password is fixed: the same key is certified.
      issuer.refuse = undefined;
      const outcome = await run();
      expect(outcome.resumed).toBe(true);
      expect(issuer.submitted.at(-1)!.equals(interrupted.csrDer)).toBe(true);
    });
  }

  // The issuer replays a CSR that holds the live certificate before any rule, so these refusals
  // prove this CSR has none and never will: kept, it would be refused on every later run.
  for (const code of ['CJS-E-ACTIVE-CERT', 'CJS-E-USER-DELETED', 'CJS-E-NO-CERT', 'CJS-E-WEAK-KEY'] as const) {
    it(`${code} for a resumed CSR discards its journal, says so, and the next run starts with a new key`, async () => {
      const interrupted = await interruptedRun(false);
      issuer.refuse = new IssuingError(code, `the issuing service refused: ${code}`, { status: 409 });
      await expect(run()).rejects.toMatchObject({ code });
      expect(log).toContain('journal.discard');
      expect(events).toContainEqual({ type: 'warning', code: 'JOURNAL-DISCARDED', detail: code });
      expect(await journal.inner.listPending()).toEqual([]);
      expect(store.installs).toEqual([]);

      issuer.refuse = undefined;
      const outcome = await run();
      expect(outcome.resumed).toBe(false);
      expect(issuer.submitted.at(-1)!.equals(interrupted.csrDer)).toBe(false);
      expect(samePublicKey(outcome.certificate.publicKey, interrupted.privateKey)).toBe(false);
    });
  }

  it('a resumed CSR whose discard fails stays, and no warning claims it went', async () => {
    await interruptedRun(false);
    journal.fail = { discard: vaultDown() };
    issuer.refuse = new IssuingError('CJS-E-ACTIVE-CERT', 'the issuing service refused: CJS-E-ACTIVE-CERT', { status: 409 });
    await expect(run()).rejects.toMatchObject({ code: 'CJS-E-ACTIVE-CERT' });
    expect(events.filter((e) => e.type === 'warning')).toEqual([]);
    expect(await journal.inner.listPending()).toHaveLength(1);
  });
});

describe('progress events', () => {
  it('a failing step is reported as failed, after the steps that completed', async () => {
    issuer.refuse = new IssuingError('CJS-E-AUTH', 'the issuing service refused: CJS-E-AUTH', { status: 401 });
    await expect(run()).rejects.toMatchObject({ code: 'CJS-E-AUTH' });
    const steps = events.flatMap((e) => (e.type === 'step' && e.phase !== 'start' ? [`${e.step}:${e.phase}`] : []));
    expect(steps).toEqual(['prepare:done', 'resume:done', 'keygen:done', 'request:done', 'issue:failed']);
  });
});

describe('friendlyNameFor', () => {
  it('names the login ID and differs for every certificate, including two of the same user', async () => {
    const key = await generateKeyPair('ecdsa-p256');
    const a = readCertificate(await sign(ca, key.publicKey, 'user01'));
    const b = readCertificate(await sign(ca, key.publicKey, 'user01'));
    expect(a.serialNumber).not.toBe(b.serialNumber);
    expect(friendlyNameFor('user01', a)).toContain('user01');
    expect(friendlyNameFor('user01', a)).not.toBe(friendlyNameFor('user01', b));
    expect(friendlyNameFor('user01', a)).toBe(friendlyNameFor('user01', a));
  });
});
