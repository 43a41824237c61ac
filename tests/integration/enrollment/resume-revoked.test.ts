// A run killed after issuance leaves its certificate in the journal. If the master deletes (and
// re-registers) the login ID before the next run, that certificate is revoked: the next run must
// not install it and report success. The state the kill leaves is made with the real journal
// (in-memory vault), the real issuer over HTTPS and a real NSS store; the next `enroll` runs
// in-process through the use case the CLI and the app call.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enroll } from '../../../electron/core/app/enroll';
import { createServices, type AppServices } from '../../../electron/core/app/services';
import { collectStatus } from '../../../electron/core/app/status';
import { EMBEDDED_DEFAULTS } from '../../../electron/core/config';
import { EnrollmentJournal } from '../../../electron/core/enrollment/journal';
import type { EnrollmentEvent } from '../../../electron/core/enrollment/workflow';
import { IssuingError } from '../../../electron/core/issuing';
import { createCsr, generateKeyPair, readCertificate } from '../../../electron/core/pki';
import { freshHome } from '../../helpers/cli-process';
import { issuerCertificates } from '../../helpers/enrollment-state';
import { DEMO_PASSWORD, startTestIssuer, type TestIssuer } from '../../helpers/issuer';
import { MemoryCredentialVault } from '../../helpers/memory-vault';

let issuer: TestIssuer;
const homes: string[] = [];

beforeAll(async () => {
  issuer = await startTestIssuer();
  const master = await issuer.service.authenticate('master01', DEMO_PASSWORD);
  for (const loginId of ['user03', 'user04', 'user05']) await issuer.service.addUser(master, { loginId, password: DEMO_PASSWORD });
});

afterAll(async () => {
  await issuer?.stop();
  for (const home of homes) await rm(home, { recursive: true, force: true });
});

interface Pc {
  readonly journal: EnrollmentJournal;
  /** The next command's services; `noCrl` makes the issuer's CRL unobtainable for it. */
  services(options?: { noCrl?: boolean }): Promise<AppServices>;
}

async function newPc(): Promise<Pc> {
  const home = await freshHome('cjs-resume-revoked-');
  homes.push(home);
  const env = { HOME: home, XDG_STATE_HOME: join(home, '.local', 'state'), PATH: process.env.PATH };
  const journal = new EnrollmentJournal({ dir: join(home, 'journal'), vault: new MemoryCredentialVault() });
  return {
    journal,
    async services(options = {}) {
      const services = await createServices({ ...EMBEDDED_DEFAULTS, issuerUrl: issuer.estUrl, trustFiles: [issuer.tlsCaCertPath] }, env, {
        journal,
      });
      if (!options.noCrl) return services;
      const unreachable = () => Promise.reject(new IssuingError('ISSUE-UNREACHABLE', 'the CRL cannot be fetched (test)'));
      return { ...services, issuing: { ...services.issuing, getCrl: unreachable } };
    },
  };
}

/** What a run killed after the answer was checked and journaled leaves: the journal with the issued certificate. */
async function killedAfterIssuance(pc: Pc, loginId: string): Promise<string> {
  const services = await pc.services();
  const keyPair = await generateKeyPair('ecdsa-p256');
  const csrDer = await createCsr(keyPair, loginId);
  const id = `killed-${loginId}`;
  await pc.journal.begin({
    id,
    operation: 'enroll',
    issuerUrl: issuer.estUrl,
    loginId,
    keyAlgorithm: 'ecdsa-p256',
    privateKey: keyPair.privateKey,
    csrDer,
  });
  const [der] = await services.issuing.simpleEnroll(csrDer, { loginId, password: DEMO_PASSWORD });
  await pc.journal.recordIssued(id, der!);
  return readCertificate(der!).serialNumber;
}

async function masterDeletes(loginId: string, reRegister: boolean): Promise<void> {
  const master = await issuer.service.authenticate('master01', DEMO_PASSWORD);
  issuer.service.deleteUser(master, loginId);
  if (reRegister) await issuer.service.addUser(master, { loginId, password: DEMO_PASSWORD });
}

async function run(services: AppServices, loginId: string) {
  const events: EnrollmentEvent[] = [];
  const result = await enroll(services, { operation: 'enroll', loginId, password: DEMO_PASSWORD }, { onEvent: (e) => events.push(e) }).then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error: error as { code: string; actor: string } }),
  );
  return { result, warnings: events.filter((e) => e.type === 'warning') };
}

async function installedSerials(services: AppServices, loginId: string): Promise<string[]> {
  return (await services.store.list()).filter((c) => c.subjectCommonName === loginId).map((c) => c.serialNumber);
}

describe('resuming an enrollment whose certificate was revoked meanwhile', { timeout: 90_000 }, () => {
  it('the master deleted and re-registered the ID: the revoked certificate is not installed, the user is told, a new one is', async () => {
    const pc = await newPc();
    const journaled = await killedAfterIssuance(pc, 'user03');
    await masterDeletes('user03', true);

    const services = await pc.services();
    const { result, warnings } = await run(services, 'user03');
    expect(warnings).toContainEqual({ type: 'warning', code: 'JOURNAL-REVOKED', detail: journaled });
    expect(result.ok).toBe(true);
    const outcome = result.ok && result.value.kind === 'enrolled' ? result.value.outcome : undefined;
    expect(outcome?.resumed).toBe(false);
    expect(outcome?.installed.serialNumber).not.toBe(journaled);
    expect(await installedSerials(services, 'user03')).toEqual([outcome!.installed.serialNumber]);
    expect(issuerCertificates(issuer.dataDir, 'user03')).toEqual([{ serial: outcome!.installed.serialNumber, revoked: false }]);
    expect(await pc.journal.listPending()).toEqual([]);
    expect((await collectStatus(await pc.services(), new Date(), 'user03')).situation.kind).toBe('valid');
  });

  it('the master deleted the ID for good: nothing installed, the journal gone, the issuer’s refusal says who acts', async () => {
    const pc = await newPc();
    const journaled = await killedAfterIssuance(pc, 'user04');
    await masterDeletes('user04', false);

    const services = await pc.services();
    const { result, warnings } = await run(services, 'user04');
    expect(warnings).toContainEqual({ type: 'warning', code: 'JOURNAL-REVOKED', detail: journaled });
    expect(result.ok).toBe(false);
    expect(result.ok ? undefined : result.error).toMatchObject({ code: 'CJS-E-USER-DELETED', actor: 'master' });
    expect(await installedSerials(services, 'user04')).toEqual([]);
    expect(await pc.journal.listPending()).toEqual([]);
  });

  it('the CRL cannot be had: the journaled certificate is not installed unchecked; the issuer, asked again, gives a live one', async () => {
    const pc = await newPc();
    const journaled = await killedAfterIssuance(pc, 'user05');
    await masterDeletes('user05', true);

    const services = await pc.services({ noCrl: true });
    const { result } = await run(services, 'user05');
    expect(result.ok).toBe(true);
    const installed = await installedSerials(services, 'user05');
    expect(installed).toHaveLength(1);
    expect(installed[0]).not.toBe(journaled);
    expect(issuerCertificates(issuer.dataDir, 'user05')).toEqual([{ serial: installed[0], revoked: false }]);
    expect(await pc.journal.listPending()).toEqual([]);
  });

  it.each([
    ['the CRL lists nothing of it', 'user01', false],
    ['the CRL cannot be had (the issuer answers the journaled CSR with the same certificate)', 'user02', true],
  ])('nothing happened meanwhile, %s: the journaled certificate is installed, without a second issuance', async (_name, loginId, noCrl) => {
    const pc = await newPc();
    const journaled = await killedAfterIssuance(pc, loginId);
    const services = await pc.services({ noCrl });
    const { result, warnings } = await run(services, loginId);
    expect(warnings).toEqual([]);
    expect(result.ok && result.value.kind === 'enrolled' && result.value.outcome.resumed).toBe(true);
    expect(await installedSerials(services, loginId)).toEqual([journaled]);
    expect(issuerCertificates(issuer.dataDir, loginId)).toEqual([{ serial: journaled, revoked: false }]);
    expect(await pc.journal.listPending()).toEqual([]);
  });
});
