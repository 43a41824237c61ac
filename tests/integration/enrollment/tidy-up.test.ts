// A renewal killed while it removed the certificates it superseded leaves them in the store,
// beside the renewed one, and its tidy-up record. The next enroll, renew or status of that login
// ID finishes the tidy-up, and removes nothing else: not another user's certificate, not one of
// a look-alike CA, not a newer one, and nothing at all without a record. The state the kill leaves
// is made in a real NSS store in a temporary HOME; the issuer is a fake EST over HTTPS on
// 127.0.0.1 (its CA list and CRL); the next command runs in-process through the use cases.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enroll } from '../../../electron/core/app/enroll';
import { createServices, type AppServices } from '../../../electron/core/app/services';
import { tidyUpPath } from '../../../electron/core/app/state-files';
import { collectStatus } from '../../../electron/core/app/status';
import { EMBEDDED_DEFAULTS } from '../../../electron/core/config';
import { EnrollmentJournal } from '../../../electron/core/enrollment/journal';
import { TidyUpFile } from '../../../electron/core/enrollment/tidy-up';
import { buildPkcs12, generateKeyPair, randomPkcs12Password } from '../../../electron/core/pki';
import type { StoredCertificate } from '../../../electron/core/stores/certificate-store';
import { freshHome } from '../../helpers/cli-process';
import { startFakeEst, type FakeEst } from '../../helpers/fake-est';
import { MemoryCredentialVault } from '../../helpers/memory-vault';
import { issueTo, makeCa, type TestCa } from '../../unit/pki/pki-fixtures';

const DAY = 86_400_000;
let dir: string;
let ca: TestCa;
let lookAlike: TestCa;
let fake: FakeEst;
const homes: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cjs-tidy-'));
  ca = await makeCa('Rokin CJS Issuing CA');
  lookAlike = await makeCa('Rokin CJS Issuing CA');
  fake = await startFakeEst(dir, { cacerts: [ca.certificate], signer: ca });
});

afterAll(async () => {
  await fake?.close();
  for (const home of homes) await rm(home, { recursive: true, force: true });
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Pc {
  readonly services: AppServices;
  readonly tidyUp: TidyUpFile;
  /** A certificate with its key in the store, as an install leaves it. */
  install(loginId: string, options: { from?: TestCa; daysOld: number }): Promise<StoredCertificate>;
  serials(): Promise<string[]>;
}

async function newPc(): Promise<Pc> {
  const home = await freshHome('cjs-tidy-home-');
  homes.push(home);
  const env = { HOME: home, XDG_STATE_HOME: join(home, '.local', 'state'), PATH: process.env.PATH };
  const journal = new EnrollmentJournal({ dir: join(home, 'journal'), vault: new MemoryCredentialVault() });
  const services = await createServices({ ...EMBEDDED_DEFAULTS, issuerUrl: fake.url, trustFiles: [fake.tlsCaPath] }, env, { journal });
  return {
    services,
    tidyUp: new TidyUpFile(tidyUpPath(env)),
    async install(loginId, { from = ca, daysOld }) {
      const key = await generateKeyPair('ecdsa-p256');
      const now = Date.now();
      const certificate = await issueTo(from, key, {
        commonName: loginId,
        notBefore: new Date(now - daysOld * DAY - 3_600_000),
        notAfter: new Date(now + (366 - daysOld) * DAY),
      });
      const password = randomPkcs12Password();
      const friendlyName = `test ${loginId} ${certificate.serialNumber.slice(-8)}`;
      const pkcs12 = buildPkcs12({ privateKey: key.privateKey, certificate: certificate.der, chain: [], friendlyName, password });
      return services.store.install({ pkcs12, password, certificate, friendlyName });
    },
    serials: async () => (await services.store.list()).map((c) => c.serialNumber).sort(),
  };
}

/** What a renewal killed during its tidy-up leaves: the superseded and the renewed certificate, and the record. */
async function killedDuringTidyUp(pc: Pc): Promise<{ old: StoredCertificate; renewed: StoredCertificate }> {
  const old = await pc.install('user01', { daysOld: 340 });
  const renewed = await pc.install('user01', { daysOld: 0 });
  await pc.tidyUp.begin({ issuerUrl: fake.url, loginId: 'user01', keepThumbprintSha1: renewed.thumbprintSha1 });
  return { old, renewed };
}

const commands = {
  status: (services: AppServices) => collectStatus(services, new Date(), 'user01'),
  enroll: (services: AppServices) => enroll(services, { operation: 'enroll', loginId: 'user01', password: 'pw' }),
};

describe('a tidy-up interrupted by a kill', { timeout: 90_000 }, () => {
  it.each(Object.keys(commands) as (keyof typeof commands)[])('is finished by the next %s of the login ID', async (command) => {
    const pc = await newPc();
    const { old, renewed } = await killedDuringTidyUp(pc);
    expect(await pc.serials()).toEqual([old.serialNumber, renewed.serialNumber].sort());

    await commands[command](pc.services);
    expect(await pc.serials()).toEqual([renewed.serialNumber]);
    expect((await pc.services.store.list())[0]!.hasPrivateKey).toBe(true);
    expect(await pc.tidyUp.pending()).toEqual([]);
    const status = await collectStatus(pc.services, new Date(), 'user01');
    expect(status.situation).toMatchObject({ kind: 'valid', certificate: { serialNumber: renewed.serialNumber } });
  });

  it('is finished by the next renew, which then renews the kept certificate', async () => {
    const pc = await newPc();
    const { old } = await killedDuringTidyUp(pc);
    const result = await enroll(pc.services, { operation: 'renew', loginId: 'user01', password: 'pw' });
    expect(result.kind).toBe('enrolled');
    const serials = await pc.serials();
    expect(serials).toHaveLength(1);
    expect(serials).not.toContain(old.serialNumber);
    expect(await pc.tidyUp.pending()).toEqual([]);
  });

  it('removes only older certificates of that login ID from our issuer: not another user’s, a look-alike CA’s, or a newer one', async () => {
    const pc = await newPc();
    const { old, renewed } = await killedDuringTidyUp(pc);
    const otherUser = await pc.install('user02', { daysOld: 200 });
    const lookAlikes = await pc.install('user01', { from: lookAlike, daysOld: 300 });
    const newer = await pc.install('user01', { daysOld: -1 });
    await collectStatus(pc.services, new Date());
    const left = await pc.serials();
    expect(left).not.toContain(old.serialNumber);
    expect(left).toEqual([renewed.serialNumber, otherUser.serialNumber, lookAlikes.serialNumber, newer.serialNumber].sort());
  });

  it('without a record nothing is removed: two certificates of one user stay for the user to choose', async () => {
    const pc = await newPc();
    const { old, renewed } = await killedDuringTidyUp(pc);
    await pc.tidyUp.end({ issuerUrl: fake.url, loginId: 'user01', keepThumbprintSha1: renewed.thumbprintSha1 });
    const status = await collectStatus(pc.services, new Date(), 'user01');
    expect(await pc.serials()).toEqual([old.serialNumber, renewed.serialNumber].sort());
    expect(status.situation.kind).toBe('several-usable');
  });

  it('a record whose certificate to keep is gone removes nothing, and is dropped', async () => {
    const pc = await newPc();
    const { old, renewed } = await killedDuringTidyUp(pc);
    await pc.services.store.remove(renewed);
    await collectStatus(pc.services, new Date(), 'user01');
    expect(await pc.serials()).toEqual([old.serialNumber]);
    expect(await pc.tidyUp.pending()).toEqual([]);
  });
});
