// NSS parsers and command lines; the real tools are exercised in tests/integration/stores.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateKeyPair, randomPkcs12Password, toPem } from '../../../electron/core/pki';
import { ProcessError } from '../../../electron/core/platform/process-runner';
import {
  NssStore,
  isPersonal,
  nssKeyId,
  parseCertutilKeys,
  parseCertutilList,
  trustToRestore,
} from '../../../electron/core/stores/nss-store';
import { issueTo, makeCa } from '../pki/pki-fixtures';
import { argsContain, fakeRunner } from './fake-runner';

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
    await writeFile(join(dir, 'cert9.db'), '');
    const ca = await makeCa();
    const key = await generateKeyPair('ecdsa-p256');
    const cert = await issueTo(ca, key, { commonName: '山田 太郎' });
    const password = randomPkcs12Password();
    const { runner, calls } = fakeRunner((call) => {
      if (call.args.includes('-K')) return { stdout: `< 0> ec ${nssKeyId(cert.publicKey) ?? ''} Rokin\n` };
      if (call.args.includes('-a')) return { stdout: toPem('CERTIFICATE', cert.der) };
      if (call.args[0] === '-L') return { stdout: LISTING.replace('Rokin 給与 証明書', 'Rokin') };
      return {};
    });
    const installed = await new NssStore({ dbDir: dir, runner }).install({
      pkcs12: Buffer.from('p12'),
      password,
      certificate: cert,
      friendlyName: 'Rokin',
    });
    expect(installed).toMatchObject({ store: 'nss', handle: 'Rokin', hasPrivateKey: true, thumbprintSha1: cert.thumbprintSha1 });
    expect(calls[0]).toMatchObject({
      command: 'pk12util',
      args: ['-i', expect.stringMatching(/cert\.p12$/), '-d', `sql:${dir}`, '-w', expect.stringMatching(/p12\.pw$/)],
    });
    expect(argsContain(calls, password)).toBe(false);
    expect(calls.every((c) => c.stdin === undefined || !c.stdin.includes(password))).toBe(true);
  });

  it('fails verification when the certificate arrives without its key', async () => {
    await writeFile(join(dir, 'cert9.db'), '');
    const ca = await makeCa();
    const cert = await issueTo(ca, await generateKeyPair('rsa-2048'));
    const { runner } = fakeRunner((call) => {
      if (call.args.includes('-K')) return { exitCode: 255, stderr: 'certutil: no keys found\n' };
      if (call.args.includes('-a')) return { stdout: toPem('CERTIFICATE', cert.der) };
      if (call.args[0] === '-L') return { stdout: LISTING.replace('u,u,u', ',,') };
      return {};
    });
    await expect(
      new NssStore({ dbDir: dir, runner }).install({ pkcs12: Buffer.from('p12'), password: 'pw', certificate: cert, friendlyName: '' }),
    ).rejects.toMatchObject({ code: 'STORE-VERIFY-FAILED' });
  });

  it('creates the database only where none exists', async () => {
    const dbDir = join(dir, '.pki', 'nssdb');
    const { runner, calls } = fakeRunner(() => ({}));
    expect(await new NssStore({ home: dir, runner }).preCheck()).toEqual({ ok: true, location: dbDir });
    expect(calls.map((c) => [c.command, ...c.args])).toEqual([
      ['certutil', '-H'],
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
