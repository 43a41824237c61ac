import { createHash } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import forge from 'node-forge';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPkcs12, generateKeyPair, randomPkcs12Password, type CertificateInfo, type KeyPair } from '../../../electron/core/pki';
import { issueTo, makeCa, type TestCa } from './pki-fixtures';

const FRIENDLY_NAME = 'ロキン給与 クライアント証明書';
const OID_PBE_SHA1_3DES = '1.2.840.113549.1.12.1.3';
const OID_PBES2 = '1.2.840.113549.1.5.13';
const OID_SHA1 = '1.3.14.3.2.26';

let ca: TestCa;
const users: Partial<Record<'rsa-2048' | 'ecdsa-p256', { pair: KeyPair; cert: CertificateInfo }>> = {};

beforeAll(async () => {
  ca = await makeCa();
  for (const algorithm of ['rsa-2048', 'ecdsa-p256'] as const) {
    const pair = await generateKeyPair(algorithm);
    users[algorithm] = { pair, cert: await issueTo(ca, pair) };
  }
});

function oidDer(oid: string): Buffer {
  const body = Buffer.from(forge.asn1.oidToDer(oid).getBytes(), 'binary');
  return Buffer.concat([Buffer.from([0x06, body.length]), body]);
}

interface Bag {
  readonly attributes: { readonly localKeyId?: string[]; readonly friendlyName?: string[] };
  /** The certificate DER of a cert bag (forge keeps the raw ASN.1 when the key is not RSA). */
  readonly certHex?: string;
}

/** The bags of a PFX as node-forge (an independent PKCS#12 reader) sees them; checks the MAC. */
function bagsOf(pfx: Buffer, password: string): { certBags: Bag[]; keyBags: Bag[] } {
  const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(pfx.toString('binary')), true, password);
  const toBag = (bag: forge.pkcs12.Bag): Bag => {
    const certAsn1 = bag.cert ? forge.pki.certificateToAsn1(bag.cert) : bag.asn1;
    return {
      attributes: bag.attributes as Bag['attributes'],
      ...(bag.type === forge.pki.oids.certBag
        ? { certHex: Buffer.from(forge.asn1.toDer(certAsn1).getBytes(), 'binary').toString('hex') }
        : {}),
    };
  };
  const certBags = p12.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? [];
  const keyBags = p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[forge.pki.oids.pkcs8ShroudedKeyBag!] ?? [];
  return { certBags: certBags.map(toBag), keyBags: keyBags.map(toBag) };
}

describe.each(['rsa-2048', 'ecdsa-p256'] as const)('buildPkcs12 (%s key)', (algorithm) => {
  const build = (password: string, options: { withFriendlyName?: boolean } = {}) => {
    const { pair, cert } = users[algorithm]!;
    const name = options.withFriendlyName === false ? {} : { friendlyName: FRIENDLY_NAME };
    return buildPkcs12({ privateKey: pair.privateKey, certificate: cert.der, chain: [ca.certificate.der], password, ...name });
  };

  it('opens in OpenSSL (Node TLS) with the password, key and certificate matching', () => {
    const password = randomPkcs12Password();
    expect(() => createSecureContext({ pfx: build(password), passphrase: password })).not.toThrow();
  });

  it('does not open with another password (the MAC is checked)', () => {
    expect(() => createSecureContext({ pfx: build('right-password'), passphrase: 'wrong-password' })).toThrow(/mac verify failure/);
  });

  it('holds the leaf then the CA, each byte for byte, and ties the key to the leaf by localKeyId = SHA-1(leaf)', () => {
    const { cert } = users[algorithm]!;
    const { certBags, keyBags } = bagsOf(build('pw'), 'pw');
    expect(certBags.map((bag) => bag.certHex)).toEqual([cert.der.toString('hex'), ca.certificate.der.toString('hex')]);
    expect(keyBags).toHaveLength(1);
    const thumb = createHash('sha1').update(cert.der).digest('binary');
    expect(certBags[0]!.attributes.localKeyId).toEqual([thumb]);
    expect(keyBags[0]!.attributes.localKeyId).toEqual([thumb]);
    expect(certBags[1]!.attributes.localKeyId).toBeUndefined();
  });

  it('carries the Japanese friendly name on the leaf and the key, as a BMPString', () => {
    const pfx = build('pw');
    const { certBags, keyBags } = bagsOf(pfx, 'pw');
    expect(certBags[0]!.attributes.friendlyName).toEqual([FRIENDLY_NAME]);
    expect(keyBags[0]!.attributes.friendlyName).toEqual([FRIENDLY_NAME]);
    const bmp = Buffer.from(FRIENDLY_NAME, 'utf16le').swap16();
    const encoded = Buffer.concat([Buffer.from([0x1e, bmp.length]), bmp]);
    expect(pfx.includes(encoded)).toBe(true);
  });

  it('omits the friendly name when none is given', () => {
    const { certBags, keyBags } = bagsOf(build('pw', { withFriendlyName: false }), 'pw');
    expect(certBags[0]!.attributes.friendlyName).toBeUndefined();
    expect(keyBags[0]!.attributes.friendlyName).toBeUndefined();
  });

  it('uses pbeWithSHAAnd3-KeyTripleDES-CBC for the key and an HMAC-SHA1 MAC, 2048 iterations, never PBES2', () => {
    const pfx = build('pw');
    expect(pfx.includes(oidDer(OID_PBE_SHA1_3DES))).toBe(true);
    expect(pfx.includes(oidDer(OID_PBES2))).toBe(false);
    const asn = forge.asn1.fromDer(pfx.toString('binary'));
    const [version, , macData] = asn.value as forge.asn1.Asn1[];
    expect(forge.asn1.derToInteger(version!.value as string)).toBe(3);
    const [digestInfo, , iterations] = macData!.value as forge.asn1.Asn1[];
    const digestAlgorithm = ((digestInfo!.value as forge.asn1.Asn1[])[0]!.value as forge.asn1.Asn1[])[0]!;
    expect(forge.asn1.derToOid(digestAlgorithm.value as string)).toBe(OID_SHA1);
    expect(forge.asn1.derToInteger(iterations!.value as string)).toBe(2048);
  });

  it('never contains the private key in clear', () => {
    const { pair } = users[algorithm]!;
    const pkcs8 = pair.privateKey.export({ type: 'pkcs8', format: 'der' });
    expect(build('pw').includes(pkcs8)).toBe(false);
  });
});

describe('buildPkcs12 with a key that does not belong to the certificate', () => {
  it('produces a file that OpenSSL refuses to load as a key pair (the check above can fail)', async () => {
    const stranger = await generateKeyPair('ecdsa-p256');
    const pfx = buildPkcs12({ privateKey: stranger.privateKey, certificate: users['ecdsa-p256']!.cert.der, password: 'pw' });
    expect(() => createSecureContext({ pfx, passphrase: 'pw' })).toThrow(/Unable to load certificate|key values mismatch/);
  });
});

describe('randomPkcs12Password', () => {
  it('is 24 random bytes as base64url (32 characters), different every time', () => {
    const passwords = new Set(Array.from({ length: 200 }, () => randomPkcs12Password()));
    expect(passwords.size).toBe(200);
    for (const p of passwords) expect(p).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });
});
