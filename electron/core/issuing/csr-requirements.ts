// What an EST server's /csrattrs (RFC 7030 §4.5) asks of the request, against what this client's
// CSR carries: CN=<login ID>, an RSA 2048 or ECDSA P-256 key, a SHA-256 signature. Refused
// before any key is made or password sent: the key types and signature algorithms the server
// lists, when none of them is ours (several listed are alternatives). Everything else it lists
// (challengePassword for §3.5 channel binding, requested extensions, OIDs unknown here) is left
// to the server to decide on the request: a hint the client does not act on must not block a
// server that would have taken the request anyway.
import type { CsrAttribute, KeyAlgorithm } from '../pki';
import { IssuingError } from './errors';

const RSA = '1.2.840.113549.1.1.1';
const EC = '1.2.840.10045.2.1';
const P256 = '1.2.840.10045.3.1.7';

/** Key types by OID, for the message. */
const KEY_TYPES: Readonly<Record<string, string>> = {
  [RSA]: 'RSA',
  [EC]: 'ECDSA',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
};
const CURVES: Readonly<Record<string, string>> = { [P256]: 'P-256', '1.3.132.0.34': 'P-384', '1.3.132.0.35': 'P-521' };

/** Signature algorithms by OID, for the message. */
const SIGNATURES: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'RSASSA-PSS',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
};
const OUR_SIGNATURE: Readonly<Record<KeyAlgorithm, string>> = {
  'rsa-2048': '1.2.840.113549.1.1.11',
  'ecdsa-p256': '1.2.840.10045.4.3.2',
};

/** What of the server's list a request with a key of `keyAlgorithm` cannot give; empty when nothing. */
export function unmetCsrAttributes(attributes: readonly CsrAttribute[], keyAlgorithm: KeyAlgorithm): string[] {
  const unmet: string[] = [];
  const keys = attributes.filter((a) => a.oid in KEY_TYPES);
  if (keys.length > 0 && !keys.some((k) => keyFits(k, keyAlgorithm))) unmet.push(`a key of type ${keys.map(describeKey).join(' or ')}`);
  const signatures = attributes.filter((a) => a.oid in SIGNATURES);
  if (signatures.length > 0 && !signatures.some((s) => s.oid === OUR_SIGNATURE[keyAlgorithm])) {
    unmet.push(`a signature with ${signatures.map((s) => SIGNATURES[s.oid]).join(' or ')}`);
  }
  return unmet;
}

/** ISSUE-CSR-ATTRS, naming what the server asks; undefined when the request can be made. */
export function csrAttributesRefusal(attributes: readonly CsrAttribute[], keyAlgorithm: KeyAlgorithm): IssuingError | undefined {
  const unmet = unmetCsrAttributes(attributes, keyAlgorithm);
  if (unmet.length === 0) return undefined;
  const other: KeyAlgorithm = keyAlgorithm === 'rsa-2048' ? 'ecdsa-p256' : 'rsa-2048';
  const otherFits = unmetCsrAttributes(attributes, other).length === 0;
  const hint = other === 'ecdsa-p256' ? 'an ECDSA P-256 key would do (--key-type ec)' : 'an RSA 2048 key would do (--key-type rsa)';
  return new IssuingError(
    'ISSUE-CSR-ATTRS',
    `the issuing service asks (csrattrs) for ${unmet.join(' and ')}, which this request cannot carry`,
    otherFits ? { detail: hint } : {},
  );
}

function keyFits(wanted: CsrAttribute, keyAlgorithm: KeyAlgorithm): boolean {
  if (wanted.oid === RSA) return keyAlgorithm === 'rsa-2048';
  if (wanted.oid === EC) return keyAlgorithm === 'ecdsa-p256' && (wanted.valueOids.length === 0 || wanted.valueOids.includes(P256));
  return false;
}

function describeKey(key: CsrAttribute): string {
  const curves = key.valueOids.map((oid) => CURVES[oid] ?? oid);
  return curves.length > 0 ? `${KEY_TYPES[key.oid]} (${curves.join(', ')})` : KEY_TYPES[key.oid]!;
}
