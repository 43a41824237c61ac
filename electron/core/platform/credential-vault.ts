// The OS credential vault (Secret Service on Linux, Credential Manager on Windows, the login
// keychain on macOS) behind one small interface, so the enrollment journal can keep its
// encryption keys where only this user's session can read them, and unit tests can use a
// memory double (tests/helpers/memory-vault.ts) instead.
import { AsyncEntry, type EntryOptions } from '@napi-rs/keyring';
import { CjsError } from '../errors';

/** Every secret of this app lives under this service name; accounts name the secret. */
export const VAULT_SERVICE = 'jp.rokin.cjs-cert';

export interface CredentialVault {
  /** The secret, or undefined when the vault has none for this account. */
  get(account: string): Promise<Buffer | undefined>;
  /** Creates or replaces the secret. */
  set(account: string, secret: Buffer): Promise<void>;
  /** Removes the secret; removing a missing one is not an error. */
  delete(account: string): Promise<void>;
}

export type VaultErrorCode =
  /** No vault to talk to: no D-Bus session / Secret Service, a locked keyring, access refused. */
  | 'VAULT-UNAVAILABLE'
  /** The vault answered but the operation failed (bad stored data, ambiguous entry, ...). */
  | 'VAULT-FAILED';

/**
 * A vault failure with a stable code. Messages name the account and the cause, never the
 * secret; `advice` is what the user (or support) can do about it.
 */
export class VaultError extends CjsError<VaultErrorCode> {
  constructor(
    code: VaultErrorCode,
    message: string,
    /** English, for logs and --json; the locale text of `code` is what users read. */
    readonly advice: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, { cause: options?.cause });
  }
}

/** What to do when there is no usable vault, per platform, in the words a user can act on. */
export function vaultAdvice(platform: NodeJS.Platform = process.platform): string {
  switch (platform) {
    case 'win32':
      return 'Windows Credential Manager (資格情報マネージャー) must be available to this user: sign in to Windows normally (not a restricted or temporary profile).';
    case 'darwin':
      return 'The login keychain must exist and be unlocked: sign in to macOS normally, or unlock it in Keychain Access.';
    default:
      return 'Run inside a desktop session with a Secret Service provider: install gnome-keyring, start it with a D-Bus session bus (DBUS_SESSION_BUS_ADDRESS set) and unlock the login keyring. Headless: dbus-run-session -- sh -c \'printf "PASSWORD\\n" | gnome-keyring-daemon --unlock --components=secrets; exec COMMAND\'.';
  }
}

export interface OsCredentialVaultOptions {
  readonly service?: string;
  /**
   * How long one vault call may take. A desktop keyring may show an unlock prompt; a headless
   * session whose Secret Service never answers must not hang the CLI forever.
   */
  readonly timeoutMs?: number;
}

// Pin Linux to the Secret Service. Left to itself the library silently falls back to the kernel
// keyring (keyutils), which forgets everything at logout/reboot: a journal key stored there
// would be gone exactly when a crashed enrollment needs it. Ignored on Windows and macOS.
const ENTRY_OPTIONS: EntryOptions = { linux: { store: 'secret-service' } };

/** The real vault, over @napi-rs/keyring (the maintained successor of keytar). */
export class OsCredentialVault implements CredentialVault {
  readonly #service: string;
  readonly #timeoutMs: number;

  constructor(options: OsCredentialVaultOptions = {}) {
    this.#service = options.service ?? VAULT_SERVICE;
    this.#timeoutMs = options.timeoutMs ?? 120_000;
  }

  async get(account: string): Promise<Buffer | undefined> {
    const stored = await this.#call(account, 'read', (entry) => entry.getPassword());
    if (stored === null) return undefined;
    // Stored as base64 text: the one form every backend (and keytar/secret-tool) round-trips.
    const secret = Buffer.from(stored, 'base64');
    if (secret.length === 0 || secret.toString('base64') !== stored) {
      throw new VaultError(
        'VAULT-FAILED',
        `the credential vault holds an unreadable secret for ${account}`,
        'Delete the entry in the credential vault; it will be recreated.',
      );
    }
    return secret;
  }

  async set(account: string, secret: Buffer): Promise<void> {
    if (secret.length === 0) throw new VaultError('VAULT-FAILED', 'refusing to store an empty secret', 'This is a bug in the caller.');
    await this.#call(account, 'write', (entry) => entry.setPassword(secret.toString('base64')));
  }

  async delete(account: string): Promise<void> {
    await this.#call(account, 'delete', (entry) => entry.deleteCredential());
  }

  async #call<T>(account: string, what: 'read' | 'write' | 'delete', op: (entry: AsyncEntry) => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    try {
      // The constructor already talks to D-Bus on Linux (and throws without a session), so it
      // belongs inside the error mapping.
      const entry = new AsyncEntry(this.#service, account, ENTRY_OPTIONS);
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new VaultTimeout()), this.#timeoutMs);
      });
      return await Promise.race([op(entry), timeout]);
    } catch (cause) {
      throw mapVaultError(cause, `${what} ${account}`);
    } finally {
      clearTimeout(timer);
    }
  }
}

class VaultTimeout extends Error {}

/**
 * keyring-rs reports "no vault" as PlatformFailure (no D-Bus session, unreachable bus) or
 * NoStorageAccess ("Couldn't access platform storage": locked keyring, dismissed unlock prompt,
 * access denied); napi-rs gives both the generic code, so the message text is all there is.
 */
export function mapVaultError(cause: unknown, operation: string): VaultError {
  if (cause instanceof VaultError) return cause;
  const advice = vaultAdvice();
  if (cause instanceof VaultTimeout) {
    return new VaultError('VAULT-UNAVAILABLE', `OS credential vault unavailable: it did not answer (${operation})`, advice);
  }
  const detail = cause instanceof Error ? cause.message : String(cause);
  if (
    /platform failure|dbus|d-bus|couldn't access platform storage|no storage access|secret service|prompt|locked|access ?denied/i.test(
      detail,
    )
  ) {
    return new VaultError('VAULT-UNAVAILABLE', `OS credential vault unavailable (${operation}): ${detail}`, advice, { cause });
  }
  return new VaultError('VAULT-FAILED', `OS credential vault failed (${operation}): ${detail}`, advice, { cause });
}
