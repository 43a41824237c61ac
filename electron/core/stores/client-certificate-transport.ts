// The factory of the store-authenticated HTTPS client (store-tls.ts): the backend of the store
// the certificate lives in. Linux: NSS's tstclnt; Windows: PowerShell/.NET; macOS: none yet
// (every request ends in StoreTlsError 'unsupported', "needs the password").
import type { ProcessRunner } from '../platform/process-runner';
import type { CertificateStore, StoreKind } from './certificate-store';
import { MacTlsClient } from './store-tls-macos';
import { NssTlsClient } from './store-tls-nss';
import type { StoreTlsClient } from './store-tls';
import { WindowsTlsClient } from './store-tls-windows';

export * from './store-tls';
export { NssTlsClient, tstclntArgs, type NssTlsClientOptions } from './store-tls-nss';
export { WindowsTlsClient } from './store-tls-windows';
export { MacTlsClient } from './store-tls-macos';

export interface StoreTlsClientOptions {
  readonly runner?: ProcessRunner;
  /** NSS: the database directory when only the kind is given (default `~/.pki/nssdb` of `home`). */
  readonly nssDbDir?: string;
  readonly home?: string;
  /** NSS: where this process's staging directory is made for the request file. */
  readonly stagingParentDir?: string;
}

/** The client for `store` (its NSS database when a CertificateStore is given) or for a store kind. */
export function createStoreTlsClient(store: CertificateStore | StoreKind, options: StoreTlsClientOptions = {}): StoreTlsClient {
  const kind = typeof store === 'string' ? store : store.kind;
  const runner = options.runner ? { runner: options.runner } : {};
  switch (kind) {
    case 'nss': {
      // NssStore's location is its database directory.
      const dbDir = typeof store === 'string' ? options.nssDbDir : store.location;
      return new NssTlsClient({
        ...runner,
        ...(dbDir === undefined ? {} : { dbDir }),
        ...(options.home === undefined ? {} : { home: options.home }),
        ...(options.stagingParentDir === undefined ? {} : { stagingParentDir: options.stagingParentDir }),
      });
    }
    case 'windows':
      return new WindowsTlsClient(runner);
    case 'macos':
      return new MacTlsClient();
  }
}
