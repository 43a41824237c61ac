// The real NssStore against real certutil/pk12util (libnss3-tools) in a throw-away HOME.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  buildPkcs12,
  generateKeyPair,
  randomPkcs12Password,
  toPem,
  type CertificateInfo,
  type KeyAlgorithm,
  type KeyPair,
} from '../../../electron/core/pki';
import { ProcessError, runProcess, type ProcessRunner } from '../../../electron/core/platform/process-runner';
import { runDirName } from '../../../electron/core/platform/run-staging';
import { StoreError, type InstallRequest } from '../../../electron/core/stores/certificate-store';
import { NssStore, nssKeyId } from '../../../electron/core/stores/nss-store';
import { runToolOk } from '../../helpers/run-tool';
import { issueTo, makeCa, type TestCa } from '../../unit/pki/pki-fixtures';

const NICKNAME = 'Rokin 給与 証明書';
// Each test stages pk12util's files under its own parent, so staging directories of other test
// files running in parallel cannot be mistaken for (or hide) a leak of this one.
const RAM_DIR = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();

let ca: TestCa;
let home: string;
let secretParent: string;
let calls: { command: string; args: readonly string[] }[];

const recordingRunner: ProcessRunner = (command, args, options) => {
  calls.push({ command, args });
  return runProcess(command, args, options);
};

const dbDir = (): string => join(home, '.pki', 'nssdb');
const newStore = (): NssStore => new NssStore({ home, runner: recordingRunner, secretParentDir: secretParent });
const certutil = (...args: string[]) => runToolOk('certutil', ['-d', `sql:${dbDir()}`, ...args]);

async function userCertificate(options: { algorithm?: KeyAlgorithm; key?: KeyPair; notBefore?: Date; notAfter?: Date } = {}) {
  const key = options.key ?? (await generateKeyPair(options.algorithm ?? 'rsa-2048'));
  const cert = await issueTo(ca, key, {
    commonName: '山田 太郎',
    ...(options.notBefore ? { notBefore: options.notBefore } : {}),
    ...(options.notAfter ? { notAfter: options.notAfter } : {}),
  });
  return { key, cert };
}

function installRequest(key: KeyPair, cert: CertificateInfo, friendlyName = NICKNAME): InstallRequest {
  const password = randomPkcs12Password();
  const pkcs12 = buildPkcs12({ privateKey: key.privateKey, certificate: cert.der, chain: [ca.certificate.der], friendlyName, password });
  return { pkcs12, password, certificate: cert, friendlyName };
}

async function keyIdsInDb(): Promise<string[]> {
  const result = await runProcess('certutil', ['-K', '-d', `sql:${dbDir()}`]);
  return [...result.stdout.matchAll(/<\s*\d+>\s+\S+\s+([0-9a-f]+)/g)].map((m) => m[1] ?? '');
}

beforeAll(async () => {
  ca = await makeCa('Rokin Test Issuing CA');
});

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'nss-home-'));
  secretParent = await mkdtemp(join(RAM_DIR, 'nss-test-secrets-'));
  calls = [];
});

afterEach(async () => {
  await rm(home, { recursive: true, force: true });
  const leftOver = readdirSync(secretParent);
  await rm(secretParent, { recursive: true, force: true });
  expect(leftOver).toEqual([]);
  // Every PKCS#12 import read its file from there.
  for (const call of calls.filter((c) => c.command === 'pk12util' && c.args.includes('-i'))) {
    const input = call.args[call.args.indexOf('-i') + 1] ?? '';
    expect(input.startsWith(`${secretParent}/cjs-cert-`)).toBe(true);
  }
});

describe('NssStore (real certutil/pk12util)', () => {
  it('preCheck creates a private, password-less database where none exists', async () => {
    const result = await newStore().preCheck();
    expect(result).toEqual({ ok: true, location: dbDir() });
    expect(existsSync(join(dbDir(), 'cert9.db'))).toBe(true);
    expect(statSync(dbDir()).mode & 0o777).toBe(0o700);
    expect(calls.some((c) => c.command === 'certutil' && c.args.includes('-N') && c.args.includes('--empty-password'))).toBe(true);
    // A second preCheck must not re-create (re-key) it.
    calls = [];
    expect((await newStore().preCheck()).ok).toBe(true);
    expect(calls.some((c) => c.args.includes('-N'))).toBe(false);
  });

  it('lists nothing on a profile that has no database yet, without creating one', async () => {
    expect(await newStore().list()).toEqual([]);
    expect(existsSync(dbDir())).toBe(false);
  });

  it.each(['rsa-2048', 'ecdsa-p256'] as const)(
    'installs a %s key + certificate with a Japanese nickname, and lists it with its key',
    async (algorithm) => {
      const store = newStore();
      const { key, cert } = await userCertificate({ algorithm });
      const request = installRequest(key, cert);
      const installed = await store.install(request);

      expect(calls.flatMap((c) => c.args).some((a) => a.includes(request.password))).toBe(false);
      const pk12 = calls.find((c) => c.command === 'pk12util');
      expect(pk12?.args).toEqual([
        '-i',
        expect.stringMatching(/cjs-cert-.*cert\.p12$/),
        '-d',
        `sql:${dbDir()}`,
        '-w',
        expect.stringMatching(/cjs-cert-.*p12\.pw$/),
      ]);

      const listing = (await certutil('-L')).stdout;
      expect(listing).toMatch(new RegExp(`^${NICKNAME}\\s+u,u,u\\s*$`, 'm'));

      const listed = await store.list();
      expect(listed).toHaveLength(1);
      const [mine] = listed;
      expect(mine).toMatchObject({
        store: 'nss',
        handle: NICKNAME,
        subjectCommonName: '山田 太郎',
        issuerCommonName: 'Rokin Test Issuing CA',
        serialNumber: cert.serialNumber,
        thumbprintSha1: cert.thumbprintSha1,
        notBefore: cert.notBefore,
        notAfter: cert.notAfter,
        hasPrivateKey: true,
      });
      expect(mine?.der?.equals(cert.der)).toBe(true);
      expect(installed.thumbprintSha1).toBe(cert.thumbprintSha1);
      // pk12util imported the CA too, under its own nickname: in the DB, but not a personal certificate.
      expect(listing).toContain('Rokin Test Issuing CA');
    },
  );

  it('lists old and renewed certificates sharing a nickname; removing the old keeps the new with its key', async () => {
    const store = newStore();
    const old = await userCertificate({ notBefore: new Date('2024-04-01T00:00:00Z'), notAfter: new Date('2025-03-31T23:59:59Z') });
    const renewed = await userCertificate({ algorithm: 'ecdsa-p256' });
    await store.install(installRequest(old.key, old.cert));
    await store.install(installRequest(renewed.key, renewed.cert));

    const both = await store.list();
    expect(both.map((c) => c.thumbprintSha1).sort()).toEqual([old.cert.thumbprintSha1, renewed.cert.thumbprintSha1].sort());
    expect(both.every((c) => c.handle === NICKNAME && c.hasPrivateKey)).toBe(true);

    await store.remove(both.find((c) => c.thumbprintSha1 === old.cert.thumbprintSha1)!);
    const left = await store.list();
    expect(left).toHaveLength(1);
    expect(left[0]).toMatchObject({ thumbprintSha1: renewed.cert.thumbprintSha1, hasPrivateKey: true, handle: NICKNAME });
    const keys = await keyIdsInDb();
    expect(keys).toContain(nssKeyId(renewed.cert.publicKey));
    expect(keys).not.toContain(nssKeyId(old.cert.publicKey));
  });

  it('removes the right one of three certificates sharing a nickname, whichever NSS deletes first', async () => {
    const store = newStore();
    const certs = [];
    for (const year of [2023, 2024, 2025]) {
      const c = await userCertificate({
        notBefore: new Date(`${year}-04-01T00:00:00Z`),
        notAfter: new Date(`${year + 1}-03-31T00:00:00Z`),
      });
      await store.install(installRequest(c.key, c.cert));
      certs.push(c);
    }
    // The middle one: NSS's "best" certificate for the nickname is another one, so at least one
    // other certificate is deleted on the way and must be added back.
    const target = certs[1]!.cert;
    calls = [];
    await store.remove({ handle: NICKNAME, thumbprintSha1: target.thumbprintSha1 });
    expect(calls.some((c) => c.args[0] === '-A')).toBe(true);
    const left = await store.list();
    expect(left.map((c) => c.thumbprintSha1).sort()).toEqual([certs[0]!.cert.thumbprintSha1, certs[2]!.cert.thumbprintSha1].sort());
    expect(left.every((c) => c.hasPrivateKey && c.handle === NICKNAME)).toBe(true);
    expect(await keyIdsInDb()).not.toContain(nssKeyId(target.publicKey));
  });

  it('keeps a key that the remaining certificate still uses (renewal with the same key)', async () => {
    const store = newStore();
    const old = await userCertificate({ notBefore: new Date('2024-04-01T00:00:00Z'), notAfter: new Date('2025-03-31T23:59:59Z') });
    const renewed = await userCertificate({ key: old.key });
    await store.install(installRequest(old.key, old.cert));
    await store.install(installRequest(renewed.key, renewed.cert));
    await store.remove({ handle: NICKNAME, thumbprintSha1: old.cert.thumbprintSha1 });
    expect(await store.list()).toEqual([expect.objectContaining({ thumbprintSha1: renewed.cert.thumbprintSha1, hasPrivateKey: true })]);
  });

  it('reports an end-entity certificate without its key as hasPrivateKey false, and no CA as personal', async () => {
    const store = newStore();
    await store.preCheck();
    const { cert } = await userCertificate();
    // `-t u,u,u` is accepted but NSS sets `u` only when the key is present.
    await runProcess('certutil', ['-A', '-d', `sql:${dbDir()}`, '-n', 'lost key 鍵なし', '-t', 'u,u,u', '-a'], {
      stdin: toPem('CERTIFICATE', cert.der),
    });
    await runProcess('certutil', ['-A', '-d', `sql:${dbDir()}`, '-n', 'Rokin Root', '-t', 'CT,C,C', '-a'], {
      stdin: toPem('CERTIFICATE', ca.certificate.der),
    });

    const listing = (await certutil('-L')).stdout;
    expect(listing).toMatch(/^lost key 鍵なし\s+,,\s*$/m);
    expect(listing).toMatch(/^Rokin Root\s+CT,C,C\s*$/m);
    expect(await store.list()).toEqual([
      expect.objectContaining({ handle: 'lost key 鍵なし', thumbprintSha1: cert.thumbprintSha1, hasPrivateKey: false }),
    ]);

    await store.remove({ handle: 'lost key 鍵なし', thumbprintSha1: cert.thumbprintSha1 });
    expect(await store.list()).toEqual([]);
    expect((await certutil('-L')).stdout).toContain('Rokin Root');
  });

  it('remove() deletes the certificate and its key (certutil -K no longer lists it)', async () => {
    const store = newStore();
    const { key, cert } = await userCertificate({ algorithm: 'ecdsa-p256' });
    const installed = await store.install(installRequest(key, cert));
    expect(await keyIdsInDb()).toContain(nssKeyId(cert.publicKey));

    await store.remove(installed);
    expect(await store.list()).toEqual([]);
    const keys = await runProcess('certutil', ['-K', '-d', `sql:${dbDir()}`]);
    expect(keys.stdout + keys.stderr).not.toContain(nssKeyId(cert.publicKey));
    expect(keys.stdout + keys.stderr).toMatch(/no keys found/);
    // Removing what is already gone is not an error.
    await expect(store.remove(installed)).resolves.toBeUndefined();
  });

  it('handles a nickname with a colon, which certutil shows with its token prefix', async () => {
    const store = newStore();
    const { key, cert } = await userCertificate();
    const installed = await store.install(installRequest(key, cert, 'Rokin: 給与'));
    expect(installed.handle).toBe('NSS Certificate DB:Rokin: 給与');
    await store.remove(installed);
    expect(await store.list()).toEqual([]);
  });

  it('reads a store in a fixed number of processes, a nickname the batch cannot carry by a process of its own', async () => {
    const installer = newStore();
    const names = ['ろうきん賃金控除 user01 0001', 'ろうきん賃金控除 user02 0002', 'say "hi" 引用', 'ろうきん賃金控除 user03 0003'];
    const certs: CertificateInfo[] = [];
    for (const [i, name] of names.entries()) {
      // NSS files a certificate under the nickname its subject already has: one subject each.
      const key = await generateKeyPair('ecdsa-p256');
      const cert = await issueTo(ca, key, { commonName: `user0${i}` });
      await installer.install(installRequest(key, cert, name));
      certs.push(cert);
    }
    calls = [];
    const listed = await newStore().list(); // a new store: nothing remembered, as a new process
    expect(listed.map((c) => c.thumbprintSha1).sort()).toEqual(certs.map((c) => c.thumbprintSha1).sort());
    expect(listed.every((c) => c.hasPrivateKey)).toBe(true);
    expect(listed.find((c) => c.thumbprintSha1 === certs[2]!.thumbprintSha1)?.handle).toBe('say "hi" 引用');
    // The listing, the keys, one batch for the three ordinary nicknames and the CA, one process for the quoted one.
    expect(calls.map((c) => `${c.command} ${c.args[0] ?? ''}`).sort()).toEqual([
      'certutil -B',
      'certutil -K',
      'certutil -L',
      'certutil -L',
    ]);
  });

  it('fails with STORE-COMMAND-FAILED on a wrong PKCS#12 password, leaving no secret file behind', async () => {
    const { key, cert } = await userCertificate();
    const request = { ...installRequest(key, cert), password: 'not-the-password' };
    await expect(newStore().install(request)).rejects.toMatchObject({ code: 'STORE-COMMAND-FAILED' });
  });

  it('reports STORE-TOOL-MISSING when certutil/pk12util are not on PATH', async () => {
    const noTools: ProcessRunner = (command, args, options) =>
      runProcess(command, args, { ...options, env: { ...process.env, PATH: join(home, 'empty-bin') } });
    const store = new NssStore({ home, runner: noTools });
    expect(await store.preCheck()).toMatchObject({ ok: false, code: 'STORE-TOOL-MISSING', advice: 'sudo apt-get install libnss3-tools' });
    const { key, cert } = await userCertificate();
    await expect(store.install(installRequest(key, cert))).rejects.toBeInstanceOf(StoreError);

    const throwing: ProcessRunner = (command, args) =>
      Promise.reject(new ProcessError('not-found', command, args, `${command} is not installed`));
    await expect(new NssStore({ home, runner: throwing }).list()).rejects.toMatchObject({ code: 'STORE-TOOL-MISSING' });
  });
});

describe('the staging directory of pk12util’s files', () => {
  it('exists while pk12util reads them and is gone right after an install, and after a failed one', async () => {
    const runDir = runDirName(secretParent);
    // Whether pk12util, when it ran, read its file from inside this process's staging directory.
    const staged: boolean[] = [];
    const watching: ProcessRunner = (command, args, options) => {
      if (command === 'pk12util') staged.push(existsSync(runDir) && (args[1] ?? '').startsWith(`${runDir}/`));
      return recordingRunner(command, args, options);
    };
    const store = new NssStore({ home, runner: watching, secretParentDir: secretParent });

    const first = await userCertificate();
    await store.install(installRequest(first.key, first.cert));
    expect(existsSync(runDir)).toBe(false);

    const second = await userCertificate();
    const wrongPassword = { ...installRequest(second.key, second.cert), password: 'not-the-password' };
    await expect(store.install(wrongPassword)).rejects.toMatchObject({ code: 'STORE-COMMAND-FAILED' });
    expect(existsSync(runDir)).toBe(false);

    expect(staged).toEqual([true, true]);
    expect(readdirSync(secretParent)).toEqual([]);
  });
});
