// The demo contract a fresh reference service starts with, so the app works out of the box.
import type { ContractStore } from '../db/contract-store';
import type { IssuerDatabase } from '../db/database';
import type { UserStore } from '../db/user-store';
import type { UserRole } from './api';
import type { AuditTrail } from './audit';
import type { Clock } from './clock';
import { hashPassword, type ScryptCost } from './passwords';

export const DEMO_CONTRACT = { contractId: 'demo', name: 'デモ株式会社' } as const;
// Published in the README: this is a demonstration password, not a secret.
export const DEMO_PASSWORD = 'demo-password';
export const DEMO_USERS: readonly { loginId: string; role: UserRole; email: string }[] = [
  { loginId: 'master01', role: 'master', email: 'master01@example.jp' },
  { loginId: 'user01', role: 'general', email: 'user01@example.jp' },
  { loginId: 'user02', role: 'general', email: 'user02@example.jp' },
];

/** Creates the demo contract if no contract exists at all; returns whether it did. */
export async function seedDemoData(deps: {
  readonly db: IssuerDatabase;
  readonly contracts: ContractStore;
  readonly users: UserStore;
  readonly audit: AuditTrail;
  readonly clock: Clock;
  readonly passwordCost: ScryptCost;
}): Promise<boolean> {
  if (!deps.contracts.isEmpty()) return false;
  const hashes = await Promise.all(DEMO_USERS.map(() => hashPassword(DEMO_PASSWORD, deps.passwordCost)));
  return deps.db.transaction((): boolean => {
    // Another process may have seeded while the passwords were being hashed.
    if (!deps.contracts.isEmpty()) return false;
    const now = deps.clock.now();
    deps.contracts.insert({ ...DEMO_CONTRACT, createdAt: now });
    DEMO_USERS.forEach((u, i) => {
      deps.users.insert({
        contractId: DEMO_CONTRACT.contractId,
        loginId: u.loginId,
        role: u.role,
        email: u.email,
        passwordHash: hashes[i]!,
        createdAt: now,
      });
    });
    deps.audit.record({
      actor: 'system',
      action: 'demo.seeded',
      detail: `contract=${DEMO_CONTRACT.contractId} users=${DEMO_USERS.map((u) => u.loginId).join(',')}`,
    });
    return true;
  });
}
