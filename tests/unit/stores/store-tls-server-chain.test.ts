// The server chain check that stands in for NSS's own (tstclnt runs with -o): every reason the
// EstClient's OpenSSL would refuse a server, on chains built for each.
import { beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, randomSerialNumber, spkiDer, toCryptoKeyPair, toPem, type KeyPair } from '../../../electron/core/pki';
import { literalName, x509 } from '../../../electron/core/pki/x509-provider';
import { verifyServerChain } from '../../../electron/core/stores/store-tls-server-chain';

const HOUR = 3_600_000;
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const CA_USAGE = x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign;

interface Issued {
  readonly der: Buffer;
  readonly key: KeyPair;
}

interface Spec {
  readonly cn: string;
  /** The issuer; none: self-signed. */
  readonly by?: Issued;
  readonly ca?: boolean;
  readonly pathLength?: number;
  readonly keyUsage?: number;
  readonly eku?: readonly string[];
  readonly dns?: readonly string[];
  readonly ip?: readonly string[];
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  readonly hash?: 'SHA-1' | 'SHA-256';
  readonly extra?: readonly x509.Extension[];
}

async function make(spec: Spec): Promise<Issued> {
  const key = await generateKeyPair('ecdsa-p256');
  const signer = spec.by?.key ?? key;
  const signing = await toCryptoKeyPair({ algorithm: 'ecdsa-p256', privateKey: signer.privateKey });
  const extensions: x509.Extension[] = [
    await x509.SubjectKeyIdentifierExtension.create(spkiDer(key.publicKey)),
    await x509.AuthorityKeyIdentifierExtension.create(spkiDer(signer.publicKey)),
  ];
  if (spec.ca !== undefined) extensions.push(new x509.BasicConstraintsExtension(spec.ca, spec.pathLength, true));
  const keyUsage = spec.keyUsage ?? (spec.ca ? CA_USAGE : undefined);
  if (keyUsage !== undefined) extensions.push(new x509.KeyUsagesExtension(keyUsage, true));
  if (spec.eku) extensions.push(new x509.ExtendedKeyUsageExtension([...spec.eku]));
  const names = [
    ...(spec.dns ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(spec.ip ?? []).map((value) => ({ type: 'ip' as const, value })),
  ];
  if (names.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(names));
  extensions.push(...(spec.extra ?? []));
  const subject = literalName([['CN', spec.cn]]);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerialNumber(),
    subject,
    issuer: spec.by ? new x509.X509Certificate(spec.by.der).subjectName : subject,
    notBefore: spec.notBefore ?? new Date(Date.now() - HOUR),
    notAfter: spec.notAfter ?? new Date(Date.now() + 24 * HOUR),
    publicKey: spkiDer(key.publicKey),
    signingKey: signing.privateKey,
    signingAlgorithm: { name: 'ECDSA', hash: spec.hash ?? 'SHA-256' },
    extensions,
  });
  return { der: Buffer.from(cert.rawData), key };
}

const pem = (c: Issued): string => toPem('CERTIFICATE', c.der);
const server = (by: Issued, more: Partial<Spec> = {}) =>
  make({
    cn: '127.0.0.1',
    by,
    ca: false,
    keyUsage: x509.KeyUsageFlags.digitalSignature,
    eku: [SERVER_AUTH],
    ip: ['127.0.0.1'],
    dns: ['localhost'],
    ...more,
  });

/** The verdict's code, or 'trusted'. */
function verdict(presented: readonly Issued[], trusted: readonly Issued[], hostname = '127.0.0.1'): string {
  const failure = verifyServerChain({ presented: presented.map((c) => c.der), trustedPem: trusted.map(pem), hostname });
  return failure?.tlsErrorCode ?? 'trusted';
}

let root: Issued;
let intermediate: Issued;
let leaf: Issued;

beforeAll(async () => {
  root = await make({ cn: 'Test TLS Root', ca: true });
  intermediate = await make({ cn: 'Test TLS Intermediate', by: root, ca: true, pathLength: 0 });
  leaf = await server(intermediate);
});

describe('verifyServerChain: what is trusted', () => {
  it('accepts leaf + intermediate up to a trusted root, by IP and by DNS name', () => {
    expect(verdict([leaf, intermediate], [root])).toBe('trusted');
    expect(verdict([leaf, intermediate], [root], 'localhost')).toBe('trusted');
    // The root may be sent too, and other roots may be trusted beside it.
    expect(verdict([leaf, intermediate, root], [leaf, root])).toBe('trusted');
  });

  it('takes a missing intermediate from the trusted list, but needs a self-signed root at the end', () => {
    expect(verdict([leaf], [intermediate, root])).toBe('trusted');
    // No partial chains, as OpenSSL by default: an intermediate alone is not an anchor.
    expect(verdict([leaf], [intermediate])).toBe('UNABLE_TO_GET_ISSUER_CERT_LOCALLY');
  });

  it('accepts a self-signed server certificate only when it is itself trusted', async () => {
    const selfSigned = await make({ cn: '127.0.0.1', ca: false, eku: [SERVER_AUTH], ip: ['127.0.0.1'] });
    expect(verdict([selfSigned], [selfSigned])).toBe('trusted');
    expect(verdict([selfSigned], [root])).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
  });
});

describe('verifyServerChain: what is refused', () => {
  it('refuses a chain to a root that is not trusted, naming what was presented', async () => {
    const other = await make({ cn: 'Interception Root', ca: true });
    const failure = verifyServerChain({
      presented: [leaf.der, intermediate.der, root.der],
      trustedPem: [pem(other)],
      hostname: '127.0.0.1',
    });
    expect(failure).toMatchObject({
      tlsErrorCode: 'SELF_SIGNED_CERT_IN_CHAIN',
      kind: 'certificate',
      peerSubjectCommonName: '127.0.0.1',
      peerIssuerCommonName: 'Test TLS Intermediate',
      peerRootCommonName: 'Test TLS Root',
    });
    expect(failure?.peerSha256).toMatch(/^[0-9A-F]{64}$/);
    expect(verdict([leaf, intermediate], [other])).toBe('UNABLE_TO_GET_ISSUER_CERT_LOCALLY');
  });

  it('refuses a certificate for another host', () => {
    expect(verdict([leaf, intermediate], [root], 'issuer.example')).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(verdict([leaf, intermediate], [root], '127.0.0.2')).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it('refuses an expired or not yet valid certificate anywhere in the chain', async () => {
    const past = { notBefore: new Date(Date.now() - 48 * HOUR), notAfter: new Date(Date.now() - 24 * HOUR) };
    expect(verdict([await server(intermediate, past), intermediate], [root])).toBe('CERT_HAS_EXPIRED');
    expect(verdict([await server(intermediate, { notBefore: new Date(Date.now() + HOUR) }), intermediate], [root])).toBe(
      'CERT_NOT_YET_VALID',
    );
    const expiredIntermediate = await make({ cn: 'Old Intermediate', by: root, ca: true, ...past });
    expect(verdict([await server(expiredIntermediate), expiredIntermediate], [root])).toBe('CERT_HAS_EXPIRED');
    const expiredRoot = await make({ cn: 'Old Root', ca: true, ...past });
    expect(verdict([await server(expiredRoot)], [expiredRoot])).toBe('CERT_HAS_EXPIRED');
  });

  it('refuses an issuer that is not a CA, or a CA beyond its path length', async () => {
    const notCa = await make({ cn: 'Not A CA', by: root, ca: false });
    expect(verdict([await server(notCa), notCa], [root])).toBe('INVALID_CA');
    const noKeyCertSign = await make({ cn: 'No keyCertSign', by: root, ca: true, keyUsage: x509.KeyUsageFlags.digitalSignature });
    // Node's checkIssued already refuses an issuer whose keyUsage lacks keyCertSign.
    expect(verdict([await server(noKeyCertSign), noKeyCertSign], [root])).not.toBe('trusted');
    const below = await make({ cn: 'Below pathLen 0', by: intermediate, ca: true });
    expect(verdict([await server(below), below, intermediate], [root])).toBe('PATH_LENGTH_EXCEEDED');
  });

  it('refuses a certificate not meant for TLS servers', async () => {
    expect(verdict([await server(intermediate, { eku: [CLIENT_AUTH] }), intermediate], [root])).toBe('INVALID_PURPOSE');
    expect(verdict([await server(intermediate, { keyUsage: x509.KeyUsageFlags.keyCertSign }), intermediate], [root])).toBe(
      'INVALID_PURPOSE',
    );
    const clientCa = await make({ cn: 'Client-only CA', by: root, ca: true, eku: [CLIENT_AUTH] });
    expect(verdict([await server(clientCa), clientCa], [root])).toBe('INVALID_PURPOSE');
  });

  it('refuses a SHA-1 signature, a critical extension it does not know, and name constraints it does not evaluate', async () => {
    const sha1 = await make({ cn: 'SHA-1 Intermediate', by: root, ca: true, hash: 'SHA-1' });
    expect(verdict([await server(sha1), sha1], [root])).toBe('CA_MD_TOO_WEAK');
    expect(verdict([await server(intermediate, { hash: 'SHA-1' }), intermediate], [root])).toBe('CA_MD_TOO_WEAK');
    const unknown = new x509.Extension('1.2.3.4.5', true, new Uint8Array([0x05, 0x00]));
    expect(verdict([await server(intermediate, { extra: [unknown] }), intermediate], [root])).toBe('UNHANDLED_CRITICAL_EXTENSION');
    // permittedSubtrees: dNSName "localhost".
    const nameConstraints = new x509.Extension('2.5.29.30', true, Buffer.from('300fa00d300b82096c6f63616c686f7374', 'hex'));
    const constrained = await make({ cn: 'Constrained', by: root, ca: true, extra: [nameConstraints] });
    expect(verdict([await server(constrained), constrained], [root], 'localhost')).toBe('NAME_CONSTRAINTS_NOT_SUPPORTED');
  });

  it('judges a certificate whose name holds a trusted certificate as PEM as itself', async () => {
    // Node's X509Certificate reads a DER buffer's first PEM block, wherever it is: this DER
    // parsed as `leaf` before the check wrapped DER as PEM itself.
    const inside = `x\n${pem(leaf)}y`;
    const hostile = await make({ cn: inside, ca: false, eku: [SERVER_AUTH], ip: ['127.0.0.1'], dns: [inside] });
    expect(verdict([hostile, intermediate], [root])).not.toBe('trusted');
  });

  it('refuses a signature that does not verify, and a chain without any certificate', async () => {
    const lookAlike = await make({ cn: 'Test TLS Intermediate', by: root, ca: true });
    // Signed by the look-alike's key, presented with the genuine intermediate.
    expect(verdict([await server(lookAlike), intermediate], [root])).toBe('UNABLE_TO_GET_ISSUER_CERT_LOCALLY');
    expect(verifyServerChain({ presented: [], trustedPem: [pem(root)], hostname: '127.0.0.1' })?.tlsErrorCode).toBe('NO_PEER_CERTIFICATE');
    expect(
      verifyServerChain({ presented: [Buffer.from('not a certificate')], trustedPem: [pem(root)], hostname: '127.0.0.1' })?.tlsErrorCode,
    ).toBe('NO_PEER_CERTIFICATE');
  });
});
