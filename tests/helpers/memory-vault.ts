// A CredentialVault in memory, for unit tests only: production code always uses the OS vault.
import type { CredentialVault } from '../../electron/core/platform/credential-vault';

export class MemoryCredentialVault implements CredentialVault {
  readonly secrets = new Map<string, Buffer>();

  get(account: string): Promise<Buffer | undefined> {
    const secret = this.secrets.get(account);
    // A copy, as a real vault returns: callers zero what they get without touching the store.
    return Promise.resolve(secret ? Buffer.from(secret) : undefined);
  }

  set(account: string, secret: Buffer): Promise<void> {
    this.secrets.set(account, Buffer.from(secret));
    return Promise.resolve();
  }

  delete(account: string): Promise<void> {
    this.secrets.delete(account);
    return Promise.resolve();
  }
}
