// NSS parsers and command lines; the real tools are exercised in tests/integration/stores.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateKeyPair, randomPkcs12Password } from '../../../electron/core/pki';
import { ProcessError } from '../../../electron/core/platform/process-runner';
import {
  NssStore,
  isPersonal,
  nssKeyId,
  parseCertutilKeys,
  parseCertutilList,
  trustToRestore,
} from '../../../electron/core/stores/nss-store';
import { caNicknameGuess, exportLine } from '../../../electron/core/stores/nss-listing';
import { issueTo, makeCa } from '../pki/pki-fixtures';
import { argsContain, fakeRunner } from './fake-runner';
import { fakeNss, touchDatabase, withKey } from './fake-nss';

// Recorded from certutil 3.87 (Debian 12) in this project's integration runs: the nickname
// column is padded by bytes, so Japanese nicknames shift the trust column left.
const LISTING = [
  '',
  'Certificate Nickname                                         Trust Attributes',
  '                                                             SSL,S/MIME,JAR/XPI',
  '',
  'Rokin 給与 証明書                                       u,u,u',
  'Rokin Test Issuing CA - Rokin Test                           ,,   ',
  'Rokin Root                                                   CT,C,C',
  'NSS Certificate DB:a:b c                                     ,,   ',
  '',
].join('\n');

const KEYS = [
  'certutil: Checking token "NSS Certificate DB" in slot "NSS User Private Key and Certificate Services"',
  '< 0> rsa      e8fa81b3c032cfdc8308da77da04a4007e026d3a   Rokin 給与 証明書',
  '< 1> ec       3cb573666cf3b076a19a16ffdb48138a6b62222d   (orphan)',
].join('\n');

describe('certutil output parsers', () => {
  it('reads nicknames with spaces, Japanese and token prefix, and their trust flags', () => {
    expect(parseCertutilList(LISTING)).toEqual([
      { nickname: 'Rokin 給与 証明書', trust: 'u,u,u' },
      { nickname: 'Rokin Test Issuing CA - Rokin Test', trust: ',,' },
      { nickname: 'Rokin Root', trust: 'CT,C,C' },
      { nickname: 'NSS Certificate DB:a:b c', trust: ',,' },
    ]);
    expect(parseCertutilList('')).toEqual([]);
  });

  it('reads key ids from certutil -K, orphans included', () => {
    expect(parseCertutilKeys(KEYS)).toEqual([
      { keyType: 'rsa', keyId: 'e8fa81b3c032cfdc8308da77da04a4007e026d3a', label: 'Rokin 給与 証明書' },
      { keyType: 'ec', keyId: '3cb573666cf3b076a19a16ffdb48138a6b62222d', label: '(orphan)' },
    ]);
  });

  it('computes NSS key ids for RSA and EC keys (40 hex digits, distinct per key)', async () => {
    const rsa = nssKeyId((await generateKeyPair('rsa-2048')).publicKey);
    const ec = nssKeyId((await generateKeyPair('ecdsa-p256')).publicKey);
    expect(rsa).toMatch(/^[0-9a-f]{40}$/);
    expect(ec).toMatch(/^[0-9a-f]{40}$/);
    expect(rsa).not.toBe(ec);
  });

  it('decides what is personal: keys always; keyless end-entity yes; CA or trusted peer no', () => {
    expect(isPersonal({ isCa: true }, true, [',,'])).toBe(true);
    expect(isPersonal({ isCa: false }, false, [',,'])).toBe(true);
    expect(isPersonal({ isCa: true }, false, [',,'])).toBe(false);
    expect(isPersonal({ isCa: true }, false, ['CT,C,C'])).toBe(false);
    expect(isPersonal({ isCa: false }, false, ['P,,'])).toBe(false);
  });

  it('restores the trust the nickname had, without the derived u', () => {
    expect(trustToRestore(['u,u,u', 'u,u,u'])).toBe(',,');
    expect(trustToRestore(['P,,'])).toBe('P,,');
    expect(trustToRestore(['u,u,u', 'P,,'])).toBe(',,');
  });
});

describe('NssStore command lines (recording runner)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nss-unit-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('installs with pk12util reading the password from a file, never argv', async () => {
    touchDatabase(dir);
    const ca = await makeCa();
    const key = await generateKeyPair('ecdsa-p256');
    const cert = await issueTo(ca, key, { commonName: '山田 太郎' });
    const password = randomPkcs12Password();
    const nss = fakeNss();
    const { certificate, keyId } = withKey('Rokin', cert);
    nss.nextImport = { certificates: [certificate], keyIds: [keyId] };
    const installed = await new NssStore({ dbDir: dir, runner: nss.runner }).install({
      pkcs12: Buffer.from('p12'),
      password,
      certificate: cert,
      friendlyName: 'Rokin',
    });
    expect(installed).toMatchObject({ store: 'nss', handle: 'Rokin', hasPrivateKey: true, thumbprintSha1: cert.thumbprintSha1 });
    expect(nss.runs[0]).toMatchObject({
      command: 'pk12util',
      args: ['-i', expect.stringMatching(/cert\.p12$/), '-d', `sql:${dir}`, '-w', expect.stringMatching(/p12\.pw$/)],
    });
    expect(argsContain(nss.runs, password)).toBe(false);
    expect(nss.runs.every((c) => c.stdin === undefined || !c.stdin.includes(password))).toBe(true);
  });

  it('verifies an install with one listing process and one key listing when it guesses the new nicknames', async () => {
    touchDatabase(dir);
    const ca = await makeCa('Rokin Test Issuing CA');
    const cert = await issueTo(ca, await generateKeyPair('ecdsa-p256'));
    const nss = fakeNss();
    const { certificate, keyId } = withKey('ろうきん 山田', cert);
    // pk12util names a CA certificate that comes without a nickname "CN - issuer's O".
    const caEntry = { nickname: 'Rokin Test Issuing CA - Rokin Test', trust: ',,', info: ca.certificate };
    nss.nextImport = { certificates: [certificate, caEntry], keyIds: [keyId] };
    const store = new NssStore({ dbDir: dir, runner: nss.runner });
    await store.install({
      pkcs12: Buffer.from('p12'),
      password: 'pw',
      certificate: cert,
      chain: [ca.certificate],
      friendlyName: 'ろうきん 山田',
    });
    expect(nss.calls).toEqual(['pk12util -i', 'certutil -K', 'certutil -B']);
    // The status read right after is the same listing, from memory.
    expect(await store.list()).toEqual([expect.objectContaining({ thumbprintSha1: cert.thumbprintSha1, hasPrivateKey: true })]);
    expect(nss.calls).toHaveLength(3);
  });

  it('fails verification when the certificate arrives without its key', async () => {
    touchDatabase(dir);
    const ca = await makeCa();
    const cert = await issueTo(ca, await generateKeyPair('rsa-2048'));
    const nss = fakeNss();
    nss.nextImport = { certificates: [{ nickname: 'Rokin', trust: ',,', info: cert }], keyIds: [] };
    await expect(
      new NssStore({ dbDir: dir, runner: nss.runner }).install({
        pkcs12: Buffer.from('p12'),
        password: 'pw',
        certificate: cert,
        friendlyName: 'Rokin',
      }),
    ).rejects.toMatchObject({ code: 'STORE-VERIFY-FAILED' });
  });

  it('fails verification when the imported certificate is not in the store', async () => {
    touchDatabase(dir);
    const cert = await issueTo(await makeCa(), await generateKeyPair('ecdsa-p256'));
    const nss = fakeNss();
    await expect(
      new NssStore({ dbDir: dir, runner: nss.runner }).install({
        pkcs12: Buffer.from('p12'),
        password: 'pw',
        certificate: cert,
        friendlyName: 'Rokin',
      }),
    ).rejects.toMatchObject({ code: 'STORE-VERIFY-FAILED' });
  });

  it('creates the database only where none exists, and reads it once (no key listing while it holds no certificate)', async () => {
    const dbDir = join(dir, '.pki', 'nssdb');
    const nss = fakeNss();
    expect(await new NssStore({ home: dir, runner: nss.runner }).preCheck()).toEqual({ ok: true, location: dbDir });
    expect(nss.runs.map((c) => [c.command, ...c.args])).toEqual([
      ['pk12util', '-H'],
      ['certutil', '-N', '-d', `sql:${dbDir}`, '--empty-password'],
      ['certutil', '-L', '-d', `sql:${dbDir}`],
    ]);
  });

  it('reports a missing tool with the package to install', async () => {
    const { runner } = fakeRunner((call) => {
      throw new ProcessError('not-found', call.command, call.args, 'missing');
    });
    expect(await new NssStore({ home: dir, runner }).preCheck()).toEqual({
      ok: false,
      code: 'STORE-TOOL-MISSING',
      message: 'certutil is not installed or not on PATH',
      advice: 'sudo apt-get install libnss3-tools',
    });
  });

  it('refuses a thumbprint that is not 40 hex digits before running anything', async () => {
    const { runner, calls } = fakeRunner(() => ({}));
    await expect(new NssStore({ dbDir: dir, runner }).remove({ handle: 'x', thumbprintSha1: 'abc' })).rejects.toMatchObject({
      code: 'STORE-PARSE-FAILED',
    });
    expect(calls).toEqual([]);
  });
});

describe('listing a store in few processes (certutil batch mode)', () => {
  let dir: string;
  let ca: Awaited<ReturnType<typeof makeCa>>;
  beforeAll(async () => {
    ca = await makeCa();
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nss-unit-'));
    touchDatabase(dir);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** `count` certificates with keys, each under its own nickname, plus the issuing CA without a key. */
  async function filled(count: number, nickname = (i: number) => `ろうきん賃金控除 user${i}`) {
    const nss = fakeNss();
    const certs = [];
    for (let i = 0; i < count; i++) {
      const info = await issueTo(ca, await generateKeyPair('ecdsa-p256'), { commonName: `user${i}` });
      const { certificate, keyId } = withKey(nickname(i), info);
      nss.certificates.push(certificate);
      nss.keyIds.add(keyId);
      certs.push(info);
    }
    nss.certificates.push({ nickname: 'Rokin Test Issuing CA - Rokin Test', trust: ',,', info: ca.certificate });
    return { nss, certs };
  }

  it('reads 100 certificates and their keys with three certutil processes, whatever the number', async () => {
    const { nss, certs } = await filled(100);
    const listed = await new NssStore({ dbDir: dir, runner: nss.runner }).list();
    expect(listed.map((c) => c.thumbprintSha1).sort()).toEqual(certs.map((c) => c.thumbprintSha1).sort());
    expect(listed.every((c) => c.hasPrivateKey)).toBe(true);
    expect(nss.calls).toEqual(['certutil -L', 'certutil -K', 'certutil -B']);
    expect(nss.batchLines).toHaveLength(101); // every nickname, the CA's included
  });

  it('gives a nickname that a batch line cannot carry (a double quote, over 500 bytes) a process of its own', async () => {
    const long = 'あ'.repeat(170);
    const { nss, certs } = await filled(3, (i) => ['say "hi"', long, 'plain'][i]!);
    const listed = await new NssStore({ dbDir: dir, runner: nss.runner }).list();
    expect(listed.map((c) => c.handle).sort()).toEqual(['plain', 'say "hi"', long].sort());
    expect(listed.map((c) => c.thumbprintSha1).sort()).toEqual(certs.map((c) => c.thumbprintSha1).sort());
    expect(nss.runs.filter((r) => r.args[0] === '-L' && r.args.includes('-n')).map((r) => r.args[r.args.indexOf('-n') + 1])).toEqual(
      expect.arrayContaining(['say "hi"', long]),
    );
  });

  it('lists again in one batch after a change, and still finds everything when a remembered nickname is gone', async () => {
    const { nss, certs } = await filled(5);
    const store = new NssStore({ dbDir: dir, runner: nss.runner });
    await store.list();
    // Another program deletes the second certificate and adds one: the database file changes.
    nss.certificates.splice(1, 1);
    const added = await issueTo(ca, await generateKeyPair('ecdsa-p256'), { commonName: 'user9' });
    nss.certificates.push(withKey('ろうきん賃金控除 user9', added).certificate);
    touchDatabase(dir);
    nss.calls.length = 0;
    const listed = await store.list();
    expect(listed.map((c) => c.thumbprintSha1).sort()).toEqual(
      [...certs.filter((_, i) => i !== 1), added].map((c) => c.thumbprintSha1).sort(),
    );
    // The first batch stopped at the missing nickname; one more ran the rest and the new one.
    expect(nss.calls).toEqual(['certutil -K', 'certutil -B', 'certutil -B']);
  });

  it('shares one listing between callers who ask while it runs, and keeps it while the database is unchanged', async () => {
    const { nss } = await filled(2);
    const store = new NssStore({ dbDir: dir, runner: nss.runner });
    const [a, b] = await Promise.all([store.list(), store.list()]);
    expect(a).toEqual(b);
    expect(await store.list()).toEqual(a);
    expect(nss.calls).toEqual(['certutil -L', 'certutil -K', 'certutil -B']);
  });
});

describe('batch lines and guessed nicknames', () => {
  it('quotes the nickname and the file, and refuses what certutil would cut or split', () => {
    expect(exportLine('ろうきん 山田 1234', '/dev/shm/x/0-0.pem')).toBe('-L -n "ろうきん 山田 1234" -a -o "/dev/shm/x/0-0.pem"');
    expect(exportLine('a "b"', '/x.pem')).toBeUndefined();
    expect(exportLine('line\nbreak', '/x.pem')).toBeUndefined();
    expect(exportLine('x'.repeat(490), '/x.pem')).toBeUndefined();
    expect(exportLine('x', '/dir "q"/x.pem')).toBeUndefined();
  });

  it("guesses pk12util's nickname for a CA certificate: CN, then the issuer's O", () => {
    expect(caNicknameGuess({ subject: 'CN=Rokin Test Issuing CA, O=Rokin Test', issuer: 'CN=Rokin Root, O=Rokin Bank' })).toBe(
      'Rokin Test Issuing CA - Rokin Bank',
    );
    expect(caNicknameGuess({ subject: 'OU=Unit', issuer: 'CN=Root' })).toBe('Unit');
    expect(caNicknameGuess({ subject: 'C=JP', issuer: 'C=JP' })).toBeUndefined();
  });
});
