// macOS cannot run here: command lines and stdin are pinned with a recording runner, and the
// parsers run on recorded `find-identity` outputs and constructed `find-certificate` ones
// (tests/fixtures/macos/SOURCES.md says which is which).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCertificate } from '../../../electron/core/pki';
import { MacKeychainStore, importCommandLine, parseFindCertificate, parseFindIdentity } from '../../../electron/core/stores/macos-store';
import { argsContain, fakeRunner, type RecordedCall } from './fake-runner';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'macos');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
const KEYCHAIN = '/Users/山田 太郎/Library/Keychains/login.keychain-db';
const PASSWORD = 'S3cr3t-one-time_password';
const CERTS = 'security-find-certificate-a-Z-p.constructed.txt';
const IDENTITIES = 'security-find-identity.constructed.2-identities.txt';
const NO_IDENTITY = 'security-import-p12-then-find-identity-ssl-client.0-identities.txt';
const SSL_CLIENT_VS_BASIC = 'security-find-identity-ssl-client-vs-basic.not-trusted.txt';
/**
 * CONSTRUCTED, not recorded: no console capture of a wrong-password `security import` was found.
 * The message is the errSecPkcs12VerifyFailure text that docs quote (find_string ids 56112353474,
 * 67494437789); the `security: SecKeychainItemImport: ` prefix copies the quoted duplicate-item line.
 */
const WRONG_PASSWORD_STDERR_CONSTRUCTED =
  'security: SecKeychainItemImport: MAC verification failed during PKCS12 import (wrong password?)\n';

/** Answers like `security` would for a keychain holding the constructed fixture's content. */
function keychainAnswers(state: { certificates: string; identities: string; importStdout?: string; importStderr?: string }) {
  return (call: RecordedCall) => {
    if (call.args[0] === 'find-certificate') return { stdout: state.certificates };
    if (call.args[0] === 'find-identity') return { stdout: state.identities };
    if (call.args[0] === '-i') return { stdout: state.importStdout ?? 'security> ', stderr: state.importStderr ?? '' };
    return {};
  };
}

describe('security output parsers', () => {
  it('reads the recorded find-identity outputs (1 identity, 0 identities)', () => {
    expect(parseFindIdentity(fixture('security-find-identity-ssl-client.1-identity.txt'))).toEqual([
      { sha1: 'B307B90CCD374080E74F1B15AF602B35A75D8401', label: 'testClientTLS', problem: undefined },
    ]);
    expect(parseFindIdentity(fixture(NO_IDENTITY))).toEqual([]);
  });

  it('reads the recorded Mac where -p ssl-client showed 0 identities and the default policy 1, not trusted', () => {
    const text = fixture(SSL_CLIENT_VS_BASIC);
    const [sslClient, basic] = text.split(/^.*security find-identity\s*$/m);
    expect(sslClient).toContain('-p ssl-client');
    expect(parseFindIdentity(sslClient ?? '')).toEqual([]);
    expect(parseFindIdentity(basic ?? '')).toEqual([
      { sha1: '3D56A913A200723DAE2F16EC29373A97D0F57F18', label: 'user-mac', problem: 'CSSMERR_TP_NOT_TRUSTED' },
    ]);
  });

  it('keeps identities that are not valid (expired, untrusted chain): they still have their key', () => {
    const ids = parseFindIdentity(fixture(IDENTITIES));
    expect(ids).toHaveLength(2);
    expect(ids[0]?.label).toBe('山田 太郎');
    expect(ids[1]?.problem).toBe('CSSMERR_TP_CERT_EXPIRED');
  });

  it('reads every PEM block of find-certificate -Z -p and cross-checks the SHA-1 lines', () => {
    const certs = parseFindCertificate(fixture(CERTS));
    expect(certs.map((c) => c.subjectCommonName)).toEqual(['山田 太郎', 'user02', 'user01', 'Rokin Test Issuing CA']);
    const tampered = fixture(CERTS).replace(/^SHA-1 hash: [0-9A-F]{40}$/m, `SHA-1 hash: ${'0'.repeat(40)}`);
    expect(() => parseFindCertificate(tampered)).toThrow(expect.objectContaining({ code: 'STORE-PARSE-FAILED' }));
  });
});

describe('MacKeychainStore with a recording runner', () => {
  it('imports through `security -i` with the password on stdin only, non-extractable, then verifies', async () => {
    const { runner, calls } = fakeRunner(keychainAnswers({ certificates: fixture(CERTS), identities: fixture(IDENTITIES) }));
    const certificate = parseFindCertificate(fixture(CERTS))[0]!;
    const store = new MacKeychainStore({ keychain: KEYCHAIN, runner });
    const installed = await store.install({
      pkcs12: Buffer.from('pfx'),
      password: PASSWORD,
      certificate,
      friendlyName: 'Rokin 給与 証明書',
    });

    expect(installed).toMatchObject({
      store: 'macos',
      handle: certificate.thumbprintSha1,
      hasPrivateKey: true,
      subjectCommonName: '山田 太郎',
    });
    expect(calls[0]?.args).toEqual(['-i']);
    expect(calls[0]?.stdin).toMatch(
      new RegExp(`^import "[^"]*cjs-cert-[^"]*/cert\\.p12" -k "${KEYCHAIN}" -f pkcs12 -x -P "${PASSWORD}"\\n$`),
    );
    expect(argsContain(calls, PASSWORD)).toBe(false);
    expect(calls.slice(1).map((c) => c.args)).toEqual([
      ['find-certificate', '-a', '-Z', '-p', KEYCHAIN],
      ['find-identity', KEYCHAIN],
    ]);
  });

  it('treats "already exists" as a matter for verification, and other import errors as failures', async () => {
    const certificate = parseFindCertificate(fixture(CERTS))[0]!;
    const request = { pkcs12: Buffer.from('pfx'), password: PASSWORD, certificate, friendlyName: '' };
    const duplicate = fakeRunner(
      keychainAnswers({
        certificates: fixture(CERTS),
        identities: fixture(IDENTITIES),
        importStderr: fixture('security-import-duplicate-error.quoted.txt'),
      }),
    );
    await expect(new MacKeychainStore({ keychain: KEYCHAIN, runner: duplicate.runner }).install(request)).resolves.toMatchObject({
      hasPrivateKey: true,
    });

    const wrong = fakeRunner(keychainAnswers({ certificates: '', identities: '', importStderr: WRONG_PASSWORD_STDERR_CONSTRUCTED }));
    await expect(new MacKeychainStore({ keychain: KEYCHAIN, runner: wrong.runner }).install(request)).rejects.toMatchObject({
      code: 'STORE-COMMAND-FAILED',
    });
  });

  it('does not trust "1 identity imported.": no identity listed after import fails verification', async () => {
    // The recorded import message and 0-identity listing (on that Mac the 0 came from -p ssl-client
    // hiding an untrusted identity; here it stands for a keychain with no identity at all).
    const recorded = fixture(NO_IDENTITY);
    const imported = /^\d+ identity imported\.$/m.exec(recorded)?.[0];
    expect(imported).toBe('1 identity imported.');
    const certificate = parseFindCertificate(fixture(CERTS))[0]!;
    const { runner } = fakeRunner(keychainAnswers({ certificates: fixture(CERTS), identities: recorded, importStdout: `${imported}\n` }));
    await expect(
      new MacKeychainStore({ keychain: KEYCHAIN, runner }).install({
        pkcs12: Buffer.from('pfx'),
        password: PASSWORD,
        certificate,
        friendlyName: '',
      }),
    ).rejects.toMatchObject({ code: 'STORE-VERIFY-FAILED' });
  });

  it('lists certificates with keys and keyless end-entity certificates, not the keyless CA', async () => {
    const { runner } = fakeRunner(keychainAnswers({ certificates: fixture(CERTS), identities: fixture(IDENTITIES) }));
    const listed = await new MacKeychainStore({ keychain: KEYCHAIN, runner }).list();
    expect(listed.map((c) => [c.subjectCommonName, c.hasPrivateKey])).toEqual([
      ['山田 太郎', true],
      ['user02', false],
      ['user01', true],
    ]);
  });

  it('sees the key of an identity whose CA is not trusted: find-identity without -p ssl-client (recorded Mac)', async () => {
    // Answers -p ssl-client as the recorded Mac did (0 identities), the default policy with the
    // constructed listing: the first certificate keeps its key and is removed with delete-identity.
    const sslClientZero = fixture(SSL_CLIENT_VS_BASIC).split(/^.*security find-identity\s*$/m)[0] ?? '';
    const state = { certificates: fixture(CERTS), identities: fixture(IDENTITIES) };
    const { runner, calls } = fakeRunner((call) => {
      if (call.args[0] === 'find-identity' && call.args.includes('ssl-client')) return { stdout: sslClientZero };
      if (call.args[0]?.startsWith('delete-')) state.certificates = '';
      return keychainAnswers(state)(call);
    });
    const store = new MacKeychainStore({ keychain: KEYCHAIN, runner });
    expect((await store.list()).map((c) => [c.subjectCommonName, c.hasPrivateKey])).toEqual([
      ['山田 太郎', true],
      ['user02', false],
      ['user01', true],
    ]);
    const first = parseFindCertificate(fixture(CERTS))[0]!;
    await store.remove({ handle: first.thumbprintSha1, thumbprintSha1: first.thumbprintSha1 });
    expect(calls.find((c) => c.args[0]?.startsWith('delete-'))?.args[0]).toBe('delete-identity');
    expect(calls.filter((c) => c.args[0] === 'find-identity').every((c) => !c.args.includes('-p'))).toBe(true);
  });

  it('lists an empty keychain (find-certificate exits non-zero with "could not be found")', async () => {
    // The find-certificate exit code and stderr are CONSTRUCTED (no capture found); the identity listing is recorded.
    const { runner } = fakeRunner((call) =>
      call.args[0] === 'find-certificate'
        ? { exitCode: 44, stderr: 'security: SecKeychainSearchCopyNext: The specified item could not be found in the keychain.\n' }
        : { stdout: fixture(NO_IDENTITY) },
    );
    expect(await new MacKeychainStore({ keychain: KEYCHAIN, runner }).list()).toEqual([]);
  });

  it('removes an identity with delete-identity and a keyless certificate with delete-certificate', async () => {
    const [withKey, noKey] = parseFindCertificate(fixture(CERTS));
    for (const [cert, verb] of [
      [withKey!, 'delete-identity'],
      [noKey!, 'delete-certificate'],
    ] as const) {
      const state = { certificates: fixture(CERTS), identities: fixture(IDENTITIES) };
      const { runner, calls } = fakeRunner((call) => {
        if (call.args[0]?.startsWith('delete-')) state.certificates = '';
        return keychainAnswers(state)(call);
      });
      await new MacKeychainStore({ keychain: KEYCHAIN, runner }).remove({
        handle: cert.thumbprintSha1,
        thumbprintSha1: cert.thumbprintSha1,
      });
      expect(calls.find((c) => c.args[0]?.startsWith('delete-'))?.args).toEqual([verb, '-Z', cert.thumbprintSha1, KEYCHAIN]);
    }
  });

  it('fails verification when the certificate is still there, and refuses a bad thumbprint', async () => {
    const { runner } = fakeRunner(keychainAnswers({ certificates: fixture(CERTS), identities: fixture(IDENTITIES) }));
    const store = new MacKeychainStore({ keychain: KEYCHAIN, runner });
    const cert = readCertificate(parseFindCertificate(fixture(CERTS))[0]!.der);
    await expect(store.remove({ handle: cert.thumbprintSha1, thumbprintSha1: cert.thumbprintSha1 })).rejects.toMatchObject({
      code: 'STORE-VERIFY-FAILED',
    });
    await expect(store.remove({ handle: 'x', thumbprintSha1: '-Z; rm' })).rejects.toMatchObject({ code: 'STORE-PARSE-FAILED' });
  });

  it('refuses values that security -i would split or unquote', () => {
    expect(() => importCommandLine('/tmp/a"b.p12', KEYCHAIN, PASSWORD)).toThrow(/file path/);
    expect(() => importCommandLine('/tmp/a.p12', KEYCHAIN, 'pw"; delete-keychain x')).toThrow(/password/);
    expect(() => importCommandLine('/tmp/a.p12', KEYCHAIN, 'pw\nimport')).toThrow(/password/);
  });
});
