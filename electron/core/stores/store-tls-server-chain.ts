// Is the certificate chain a server presented one the EstClient would have accepted? For a store
// tool whose own TLS stack cannot be given our trust (NSS's tstclnt trusts its database, which
// does not hold the issuer's private TLS root): the tool connects without judging the server,
// prints the chain it received, and the answer is believed only when that chain passes here.
//
// The same trust as the EstClient (trust.ts: Node's roots, the OS's, the configured extra CAs)
// and the checks OpenSSL makes there by default, written out: every certificate within its
// dates; each signed by the next; the path ending at a trusted self-signed root (no partial
// chains); issuers that are CAs, within their path length; the serverAuth purpose; no weak
// signature (MD5, SHA-1) or RSA key under 1024 bits; no critical extension we do not
// understand; the host name by Node's own tls.checkServerIdentity. Name constraints are not
// evaluated: a path through a CA that carries them is refused rather than half-checked.
import { X509Certificate } from 'node:crypto';
import { checkServerIdentity } from 'node:tls';
import type { TlsFailureDetail } from '../issuing/errors';
import { toPem } from '../pki/encoding';
import { x509 } from '../pki/x509-provider';

const EKU_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const EKU_ANY = '2.5.29.37.0';
const NAME_CONSTRAINTS = '2.5.29.30';
/** Extensions whose meaning is checked here, or that restrict nothing the check relies on. */
const UNDERSTOOD = new Set([
  '2.5.29.14', // subjectKeyIdentifier
  '2.5.29.15', // keyUsage
  '2.5.29.17', // subjectAltName
  '2.5.29.18', // issuerAltName
  '2.5.29.19', // basicConstraints
  '2.5.29.31', // cRLDistributionPoints
  '2.5.29.32', // certificatePolicies (no policy is required, as in OpenSSL's default)
  '2.5.29.35', // authorityKeyIdentifier
  '2.5.29.37', // extKeyUsage
  '1.3.6.1.5.5.7.1.1', // authorityInfoAccess
]);
const TLS_KEY_USAGES = x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment | x509.KeyUsageFlags.keyAgreement;
const WEAK_HASHES = new Set(['MD2', 'MD5', 'SHA-1']);
/** Leaf, intermediates, root: a real chain has 2–4; a longer one is a loop or an attack on the search. */
const MAX_PATH = 8;

/** Node's parse (cheap) for names, dates and signatures; @peculiar/x509's (costly) for extensions, only when asked. */
class Cert {
  private extensions: x509.X509Certificate | undefined;

  constructor(readonly node: X509Certificate) {}

  get der(): Buffer {
    return this.node.raw;
  }

  get parsed(): x509.X509Certificate {
    this.extensions ??= new x509.X509Certificate(this.node.raw);
    return this.extensions;
  }
}

export interface ServerChainInput {
  /** The certificates as the server sent them, leaf first (DER). */
  readonly presented: readonly Buffer[];
  /** The trusted roots, PEM each (buildCaList's output). */
  readonly trustedPem: readonly string[];
  /** The URL's host name or IP address, without brackets. */
  readonly hostname: string;
  readonly now?: Date;
}

/** Undefined when the server is trusted for `hostname`; else why not, in the EstClient's ISSUE-TLS detail. */
export function verifyServerChain(input: ServerChainInput): TlsFailureDetail | undefined {
  const presented = input.presented.map((der) => load(der, true));
  const leaf = presented[0];
  if (!leaf) return { tlsErrorCode: 'NO_PEER_CERTIFICATE', kind: 'certificate' };
  const now = input.now ?? new Date();
  const intermediates = presented.slice(1).filter((c) => c !== undefined);
  // Hundreds of roots: only those that could issue get their extensions read.
  const trusted = input.trustedPem.flatMap((pem) => load(pem, false) ?? []);
  const failure = leafProblem(leaf, input.hostname, now) ?? findPath([leaf], intermediates, trusted, now);
  return failure === undefined ? undefined : describe(failure, presented);
}

/**
 * Undefined for what is not a certificate: it can neither be verified nor vouch for anything.
 * DER goes to Node wrapped as PEM: given bytes, Node's X509Certificate looks for a PEM block
 * anywhere in them first, and a certificate can carry one inside a name (measured: a DER whose CN
 * held another certificate's PEM parsed as that other certificate). The raw bytes must come back.
 */
function load(input: Buffer | string, readExtensions: boolean): Cert | undefined {
  try {
    const node = new X509Certificate(typeof input === 'string' ? input : toPem('CERTIFICATE', input));
    if (typeof input !== 'string' && !node.raw.equals(input)) return undefined;
    const cert = new Cert(node);
    if (readExtensions) void cert.parsed; // a presented certificate whose extensions cannot be read is refused
    return cert;
  } catch {
    return undefined;
  }
}

/** The leaf's own checks: dates, purpose, extensions, key, signature hash, and the host name. */
function leafProblem(leaf: Cert, hostname: string, now: Date): string | undefined {
  const own = timeProblem(leaf, now) ?? extensionProblem(leaf) ?? strengthProblem(leaf, 'EE');
  if (own) return own;
  const keyUsage = leaf.parsed.getExtension(x509.KeyUsagesExtension);
  if (keyUsage && (keyUsage.usages & TLS_KEY_USAGES) === 0) return 'INVALID_PURPOSE';
  const identity = checkServerIdentity(hostname, leaf.node.toLegacyObject());
  return identity ? (((identity as { code?: unknown }).code as string | undefined) ?? 'ERR_TLS_CERT_ALTNAME_INVALID') : undefined;
}

/**
 * Extends `path` (leaf first) to a trusted self-signed root through the presented intermediates
 * and the trusted certificates, trying every candidate issuer (a cross-signed intermediate may
 * have an expired and a valid way up). Undefined when found, else the most telling failure.
 */
function findPath(path: readonly Cert[], pool: readonly Cert[], trusted: readonly Cert[], now: Date): string | undefined {
  const last = path[path.length - 1]!;
  if (isSelfSigned(last) && trusted.some((t) => t.der.equals(last.der))) return undefined;
  if (path.length >= MAX_PATH) return 'CERT_CHAIN_TOO_LONG';
  let failure = isSelfSigned(last)
    ? path.length === 1
      ? 'DEPTH_ZERO_SELF_SIGNED_CERT'
      : 'SELF_SIGNED_CERT_IN_CHAIN'
    : 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY';
  const inPath = (c: Cert) => path.some((p) => p.der.equals(c.der));
  for (const issuer of [...trusted, ...pool].filter((c) => !inPath(c) && issues(c, last))) {
    const problem = safely(() => issuerProblem(issuer, path.length - 1, trusted, now));
    const result = problem ?? findPath([...path, issuer], pool, trusted, now);
    if (result === undefined) return undefined;
    failure = result;
  }
  return failure;
}

/** A root whose extensions cannot be read cannot issue. */
function safely(check: () => string | undefined): string | undefined {
  try {
    return check();
  } catch {
    return 'UNABLE_TO_DECODE_ISSUER_CERTIFICATE';
  }
}

/** `issuer`'s name, key identifier and key usage fit `child`, and its key verifies `child`'s signature. */
function issues(issuer: Cert, child: Cert): boolean {
  try {
    return child.node.checkIssued(issuer.node) && child.node.verify(issuer.node.publicKey);
  } catch {
    return false;
  }
}

function isSelfSigned(cert: Cert): boolean {
  return issues(cert, cert);
}

/** An issuer `below` intermediates above the leaf: a CA within its dates, path length and purpose. */
function issuerProblem(issuer: Cert, below: number, trusted: readonly Cert[], now: Date): string | undefined {
  const time = timeProblem(issuer, now);
  if (time) return time;
  if (!isCa(issuer)) return 'INVALID_CA';
  const pathLength = issuer.parsed.getExtension(x509.BasicConstraintsExtension)?.pathLength;
  if (pathLength !== undefined && below > pathLength) return 'PATH_LENGTH_EXCEEDED';
  if (issuer.parsed.getExtension(NAME_CONSTRAINTS)) return 'NAME_CONSTRAINTS_NOT_SUPPORTED';
  const extension = extensionProblem(issuer);
  if (extension) return extension;
  // A trust anchor is trusted by being configured; a certificate the server sent must also be
  // fit for serving TLS and strong enough.
  if (trusted.some((t) => t.der.equals(issuer.der)) && isSelfSigned(issuer)) return undefined;
  return strengthProblem(issuer, 'CA');
}

/** CA:TRUE with keyCertSign when keyUsage is present (OpenSSL's X509_check_ca), or a v1 self-signed root. */
function isCa(cert: Cert): boolean {
  if (cert.parsed.extensions.length === 0) return isSelfSigned(cert);
  const constraints = cert.parsed.getExtension(x509.BasicConstraintsExtension);
  const keyUsage = cert.parsed.getExtension(x509.KeyUsagesExtension);
  return constraints?.ca === true && (!keyUsage || (keyUsage.usages & x509.KeyUsageFlags.keyCertSign) !== 0);
}

function timeProblem(cert: Cert, now: Date): string | undefined {
  if (now.getTime() < new Date(cert.node.validFrom).getTime()) return 'CERT_NOT_YET_VALID';
  if (now.getTime() > new Date(cert.node.validTo).getTime()) return 'CERT_HAS_EXPIRED';
  return undefined;
}

/** A critical extension not understood; an extended key usage that excludes serving TLS. */
function extensionProblem(cert: Cert): string | undefined {
  if (cert.parsed.extensions.some((e) => e.critical && !UNDERSTOOD.has(e.type))) return 'UNHANDLED_CRITICAL_EXTENSION';
  const eku = cert.node.keyUsage;
  if (eku && !eku.includes(EKU_SERVER_AUTH) && !eku.includes(EKU_ANY)) return 'INVALID_PURPOSE';
  return undefined;
}

/** OpenSSL's default security level 1: no MD5/SHA-1 signature, no RSA key under 1024 bits. */
function strengthProblem(cert: Cert, who: 'EE' | 'CA'): string | undefined {
  let hash: string | undefined;
  try {
    const algorithm = cert.parsed.signatureAlgorithm as { hash?: { name?: string } };
    hash = algorithm.hash?.name;
  } catch {
    // An algorithm the parser does not know cannot be judged: refused.
    return `${who}_SIGNATURE_ALGORITHM_UNKNOWN`;
  }
  if (hash !== undefined && WEAK_HASHES.has(hash.toUpperCase())) return 'CA_MD_TOO_WEAK';
  const bits = cert.node.publicKey.asymmetricKeyDetails?.modulusLength;
  if (bits !== undefined && bits < 1024) return `${who}_KEY_TOO_SMALL`;
  return undefined;
}

/** The ISSUE-TLS detail the EstClient gives: the reason and the names of what was presented. */
function describe(tlsErrorCode: string, presented: readonly (Cert | undefined)[]): TlsFailureDetail {
  const leaf = presented[0]?.node;
  const top = presented.filter((c): c is Cert => c !== undefined).at(-1)?.node;
  return {
    tlsErrorCode,
    kind: 'certificate',
    ...optional('peerSubjectCommonName', leaf && commonName(leaf.subject)),
    ...optional('peerIssuerCommonName', leaf && commonName(leaf.issuer)),
    ...optional('peerRootCommonName', top && commonName(top.issuer)),
    ...optional('peerSha256', leaf?.fingerprint256.replaceAll(':', '')),
  };
}

function commonName(dn: string): string | undefined {
  return /^CN=(.*)$/m.exec(dn)?.[1];
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value ? ({ [key]: value } as Partial<Record<K, string>>) : {};
}
