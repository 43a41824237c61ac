// One small interface per OS certificate store (the smallstep truststore / mkcert model): each
// backend in its own file, every install verified by listing again.
import { CjsError } from '../errors';
import type { CertificateInfo } from '../pki';

export type StoreKind = 'nss' | 'windows' | 'macos';

/** A certificate as a store holds it. */
export interface StoredCertificate {
  readonly store: StoreKind;
  /** The backend's handle for remove(): NSS nickname, Windows thumbprint, macOS SHA-1 hash. */
  readonly handle: string;
  /** Subject as an RFC 4514 string, e.g. `CN=user01`. */
  readonly subject: string;
  readonly subjectCommonName: string | undefined;
  readonly issuer: string;
  readonly issuerCommonName: string | undefined;
  /** Upper-case hex, no separators, no leading zero bytes (pki's normaliseSerial). */
  readonly serialNumber: string;
  /** SHA-1 of the DER, upper-case hex (Windows "Thumbprint"). */
  readonly thumbprintSha1: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** Whether the store has the private key paired with this certificate. */
  readonly hasPrivateKey: boolean;
  /** The certificate itself, when the backend can give it (all three can). */
  readonly der?: Buffer;
}

export interface InstallRequest {
  /** Key + certificate (+ chain) as PKCS#12, built by pki.buildPkcs12. */
  readonly pkcs12: Buffer;
  /** The PKCS#12's one-time password: passed on stdin or in a private file, never in argv. */
  readonly password: string;
  /** The certificate being installed, to find it again when verifying. */
  readonly certificate: CertificateInfo;
  /** The CA certificates the PKCS#12 carries next to it (a store may import them too). */
  readonly chain?: readonly CertificateInfo[];
  /** Name shown in the store's UI (NSS nickname, Windows friendly name, keychain label). */
  readonly friendlyName: string;
}

export type PreCheckResult =
  | { readonly ok: true; readonly location: string }
  | { readonly ok: false; readonly code: StoreErrorCode; readonly message: string; readonly advice: string };

export interface CertificateStore {
  readonly kind: StoreKind;
  /** Where the certificates live, for messages: `~/.pki/nssdb`, `Cert:\CurrentUser\My`, the login keychain. */
  readonly location: string;
  /** Are the tools there, is the store reachable/creatable? Never changes anything but creating an empty store. */
  preCheck(): Promise<PreCheckResult>;
  /** Imports key + certificate with a non-exportable key, then lists again: resolves only when it is present with its key. */
  install(request: InstallRequest): Promise<StoredCertificate>;
  /** Every personal certificate in the store (the caller filters those of this system by issuer). */
  list(): Promise<StoredCertificate[]>;
  /** Removes the certificate and its private key, then lists again to verify it is gone. */
  remove(certificate: Pick<StoredCertificate, 'handle' | 'thumbprintSha1'>): Promise<void>;
}

export type StoreErrorCode =
  /** The store's command-line tool is not installed (advice says which package). */
  | 'STORE-TOOL-MISSING'
  /** The tool ran and failed; `command`, `exitCode` and its output are kept for diagnosis. */
  | 'STORE-COMMAND-FAILED'
  /** The tool said it succeeded but listing again does not show the expected state. */
  | 'STORE-VERIFY-FAILED'
  /** The tool's output could not be understood. */
  | 'STORE-PARSE-FAILED'
  /** This backend does not run on this OS. */
  | 'STORE-UNSUPPORTED';

/** A store failure with the command and output that explain it (never a password or key). */
export class StoreError extends CjsError<StoreErrorCode> {
  constructor(
    code: StoreErrorCode,
    message: string,
    /** `output` and `advice` are English/tool text for logs and --json; users read the code's text with `params`. */
    readonly details: { readonly command?: string; readonly exitCode?: number; readonly output?: string; readonly advice?: string } = {},
  ) {
    super(code, message, { params: storeParams(details) });
  }
}

/** The tool's name and exit status explain a store failure; its output stays out of the params. */
function storeParams(details: StoreError['details']): Record<string, string | number> {
  const params: Record<string, string | number> = {};
  if (details.command) params.command = details.command;
  if (details.exitCode !== undefined) params.exitCode = details.exitCode;
  return params;
}
