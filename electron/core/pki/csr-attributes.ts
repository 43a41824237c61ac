// The CSR attributes an EST server asks for (RFC 7030 §4.5.2): a DER SEQUENCE of AttrOrOID,
// each either a bare OID (`ecdsa-with-SHA384`: "sign with this") or an Attribute whose values
// name what it wants (`id-ecPublicKey` with `secp384r1`: "a key on this curve"). Only OIDs are
// read, at the top and inside the values: that is all a client can act on. Read with the small
// TLV reader of der.ts; a server's bytes are bounded and checked at every step.
import { readTlv, type Tlv } from './der';
import { PkiError } from './errors';

export interface CsrAttribute {
  /** The OID itself, or the attribute's type, dotted (`1.2.840.10045.2.1`). */
  readonly oid: string;
  /** The OIDs among the attribute's values (none for a bare OID). */
  readonly valueOids: readonly string[];
}

const SEQUENCE = 0x30;
const SET = 0x31;
const OID = 0x06;

/** Parses a CsrAttrs DER; throws PKI-BAD-DER when it is not one. */
export function parseCsrAttributes(der: Uint8Array): CsrAttribute[] {
  const top = tlv(der, 0, der.length);
  if (top.tag !== SEQUENCE || top.end !== der.length) throw malformed();
  const attributes: CsrAttribute[] = [];
  for (let at = top.start; at < top.end;) {
    const item = tlv(der, at, top.end);
    if (item.tag === OID) attributes.push({ oid: oidText(der, item), valueOids: [] });
    else if (item.tag === SEQUENCE) attributes.push(attribute(der, item));
    else throw malformed();
    at = item.end;
  }
  return attributes;
}

/** Attribute ::= SEQUENCE { type OBJECT IDENTIFIER, values SET OF ANY }. */
function attribute(der: Uint8Array, sequence: Tlv): CsrAttribute {
  const type = tlv(der, sequence.start, sequence.end);
  if (type.tag !== OID || type.end >= sequence.end) throw malformed();
  const values = tlv(der, type.end, sequence.end);
  if (values.tag !== SET || values.end !== sequence.end) throw malformed();
  const valueOids: string[] = [];
  for (let at = values.start; at < values.end;) {
    const value = tlv(der, at, values.end);
    if (value.tag === OID) valueOids.push(oidText(der, value));
    at = value.end;
  }
  return { oid: oidText(der, type), valueOids };
}

/** X.690 §8.19: the first two arcs in the first subidentifier, then base 128 with continuation bits. */
function oidText(der: Uint8Array, oid: Tlv): string {
  const arcs: number[] = [];
  let value = 0;
  for (let i = oid.start; i < oid.end; i++) {
    const byte = der[i]!;
    value = value * 128 + (byte & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) throw malformed();
    if ((byte & 0x80) === 0) {
      arcs.push(value);
      value = 0;
    }
  }
  if (arcs.length === 0 || (der[oid.end - 1]! & 0x80) !== 0) throw malformed();
  const first = arcs[0]!;
  const head = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80];
  return [...head, ...arcs.slice(1)].join('.');
}

function tlv(der: Uint8Array, at: number, limit: number): Tlv {
  return readTlv(der, at, limit, malformed);
}

function malformed(): PkiError {
  return new PkiError('PKI-BAD-DER', 'the CSR attributes are not a DER CsrAttrs sequence (RFC 7030 §4.5.2)');
}
