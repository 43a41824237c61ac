// Filling an NSS store with many certificates of this system for the status benchmarks: issued
// directly with the service's CA key and imported with one pk12util process (importing them one
// by one would cost a process each, and minutes at 100).
import { execFile } from 'node:child_process';
import type { KeyObject } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import forge from 'node-forge';
import { friendlyNameFor } from '../electron/core/enrollment/workflow';
import { generateKeyPair, issueCertificate, randomPkcs12Password, randomSerialNumber, readCertificate } from '../electron/core/pki';
import { loadAuthority } from '../issuer/src/ca/load-authority';

const run = promisify(execFile);
const TIMEOUT_MS = 60_000;

interface FillItem {
  readonly privateKey: KeyObject;
  readonly certificate: Buffer;
  readonly friendlyName: string;
}

/** One PKCS#12 holding many keys and certificates (the bags buildPkcs12 writes, repeated). */
function multiPkcs12(items: readonly FillItem[], chain: readonly Buffer[], password: string): Buffer {
  const { asn1, pki } = forge;
  const bin = (bytes: Uint8Array) => Buffer.from(bytes).toString('binary');
  const seq = (v: forge.asn1.Asn1[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, v);
  const set = (v: forge.asn1.Asn1[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, v);
  const explicit0 = (v: forge.asn1.Asn1[]) => asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, v);
  const oid = (dotted: string) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(dotted).getBytes());
  const octets = (binary: string) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, binary);
  const integer = (n: number) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(n).getBytes());
  const data = (content: forge.asn1.Asn1) => seq([oid(pki.oids.data!), explicit0([octets(asn1.toDer(content).getBytes())])]);
  const certBag = (der: Buffer, attrs?: forge.asn1.Asn1) =>
    seq([
      oid(pki.oids.certBag!),
      explicit0([seq([oid(pki.oids.x509Certificate!), explicit0([octets(bin(der))])])]),
      ...(attrs ? [attrs] : []),
    ]);
  const iterations = 2048;
  const certBags: forge.asn1.Asn1[] = chain.map((der) => certBag(der));
  const keyBags: forge.asn1.Asn1[] = [];
  for (const item of items) {
    const localKeyId = forge.md.sha1.create().update(bin(item.certificate)).digest().getBytes();
    const attrs = set([
      seq([oid(pki.oids.localKeyId!), set([octets(localKeyId)])]),
      seq([oid(pki.oids.friendlyName!), set([asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BMPSTRING, false, item.friendlyName)])]),
    ]);
    certBags.push(certBag(item.certificate, attrs));
    const pkcs8 = item.privateKey.export({ type: 'pkcs8', format: 'der' });
    const shrouded = pki.encryptPrivateKeyInfo(asn1.fromDer(bin(pkcs8)), password, { algorithm: '3des', count: iterations, saltSize: 8 });
    keyBags.push(seq([oid(pki.oids.pkcs8ShroudedKeyBag!), explicit0([shrouded]), attrs]));
  }
  const authSafeDer = asn1.toDer(seq([data(seq(certBags)), data(seq(keyBags))])).getBytes();
  const macSalt = forge.random.getBytesSync(8);
  const hmac = forge.hmac.create();
  hmac.start('sha1', forge.pkcs12.generateKey(password, new forge.util.ByteStringBuffer(macSalt), 3, iterations, 20));
  hmac.update(authSafeDer);
  const macData = seq([
    seq([seq([oid(pki.oids.sha1!), asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '')]), octets(hmac.digest().getBytes())]),
    octets(macSalt),
    integer(iterations),
  ]);
  return Buffer.from(
    asn1.toDer(seq([integer(3), seq([oid(pki.oids.data!), explicit0([octets(authSafeDer)])]), macData])).getBytes(),
    'binary',
  );
}

/**
 * Adds certificates `from`..`to-1` of this system to the store in `home`: P-256 keys (quick to
 * make; status reads certificates and key IDs only), named as the workflow names them, valid a year.
 */
export async function fillStore(issuerDataDir: string, home: string, from: number, to: number): Promise<void> {
  if (to <= from) return;
  const authority = await loadAuthority(issuerDataDir);
  const items: FillItem[] = [];
  for (let i = from; i < to; i++) {
    const pair = await generateKeyPair('ecdsa-p256');
    const loginId = `bench-s-${String(i).padStart(3, '0')}`;
    const certificate = await issueCertificate({
      authority,
      publicKey: pair.publicKey,
      subjectCommonName: loginId,
      serialNumber: randomSerialNumber(),
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 365 * 86_400_000),
      profile: { kind: 'tls-client' },
    });
    items.push({ privateKey: pair.privateKey, certificate, friendlyName: friendlyNameFor(loginId, readCertificate(certificate)) });
  }
  const secrets = await mkdtemp(join(tmpdir(), 'bench-status-p12-'));
  try {
    const password = randomPkcs12Password();
    await writeFile(join(secrets, 'c.p12'), multiPkcs12(items, [authority.certificate.der], password), { mode: 0o600 });
    await writeFile(join(secrets, 'p.pw'), password, { mode: 0o600 });
    await run('pk12util', ['-i', join(secrets, 'c.p12'), '-d', `sql:${join(home, '.pki', 'nssdb')}`, '-w', join(secrets, 'p.pw')], {
      timeout: TIMEOUT_MS,
    });
  } finally {
    await rm(secrets, { recursive: true, force: true });
  }
}
