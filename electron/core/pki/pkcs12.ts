import { randomBytes, type KeyObject } from 'node:crypto';
import forge from 'node-forge';

/**
 * PKCS#12 in the one profile that Windows (every version), NSS and macOS all import: the key
 * shrouded with pbeWithSHAAnd3-KeyTripleDES-CBC and an HMAC-SHA1 MAC. The AES/PBES2 profile
 * that OpenSSL 3 writes by default is refused by older Windows builds and by macOS `security`.
 *
 * node-forge provides the primitives (PKCS#12 KDF, PBE, ASN.1) but its `toPkcs12Asn1` parses
 * keys and certificates as RSA only; assembling the PFX here from forge's pieces keeps one path
 * for RSA and ECDSA keys and never round-trips the certificates through forge's RSA parser.
 */
export interface Pkcs12Input {
  readonly privateKey: KeyObject;
  /** The end-entity certificate (DER). */
  readonly certificate: Uint8Array;
  /** Issuing CA certificates (DER), nearest first. */
  readonly chain?: readonly Uint8Array[];
  /** The friendly name the store shows (Windows "フレンドリ名", NSS nickname). */
  readonly friendlyName?: string;
  readonly password: string;
}

// The password is random and used once, so the iteration count protects nothing; 2048 matches
// what Windows itself writes and keeps imports fast.
const ITERATIONS = 2048;
const { asn1, pki } = forge;

export function randomPkcs12Password(): string {
  return randomBytes(24).toString('base64url');
}

export function buildPkcs12(input: Pkcs12Input): Buffer {
  const localKeyId = forge.md.sha1.create().update(bin(input.certificate)).digest().getBytes();
  const leafAttrs = bagAttributes(localKeyId, input.friendlyName);

  const certBags = [input.certificate, ...(input.chain ?? [])].map((der, i) =>
    seq([
      oid(pki.oids.certBag!),
      explicit0([seq([oid(pki.oids.x509Certificate!), explicit0([octets(bin(der))])])]),
      ...(i === 0 ? [leafAttrs] : []),
    ]),
  );

  const pkcs8 = input.privateKey.export({ type: 'pkcs8', format: 'der' });
  let shrouded: forge.asn1.Asn1;
  try {
    shrouded = pki.encryptPrivateKeyInfo(asn1.fromDer(bin(pkcs8)), input.password, {
      algorithm: '3des',
      count: ITERATIONS,
      saltSize: 8,
    });
  } finally {
    pkcs8.fill(0);
  }
  const keyBag = seq([oid(pki.oids.pkcs8ShroudedKeyBag!), explicit0([shrouded]), leafAttrs]);

  const authSafe = seq([dataContentInfo(seq(certBags)), dataContentInfo(seq([keyBag]))]);
  const authSafeDer = asn1.toDer(authSafe).getBytes();

  const macSalt = forge.random.getBytesSync(8);
  const macKey = forge.pkcs12.generateKey(input.password, new forge.util.ByteStringBuffer(macSalt), 3, ITERATIONS, 20);
  const hmac = forge.hmac.create();
  hmac.start('sha1', macKey);
  hmac.update(authSafeDer);
  const macData = seq([
    seq([seq([oid(pki.oids.sha1!), asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '')]), octets(hmac.digest().getBytes())]),
    octets(macSalt),
    integer(ITERATIONS),
  ]);

  const pfx = seq([integer(3), seq([oid(pki.oids.data!), explicit0([octets(authSafeDer)])]), macData]);
  return Buffer.from(asn1.toDer(pfx).getBytes(), 'binary');
}

function bagAttributes(localKeyId: string, friendlyName: string | undefined): forge.asn1.Asn1 {
  const attrs = [seq([oid(pki.oids.localKeyId!), set([octets(localKeyId)])])];
  if (friendlyName) {
    // forge writes a BMPSTRING value as one 16-bit unit per JS char (UTF-16BE): pass the text as is.
    attrs.push(seq([oid(pki.oids.friendlyName!), set([asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BMPSTRING, false, friendlyName)])]));
  }
  return set(attrs);
}

function dataContentInfo(content: forge.asn1.Asn1): forge.asn1.Asn1 {
  return seq([oid(pki.oids.data!), explicit0([octets(asn1.toDer(content).getBytes())])]);
}

// forge works on "binary strings" (one char per byte).
const bin = (bytes: Uint8Array): string => Buffer.from(bytes).toString('binary');
const seq = (items: forge.asn1.Asn1[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, items);
const set = (items: forge.asn1.Asn1[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, items);
const explicit0 = (items: forge.asn1.Asn1[]) => asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, items);
const oid = (dotted: string) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(dotted).getBytes());
const octets = (binary: string) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, binary);
const integer = (n: number) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(n).getBytes());
