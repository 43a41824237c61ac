// The issuing CA is pinned: by the production configuration's fingerprint, or on the first
// contact with an issuer. A fake EST issuer over real HTTPS on 127.0.0.1 answers the CA lists a
// hostile or rolled-over issuer would; the composed services of the app and the CLI, a real NSS
// store in a temporary HOME and the pin and cache files are what is observed.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enroll } from '../../../electron/core/app/enroll';
import { createServices, type AppServices } from '../../../electron/core/app/services';
import { issuerCaCachePath, issuerPinPath } from '../../../electron/core/app/state-files';
import { collectStatus } from '../../../electron/core/app/status';
import { EMBEDDED_DEFAULTS, resolveSettings, type ClientSettings } from '../../../electron/core/config';
import { EnrollmentJournal } from '../../../electron/core/enrollment/journal';
import { shortFingerprint } from '../../../electron/core/issuing/response-validation';
import { fromPemAll, generateKeyPair, readCertificate, toPem, type CertificateInfo } from '../../../electron/core/pki';
import { freshHome } from '../../helpers/cli-process';
import { startFakeEst, type FakeEst } from '../../helpers/fake-est';
import { MemoryCredentialVault } from '../../helpers/memory-vault';
import { forgeCertificate, KEY_USAGE } from '../../helpers/x509-forge';
import { makeCa, type TestCa } from '../../unit/pki/pki-fixtures';

const NAME = 'Rokin CJS Issuing CA';
const CA_POWERS = KEY_USAGE.keyCertSign | KEY_USAGE.cRLSign;

let dir: string;
let fake: FakeEst;
/** The CA pinned first; its same-name successor; the RFC 7030 §4.1.3 links; a stranger of the same name. */
let oldCa: TestCa;
let newCa: TestCa;
let newWithOld: CertificateInfo;
let oldWithNew: CertificateInfo;
let stranger: TestCa;
const homes: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cjs-ca-pin-'));
  oldCa = await makeCa(NAME);
  newCa = await makeCa(NAME, 'rsa-2048', await generateKeyPair('rsa-2048'));
  stranger = await makeCa(NAME);
  expect(newCa.certificate.subject).toBe(oldCa.certificate.subject);
  expect(stranger.certificate.subject).toBe(oldCa.certificate.subject);
  const link = async (subjectKey: TestCa, signer: TestCa) =>
    readCertificate(
      await forgeCertificate({
        subject: { cn: NAME, o: 'Rokin Test' },
        issuer: signer.certificate.der,
        publicKey: subjectKey.keyPair.publicKey,
        signingKey: signer.privateKey,
        ca: true,
        keyUsage: CA_POWERS,
        notBefore: new Date('2025-01-01T00:00:00Z'),
        notAfter: new Date('2035-01-01T00:00:00Z'),
      }),
    );
  newWithOld = await link(newCa, oldCa);
  oldWithNew = await link(oldCa, newCa);
  expect(newWithOld.subject).toBe(oldCa.certificate.subject);
  fake = await startFakeEst(dir, { cacerts: [oldCa.certificate], signer: oldCa });
});

afterAll(async () => {
  await fake?.close();
  for (const home of homes) await rm(home, { recursive: true, force: true });
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Pc {
  readonly env: NodeJS.ProcessEnv;
  /** A new process on this PC: services composed afresh (nothing kept in memory). */
  services(settings?: Partial<ClientSettings>): Promise<AppServices>;
  cached(): Promise<string[]>;
}

async function newPc(): Promise<Pc> {
  const home = await freshHome('cjs-ca-pin-home-');
  homes.push(home);
  const env = { HOME: home, XDG_STATE_HOME: join(home, '.local', 'state'), PATH: process.env.PATH };
  const journal = new EnrollmentJournal({ dir: join(home, 'journal'), vault: new MemoryCredentialVault() });
  return {
    env,
    services: (settings = {}) =>
      createServices({ ...EMBEDDED_DEFAULTS, issuerUrl: fake.url, trustFiles: [fake.tlsCaPath], ...settings }, env, { journal }),
    cached: async () =>
      fromPemAll(await readFile(issuerCaCachePath(env, fake.url), 'utf8'), 'CERTIFICATE').map((der) => readCertificate(der).sha256),
  };
}

function answers(cacerts: readonly CertificateInfo[], signer: TestCa): void {
  fake.cacerts = cacerts;
  fake.signer = signer;
}

async function rejection(promise: Promise<unknown>): Promise<{ code: string; actor: string; params: Record<string, unknown> }> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e as { code: string; actor: string; params: Record<string, unknown> },
  );
  expect(err, 'should have been refused').toBeDefined();
  return err!;
}

const enrollUser01 = (services: AppServices) => enroll(services, { operation: 'enroll', loginId: 'user01', password: 'pw' });

async function installedIssuers(services: AppServices): Promise<string[]> {
  return (await services.store.list()).filter((c) => c.subjectCommonName === 'user01').map((c) => c.issuer);
}

describe('the issuing CA pinned on first contact (the embedded default: no configured fingerprint)', { timeout: 60_000 }, () => {
  it('is learned once and kept: a later /cacerts with another CA is refused, not cached, and nothing is enrolled', async () => {
    const pc = await newPc();
    answers([oldCa.certificate], oldCa);
    expect((await (await pc.services()).loadIssuerCas({ fresh: true })).cas.map((ca) => ca.sha256)).toEqual([oldCa.certificate.sha256]);
    expect(JSON.parse(await readFile(issuerPinPath(pc.env, fake.url), 'utf8'))).toMatchObject({
      anchors: [oldCa.certificate.sha256],
      configured: null,
    });

    answers([stranger.certificate], stranger);
    const services = await pc.services();
    const refused = await rejection(services.loadIssuerCas({ fresh: true }));
    expect(refused).toMatchObject({
      code: 'ISSUE-CA-MISMATCH',
      actor: 'it',
      params: { expected: shortFingerprint(oldCa.certificate.sha256), received: shortFingerprint(stranger.certificate.sha256) },
    });
    expect(await pc.cached()).toEqual([oldCa.certificate.sha256]);
    // Not mistaken for an issuer that is merely offline (the remembered list would then stand in).
    const status = await collectStatus(services, new Date(), 'user01');
    expect(status.issuerError).toMatchObject({ code: 'ISSUE-CA-MISMATCH' });
    expect(await rejection(enrollUser01(services))).toMatchObject({ code: 'ISSUE-CA-MISMATCH' });
    expect(await installedIssuers(services)).toEqual([]);
    expect(await pc.cached()).toEqual([oldCa.certificate.sha256]);
  });

  it('a remembered list the pin does not vouch for is not used offline either', async () => {
    const pc = await newPc();
    answers([oldCa.certificate], oldCa);
    await (await pc.services()).loadIssuerCas({ fresh: true });
    // Someone replaced the cache file while the issuer is unreachable.
    await writeFile(issuerCaCachePath(pc.env, fake.url), toPem('CERTIFICATE', stranger.certificate.der));
    expect(await (await pc.services()).cachedIssuerCas()).toBeUndefined();
  });
});

describe('the issuing CA named by the production configuration', { timeout: 60_000 }, () => {
  async function configured(pc: Pc, fingerprint: string): Promise<AppServices> {
    const file = join(pc.env.HOME!, 'production-config.json');
    await writeFile(file, JSON.stringify({ issuerUrl: fake.url, trustFiles: [fake.tlsCaPath], issuingCaSha256: fingerprint }));
    const settings = resolveSettings({ ...pc.env, CJS_CONFIG: file });
    return pc.services(settings);
  }

  it('a wrong fingerprint: the CA list is refused (the bank acts), nothing learned, cached or enrolled', async () => {
    const pc = await newPc();
    answers([oldCa.certificate], oldCa);
    const colons = stranger.certificate.sha256.match(/../g)!.join(':').toLowerCase();
    const services = await configured(pc, colons);
    expect(services.settings.issuingCaSha256).toBe(stranger.certificate.sha256);
    expect(await rejection(services.loadIssuerCas({ fresh: true }))).toMatchObject({ code: 'ISSUE-CA-MISMATCH', actor: 'bank' });
    expect(await rejection(enrollUser01(services))).toMatchObject({ code: 'ISSUE-CA-MISMATCH' });
    expect(existsSync(issuerCaCachePath(pc.env, fake.url))).toBe(false);
    expect(existsSync(issuerPinPath(pc.env, fake.url))).toBe(false);
    expect(await installedIssuers(services)).toEqual([]);
  });

  it('the right fingerprint: accepted and enrolled', async () => {
    const pc = await newPc();
    answers([oldCa.certificate], oldCa);
    const services = await configured(pc, oldCa.certificate.sha256);
    const result = await enrollUser01(services);
    expect(result.kind).toBe('enrolled');
    expect(await installedIssuers(services)).toEqual([oldCa.certificate.subject]);
  });

  it('a fingerprint that is not one: CONFIG-INVALID before anything is asked', async () => {
    const pc = await newPc();
    const before = fake.requests.length;
    await expect(configured(pc, 'REPLACE-WITH-THE-BANK-CA')).rejects.toMatchObject({ code: 'CONFIG-INVALID', actor: 'it' });
    await expect(configured(pc, 'AB:CD')).rejects.toMatchObject({ code: 'CONFIG-INVALID', params: { setting: 'issuingCaSha256' } });
    expect(fake.requests.length).toBe(before);
  });
});

describe('a CA rollover that keeps the name (RFC 7030 §4.1.3)', { timeout: 90_000 }, () => {
  it('the old CA gone from /cacerts, the new one certified by it (NewWithOld): accepted, enrolled, and the new CA stays pinned', async () => {
    const pc = await newPc();
    answers([oldCa.certificate], oldCa);
    const first = await pc.services({ issuingCaSha256: oldCa.certificate.sha256 });
    await first.loadIssuerCas({ fresh: true });

    answers([newCa.certificate, newWithOld], newCa);
    const services = await pc.services({ issuingCaSha256: oldCa.certificate.sha256 });
    const cas = (await services.loadIssuerCas({ fresh: true })).cas.map((ca) => ca.sha256);
    expect(cas).toEqual([newCa.certificate.sha256, newWithOld.sha256]);
    expect((await enrollUser01(services)).kind).toBe('enrolled');
    expect(await installedIssuers(services)).toEqual([oldCa.certificate.subject]);

    // Later the list holds the new CA alone: it was pinned as the old one's successor.
    answers([newCa.certificate], newCa);
    const later = await pc.services({ issuingCaSha256: oldCa.certificate.sha256 });
    expect((await later.loadIssuerCas({ fresh: true })).cas.map((ca) => ca.sha256)).toEqual([newCa.certificate.sha256]);
  });

  it('two CAs of one name, the second signed the certificate: both tried by signature, enrolled', async () => {
    const pc = await newPc();
    answers([oldCa.certificate], oldCa);
    await (await pc.services()).loadIssuerCas({ fresh: true });

    answers([oldCa.certificate, newCa.certificate, newWithOld, oldWithNew], newCa);
    const services = await pc.services();
    expect((await services.loadIssuerCas({ fresh: true })).cas).toHaveLength(4);
    expect((await enrollUser01(services)).kind).toBe('enrolled');
    expect(await installedIssuers(services)).toEqual([oldCa.certificate.subject]);
    const status = await collectStatus(services, new Date(), 'user01');
    expect(status.situation.kind).toBe('valid');
  });

  it('a stranger’s CA of the same name beside the pinned one is not trusted: its certificate is refused, nothing installed', async () => {
    const pc = await newPc();
    answers([oldCa.certificate], oldCa);
    await (await pc.services()).loadIssuerCas({ fresh: true });

    answers([oldCa.certificate, stranger.certificate], stranger);
    const services = await pc.services();
    expect((await services.loadIssuerCas({ fresh: true })).cas.map((ca) => ca.sha256)).toEqual([oldCa.certificate.sha256]);
    const refused = await rejection(enrollUser01(services));
    expect(refused.code).toBe('ISSUE-WRONG-ISSUER');
    expect((refused as unknown as Error).message.split(oldCa.certificate.subject)).toHaveLength(3); // the leaf's issuer name, and the one CA
    expect(await installedIssuers(services)).toEqual([]);
    expect(await pc.cached()).toEqual([oldCa.certificate.sha256]);
  });
});
