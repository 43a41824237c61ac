// The FAQ's lock (five wrong passwords lock the login ID) with an end: it lifts itself after
// lockMinutes, so a stranger's guesses cannot keep an ID (a master's above all, which only the
// bank could unlock) shut for good. The master, or the bank for a master, may lift it sooner.
import type { UserRecord } from '../db/records';
import type { PolicySettings } from './api';

/** When the user's lock lifts itself, or null when the user is not locked. */
export function lockLiftsAt(user: Pick<UserRecord, 'lockedAt'>, policy: Pick<PolicySettings, 'lockMinutes'>): Date | null {
  return user.lockedAt ? new Date(user.lockedAt.getTime() + policy.lockMinutes * 60_000) : null;
}

export function isLocked(user: Pick<UserRecord, 'lockedAt'>, now: Date, policy: Pick<PolicySettings, 'lockMinutes'>): boolean {
  const liftsAt = lockLiftsAt(user, policy);
  return liftsAt !== null && now < liftsAt;
}
