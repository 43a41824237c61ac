// The certificate stores: one backend per OS behind CertificateStore, chosen by platform.
import type { ProcessRunner } from '../platform/process-runner';
import { isIssuedBy, type CertificateInfo } from '../pki';
import { StoreError, type CertificateStore, type StoredCertificate, type StoreKind } from './certificate-store';
import { MacKeychainStore } from './macos-store';
import { NssStore } from './nss-store';
import { WindowsCertStore } from './windows-store';

export * from './certificate-store';
export { NssStore, type NssStoreOptions } from './nss-store';
export { WindowsCertStore, type WindowsCertStoreOptions } from './windows-store';
export { MacKeychainStore, type MacKeychainStoreOptions } from './macos-store';
// HTTPS authenticated by a certificate whose key stays in its store (renewal without the password).
export {
  createStoreTlsClient,
  StoreTlsError,
  type StoreTlsClient,
  type StoreTlsClientOptions,
  type StoreTlsRefusal,
  type StoreTlsRequest,
  type StoreTlsResponse,
} from './client-certificate-transport';

export interface PlatformStoreOptions {
  readonly home?: string;
  readonly runner?: ProcessRunner;
  /** Linux only: the NSS database directory (default `~/.pki/nssdb`). */
  readonly nssDbDir?: string;
  /** macOS only: the keychain file (default the login keychain). */
  readonly keychain?: string;
}

/** Which store this OS's certificates live in. */
export function platformStoreKind(platform: NodeJS.Platform = process.platform): StoreKind {
  if (platform === 'win32') return 'windows';
  if (platform === 'darwin') return 'macos';
  return 'nss';
}

export function createPlatformStore(platform: NodeJS.Platform = process.platform, options: PlatformStoreOptions = {}): CertificateStore {
  const common = { ...(options.home === undefined ? {} : { home: options.home }), ...(options.runner ? { runner: options.runner } : {}) };
  switch (platform) {
    case 'linux':
      return new NssStore({ ...common, ...(options.nssDbDir === undefined ? {} : { dbDir: options.nssDbDir }) });
    case 'win32':
      return new WindowsCertStore(options.runner ? { runner: options.runner } : {});
    case 'darwin':
      return new MacKeychainStore({ ...common, ...(options.keychain === undefined ? {} : { keychain: options.keychain }) });
    default:
      throw new StoreError('STORE-UNSUPPORTED', `no certificate store backend for ${platform}`);
  }
}

/** RFC 4514 strings from different printers differ in spacing and attribute case only. */
function normaliseDn(dn: string): string {
  return dn
    .split(/\s*,\s*/)
    .map((rdn) => rdn.replace(/^\s*([^=]+?)\s*=\s*/, (_, type: string) => `${type.toUpperCase()}=`).trim())
    .join(',');
}

/**
 * Is `cert` one that `issuer` issued? The DN must match; when the store gave the DER (all
 * backends do, except Windows' certutil fallback), the signature must verify with the issuer's key,
 * so a look-alike CA with the same name is not mistaken for ours.
 */
export function isCertificateOfIssuer(cert: StoredCertificate, issuer: CertificateInfo): boolean {
  if (normaliseDn(cert.issuer) !== normaliseDn(issuer.subject)) return false;
  if (!cert.der) return true;
  try {
    // The signature needs the DER only: no second full parse of a certificate the store already read.
    return isIssuedBy({ der: cert.der }, issuer);
  } catch {
    return false;
  }
}
