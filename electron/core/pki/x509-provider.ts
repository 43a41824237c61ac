// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata
// polyfill loaded before the library itself; every pki module imports x509 from here so the
// order can never be wrong.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export { x509 };
export const subtle = webcrypto.subtle;

/**
 * A Name whose attribute values are taken literally. @peculiar/x509's string-array JSON form is
 * not literal: it drops everything outside a pair of double quotes, removes backslash escapes and
 * reads a leading `#` as hex DER, so a login ID such as `x"admin"` would become `CN=admin`.
 * PrintableString when the value allows it (as the library would choose), UTF8String otherwise.
 */
export function literalName(rdns: readonly (readonly [type: string, value: string])[]): x509.Name {
  return new x509.Name(
    rdns.map(([type, value]) => ({
      [type]: [x509.Name.isPrintableString(value) ? { printableString: value } : { utf8String: value }],
    })),
  );
}
