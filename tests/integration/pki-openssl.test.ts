// Cross-checks of the PKI core against the tools the certificates really meet: OpenSSL (what the
// issuer's peers and most servers run) and NSS (the store Chromium and Firefox read on Linux).
import { createPrivateKey } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildPkcs12,
  createCrl,
  createCsr,
  decodeCertsOnly,
  encodeCertsOnly,
  fromPem,
  fromPemAll,
  generateKeyPair,
  randomPkcs12Password,
  readCertificate,
  samePublicKey,
  toPem,
  type CertificateInfo,
  type KeyAlgorithm,
  type KeyPair,
} from '../../electron/core/pki';
import { runTool, runToolOk, type ToolResult } from '../helpers/run-tool';
import { issueTo, makeCa, type TestCa } from '../unit/pki/pki-fixtures';

const FRIENDLY_NAME = '給与 証明書';
/** A moment inside every validity period below, so no check depends on today's date. */
const AT = new Date('2025-06-02T00:00:00Z');
const ATTIME = String(Math.floor(AT.getTime() / 1000));

let dir: string;
let ca: TestCa;
const users = {} as Record<KeyAlgorithm, { pair: KeyPair; cert: CertificateInfo }>;
let n = 0;

/** Writes a file in the test's temporary directory and returns its path. */
async function put(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(dir, `${n++}-${name}`);
  await writeFile(path, content, { mode: 0o600 });
  return path;
}

const openssl = (...args: string[]): Promise<ToolResult> => runTool('openssl', args);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pki-openssl-'));
  ca = await makeCa();
  for (const algorithm of ['rsa-2048', 'ecdsa-p256'] as const) {
    const pair = await generateKeyPair(algorithm);
    users[algorithm] = { pair, cert: await issueTo(ca, pair) };
  }
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.each(['rsa-2048', 'ecdsa-p256'] as const)('OpenSSL reads our %s objects', (algorithm) => {
  it('`openssl req -verify` accepts our CSR and sees the subject CN=user01', async () => {
    const csr = await put('req.der', await createCsr(users[algorithm].pair, 'user01'));
    const result = await openssl('req', '-inform', 'DER', '-in', csr, '-verify', '-noout', '-subject', '-nameopt', 'RFC2253');
    expect(result.code).toBe(0);
    // `req -verify` exits 0 on failure too (OpenSSL 3.0): the message is the verdict.
    expect(result.stderr).toMatch(/self-signature verify OK/);
    expect(result.stdout.trim()).toBe('subject=CN=user01');
  });

  it('`openssl req -verify` refuses our CSR once its subject is altered (the check can fail)', async () => {
    const der = await createCsr(users[algorithm].pair, 'user01');
    der.write('user02', der.indexOf('user01'), 'latin1');
    const result = await openssl('req', '-inform', 'DER', '-in', await put('tampered.der', der), '-verify', '-noout');
    // OpenSSL 3.0 exits 0 even when the self-signature fails: judge by what it prints.
    expect(result.stdout + result.stderr).toMatch(/self-signature verify failure/);
    expect(result.stdout + result.stderr).not.toMatch(/verify OK/);
  });

  it('`openssl pkcs12 -info` opens our PKCS#12: 3DES key bag, SHA-1 MAC, matching key, leaf then CA', async () => {
    const { pair, cert } = users[algorithm];
    const password = randomPkcs12Password();
    const p12 = await put(
      'id.p12',
      buildPkcs12({
        privateKey: pair.privateKey,
        certificate: cert.der,
        chain: [ca.certificate.der],
        friendlyName: FRIENDLY_NAME,
        password,
      }),
    );
    const result = await openssl('pkcs12', '-info', '-nodes', '-in', p12, '-passin', `file:${await put('pw', password)}`);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('MAC: sha1, Iteration 2048');
    expect(result.stderr).toContain('Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048');
    expect(result.stderr).not.toMatch(/PBES2|AES/);

    const [keyDer] = fromPemAll(result.stdout, 'PRIVATE KEY');
    expect(keyDer).toBeDefined();
    expect(samePublicKey(createPrivateKey({ key: keyDer!, format: 'der', type: 'pkcs8' }), pair.publicKey)).toBe(true);
    const certs = fromPemAll(result.stdout, 'CERTIFICATE').map((der) => readCertificate(der).thumbprintSha1);
    expect(certs).toEqual([cert.thumbprintSha1, ca.certificate.thumbprintSha1]);
    // The key and the leaf carry the same localKeyID: SHA-1 of the leaf.
    const ids = [...result.stdout.matchAll(/localKeyID: ([0-9A-F ]+)/g)].map((m) => m[1]!.replaceAll(' ', ''));
    expect(ids).toEqual([cert.thumbprintSha1, cert.thumbprintSha1]);
  });

  it('`openssl pkcs12` reads the Japanese friendly name as the UTF-16 text we wrote', async () => {
    const { pair, cert } = users[algorithm];
    const password = randomPkcs12Password();
    const p12 = await put(
      'id.p12',
      buildPkcs12({ privateKey: pair.privateKey, certificate: cert.der, friendlyName: FRIENDLY_NAME, password }),
    );
    const result = await runTool('openssl', ['pkcs12', '-in', p12, '-passin', `file:${await put('pw', password)}`, '-nokeys', '-clcerts'], {
      encoding: 'latin1',
    });
    expect(result.code, result.stderr).toBe(0);
    const printed = /friendlyName: (.*)\n/.exec(result.stdout)?.[1];
    // OpenSSL 3.0 prints a BMPString by keeping the low byte of each UTF-16 unit; later versions
    // print UTF-8. Either way, a wrongly encoded name would print something else.
    const lowBytes = [...FRIENDLY_NAME].map((c) => String.fromCharCode(c.charCodeAt(0) & 0xff)).join('');
    const utf8AsLatin1 = Buffer.from(FRIENDLY_NAME, 'utf8').toString('latin1');
    expect([lowBytes, utf8AsLatin1]).toContain(printed);
  });
});

describe('OpenSSL parses the subject of a CSR for a login ID full of DN syntax', () => {
  it.each(['a,CN=admin+O=Rokin', 'x"admin"', '#0c0561646d696e', '山田\\,太郎'])(
    '%j gives exactly one attribute, a commonName with that value',
    async (id) => {
      const csr = await put('req.der', await createCsr(users['ecdsa-p256'].pair, id));
      const parsed = await runToolOk('openssl', ['asn1parse', '-inform', 'DER', '-in', csr]);
      // The subject is the first SEQUENCE after the version: every attribute type OpenSSL sees.
      const types = [...parsed.stdout.matchAll(/OBJECT\s+:(\S+)/g)]
        .map((m) => m[1])
        .filter((t) => !/ecPublicKey|prime256v1|ecdsa-with/.test(t!));
      expect(types).toEqual(['commonName']);
      const value = /(?:PRINTABLESTRING|UTF8STRING)\s+:(.*)\n/.exec(parsed.stdout)?.[1];
      expect(value).toBe(id);
    },
  );
});

describe('OpenSSL and our PKCS#7 certs-only bundles', () => {
  it('decodeCertsOnly reads what `openssl crl2pkcs7 -nocrl -certfile …` writes, in order', async () => {
    const leaf = users['ecdsa-p256'].cert;
    const out = join(dir, 'openssl.p7b');
    await runToolOk('openssl', [
      'crl2pkcs7',
      '-nocrl',
      '-certfile',
      await put('leaf.pem', toPem('CERTIFICATE', leaf.der)),
      '-certfile',
      await put('ca.pem', toPem('CERTIFICATE', ca.certificate.der)),
      '-outform',
      'DER',
      '-out',
      out,
    ]);
    const certs = decodeCertsOnly(await readFile(out));
    expect(certs.map((c) => c.toString('hex'))).toEqual([leaf.der.toString('hex'), ca.certificate.der.toString('hex')]);
  });

  it('`openssl pkcs7 -print_certs` reads what encodeCertsOnly writes', async () => {
    const p7 = await put('ours.p7b', encodeCertsOnly([users['rsa-2048'].cert.der, ca.certificate.der]));
    const result = await runToolOk('openssl', ['pkcs7', '-inform', 'DER', '-in', p7, '-print_certs']);
    const certs = fromPemAll(result.stdout, 'CERTIFICATE');
    expect(certs.map((c) => c.toString('hex'))).toEqual([users['rsa-2048'].cert.der.toString('hex'), ca.certificate.der.toString('hex')]);
  });
});

describe('OpenSSL and the certificates and CRLs we issue', () => {
  let caPem: string;
  beforeAll(async () => {
    caPem = await put('ca.pem', toPem('CERTIFICATE', ca.certificate.der));
  });

  it.each(['rsa-2048', 'ecdsa-p256'] as const)('`openssl verify -CAfile -purpose sslclient` accepts our %s leaf', async (algorithm) => {
    const leaf = await put('leaf.pem', toPem('CERTIFICATE', users[algorithm].cert.der));
    const result = await openssl('verify', '-attime', ATTIME, '-purpose', 'sslclient', '-CAfile', caPem, leaf);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe(`${leaf}: OK`);
  });

  it('`openssl verify` refuses the leaf under another CA, and a server certificate as a client (the check can fail)', async () => {
    const leaf = await put('leaf.pem', toPem('CERTIFICATE', users['rsa-2048'].cert.der));
    const other = await put('other.pem', toPem('CERTIFICATE', (await makeCa('Other CA')).certificate.der));
    expect((await openssl('verify', '-attime', ATTIME, '-CAfile', other, leaf)).code).not.toBe(0);
    const server = await issueTo(ca, users['rsa-2048'].pair, {
      commonName: 'est.rokin.test',
      profile: { kind: 'tls-server', dnsNames: ['est.rokin.test'], ipAddresses: [] },
    });
    const serverPem = await put('server.pem', toPem('CERTIFICATE', server.der));
    expect((await openssl('verify', '-attime', ATTIME, '-purpose', 'sslserver', '-CAfile', caPem, serverPem)).code).toBe(0);
    const asClient = await openssl('verify', '-attime', ATTIME, '-purpose', 'sslclient', '-CAfile', caPem, serverPem);
    expect(asClient.code).not.toBe(0);
    expect(asClient.stdout + asClient.stderr).toMatch(/(unsuitable|unsupported) certificate purpose/);
  });

  it('our serial and SHA-1 thumbprint are what `openssl x509 -serial -fingerprint -sha1` prints (colons removed)', async () => {
    for (const { cert } of Object.values(users)) {
      const result = await runToolOk('openssl', [
        'x509',
        '-in',
        await put('leaf.pem', toPem('CERTIFICATE', cert.der)),
        '-noout',
        '-serial',
        '-fingerprint',
        '-sha1',
      ]);
      expect(result.stdout).toContain(`serial=${cert.serialNumber}\n`);
      expect(/sha1 Fingerprint=([0-9A-F:]+)/.exec(result.stdout)?.[1]?.replaceAll(':', '')).toBe(cert.thumbprintSha1);
    }
  });

  it('`openssl crl -text` shows our revoked serial, reason and CRL number; the signature verifies; `verify -crl_check` reports the leaf revoked', async () => {
    const leaf = users['ecdsa-p256'].cert;
    const crl = await createCrl({
      authority: ca,
      crlNumber: 4242,
      thisUpdate: new Date('2025-06-01T00:00:00Z'),
      nextUpdate: new Date('2025-06-08T00:00:00Z'),
      revoked: [{ serialNumber: leaf.serialNumber, revokedAt: new Date('2025-05-31T09:00:00Z'), reason: 'keyCompromise' }],
    });
    const crlPem = await put('crl.pem', toPem('X509 CRL', crl));
    const text = await openssl('crl', '-in', crlPem, '-noout', '-text', '-CAfile', caPem);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stderr).toMatch(/verify OK/);
    expect(text.stdout).toMatch(/X509v3 CRL Number: *\n *4242\n/);
    expect(text.stdout).toContain(`Serial Number: ${leaf.serialNumber}\n`);
    expect(text.stdout).toContain('Key Compromise');
    expect(text.stdout).toContain('Version 2 (0x1)');

    const revokedCheck = await openssl(
      'verify',
      '-attime',
      ATTIME,
      '-crl_check',
      '-CRLfile',
      crlPem,
      '-CAfile',
      caPem,
      await put('leaf.pem', toPem('CERTIFICATE', leaf.der)),
    );
    expect(revokedCheck.code).not.toBe(0);
    expect(revokedCheck.stdout + revokedCheck.stderr).toMatch(/certificate revoked/);
    const kept = await openssl(
      'verify',
      '-attime',
      ATTIME,
      '-crl_check',
      '-CRLfile',
      crlPem,
      '-CAfile',
      caPem,
      await put('rsa.pem', toPem('CERTIFICATE', users['rsa-2048'].cert.der)),
    );
    expect(kept.code, kept.stdout + kept.stderr).toBe(0);
  });

  it('`openssl crl -CAfile` refuses our CRL under another CA', async () => {
    const crl = await createCrl({
      authority: ca,
      crlNumber: 1,
      thisUpdate: AT,
      nextUpdate: new Date(AT.getTime() + 86_400_000),
      revoked: [],
    });
    const other = await put('other.pem', toPem('CERTIFICATE', (await makeCa(ca.certificate.subjectCommonName)).certificate.der));
    const result = await openssl('crl', '-inform', 'DER', '-in', await put('crl.der', crl), '-noout', '-CAfile', other);
    expect(result.stdout + result.stderr).toMatch(/verify failure/);
  });
});

describe.each(['rsa-2048', 'ecdsa-p256'] as const)('NSS imports our %s PKCS#12', (algorithm) => {
  let db: string;
  let pwFile: string;
  let p12: string;

  beforeAll(async () => {
    const which = await runTool('pk12util', ['-h']);
    if (which.failure === 'ENOENT') throw new Error('pk12util is missing: apt-get install -y libnss3-tools');
    db = join(dir, `nssdb-${algorithm}`);
    await mkdir(db);
    await runToolOk('certutil', ['-N', '--empty-password', '-d', `sql:${db}`]);
    const password = randomPkcs12Password();
    pwFile = await put('pw', password);
    const { pair, cert } = users[algorithm];
    p12 = await put(
      'id.p12',
      buildPkcs12({
        privateKey: pair.privateKey,
        certificate: cert.der,
        chain: [ca.certificate.der],
        friendlyName: FRIENDLY_NAME,
        password,
      }),
    );
  });

  it('refuses it with a wrong password and stores nothing', async () => {
    const wrong = await put('wrong-pw', 'not-the-password');
    const result = await runTool('pk12util', ['-i', p12, '-d', `sql:${db}`, '-w', wrong]);
    expect(result.code).not.toBe(0);
    expect((await runTool('certutil', ['-K', '-d', `sql:${db}`])).stdout).not.toContain(FRIENDLY_NAME);
  });

  it('`pk12util -i` imports it; `certutil -L` lists the leaf under its Japanese friendly name with u,u,u; `certutil -K` lists the key', async () => {
    const imported = await runTool('pk12util', ['-i', p12, '-d', `sql:${db}`, '-w', pwFile]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('PKCS12 IMPORT SUCCESSFUL');

    const list = await runToolOk('certutil', ['-L', '-d', `sql:${db}`]);
    const leafLine = list.stdout.split('\n').find((line) => line.startsWith(FRIENDLY_NAME));
    expect(leafLine, list.stdout).toBeDefined();
    expect(leafLine!.trim().endsWith('u,u,u')).toBe(true);

    const keys = await runToolOk('certutil', ['-K', '-d', `sql:${db}`]);
    const keyLine = keys.stdout.split('\n').find((line) => line.includes(FRIENDLY_NAME));
    expect(keyLine, keys.stdout).toMatch(
      algorithm === 'rsa-2048' ? /<\s*\d+>\s+rsa\s+[0-9a-f]+\s+給与 証明書/ : /<\s*\d+>\s+ec\s+[0-9a-f]+\s+給与 証明書/,
    );

    const pem = await runToolOk('certutil', ['-L', '-d', `sql:${db}`, '-n', FRIENDLY_NAME, '-a']);
    expect(fromPem(pem.stdout, 'CERTIFICATE').equals(users[algorithm].cert.der)).toBe(true);
  });
});
