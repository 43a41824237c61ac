import type { UserRole } from '../domain/api';
import type { IssuerDatabase } from './database';
import type { Statement } from './sqlite';
import { toDate, type UserRecord } from './records';

interface UserRow {
  id: number;
  contract_id: string;
  login_id: string;
  role: UserRole;
  email: string | null;
  password_hash: string;
  failed_logins: number;
  locked_at: string | null;
  created_at: string;
  deleted_at: string | null;
}

export interface NewUser {
  readonly contractId: string;
  readonly loginId: string;
  readonly role: UserRole;
  readonly email: string | null;
  readonly passwordHash: string;
  readonly createdAt: Date;
}

const COLUMNS = 'id, contract_id, login_id, role, email, password_hash, failed_logins, locked_at, created_at, deleted_at';

export class UserStore {
  private readonly selectLive: Statement<[string], UserRow>;
  private readonly selectLatestDeleted: Statement<[string], UserRow>;
  private readonly selectById: Statement<[number], UserRow>;
  private readonly selectTakenFor: Statement<[string, string], { one: number }>;
  private readonly selectLiveOfContract: Statement<[string], UserRow>;
  private readonly selectGeneralCount: Statement<[string], { n: number }>;
  private readonly insertRow: Statement<[string, string, string, string | null, string, string], never>;
  private readonly updateDeleted: Statement<[string, number]>;
  private readonly updateFailure: Statement<[number, string, number], { failed_logins: number; locked_at: string | null }>;
  private readonly updateSuccess: Statement<[number], { id: number }>;
  private readonly updateUnlocked: Statement<[number]>;
  private readonly updateLockLifted: Statement<[number, string]>;
  private readonly updatePassword: Statement<[string, number]>;

  constructor(db: IssuerDatabase) {
    this.selectLive = db.prepare(`SELECT ${COLUMNS} FROM users WHERE login_id = ? AND deleted_at IS NULL`);
    this.selectLatestDeleted = db.prepare(
      `SELECT ${COLUMNS} FROM users WHERE login_id = ? AND deleted_at IS NOT NULL ORDER BY deleted_at DESC, id DESC LIMIT 1`,
    );
    this.selectById = db.prepare(`SELECT ${COLUMNS} FROM users WHERE id = ?`);
    this.selectTakenFor = db.prepare('SELECT 1 AS one FROM users WHERE login_id = ? AND (deleted_at IS NULL OR contract_id <> ?) LIMIT 1');
    // The master first, then general users by login ID: the order the master's screen shows.
    this.selectLiveOfContract = db.prepare(
      `SELECT ${COLUMNS} FROM users WHERE contract_id = ? AND deleted_at IS NULL ORDER BY role = 'master' DESC, login_id`,
    );
    this.selectGeneralCount = db.prepare(
      "SELECT count(*) AS n FROM users WHERE contract_id = ? AND role = 'general' AND deleted_at IS NULL",
    );
    // A new password starts a clean slate: the failures counted against the old one, and the lock, go.
    this.updatePassword = db.prepare(
      'UPDATE users SET password_hash = ?, failed_logins = 0, locked_at = NULL WHERE id = ? AND deleted_at IS NULL',
    );
    this.insertRow = db.prepare(
      'INSERT INTO users (contract_id, login_id, role, email, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.updateDeleted = db.prepare('UPDATE users SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL');
    // One statement, so two concurrent wrong passwords cannot both read the old count.
    this.updateFailure = db.prepare(`
      UPDATE users SET failed_logins = failed_logins + 1,
                       locked_at = CASE WHEN locked_at IS NULL AND failed_logins + 1 >= ? THEN ? ELSE locked_at END
      WHERE id = ? RETURNING failed_logins, locked_at`);
    this.updateSuccess = db.prepare(
      'UPDATE users SET failed_logins = 0 WHERE id = ? AND locked_at IS NULL AND deleted_at IS NULL RETURNING id',
    );
    this.updateUnlocked = db.prepare('UPDATE users SET failed_logins = 0, locked_at = NULL WHERE id = ?');
    // Only the lock that was seen to expire: a newer one, set meanwhile, stays.
    this.updateLockLifted = db.prepare('UPDATE users SET failed_logins = 0, locked_at = NULL WHERE id = ? AND locked_at = ?');
  }

  /** The current (not deleted) user with this login ID. */
  findLive(loginId: string): UserRecord | undefined {
    return fromRow(this.selectLive.get(loginId));
  }

  /** The most recently deleted user with this login ID, when no live one exists. */
  findLatestDeleted(loginId: string): UserRecord | undefined {
    return fromRow(this.selectLatestDeleted.get(loginId));
  }

  /**
   * Whether `contractId` may not register `loginId`: a live user holds it (in any contract), or
   * another contract used it before. Only the contract's own deleted IDs can be registered again (P10).
   */
  isTakenFor(contractId: string, loginId: string): boolean {
    return this.selectTakenFor.get(loginId, contractId) !== undefined;
  }

  findById(id: number): UserRecord | undefined {
    return fromRow(this.selectById.get(id));
  }

  liveOfContract(contractId: string): UserRecord[] {
    return this.selectLiveOfContract.all(contractId).map((r) => fromRow(r)!);
  }

  countGeneralUsers(contractId: string): number {
    return this.selectGeneralCount.get(contractId)?.n ?? 0;
  }

  /** Replaces the password hash of a live user and lifts its lock; false when the user is gone. */
  setPassword(id: number, passwordHash: string): boolean {
    return this.updatePassword.run(passwordHash, id).changes > 0;
  }

  insert(user: NewUser): UserRecord {
    const { lastInsertRowid } = this.insertRow.run(
      user.contractId,
      user.loginId,
      user.role,
      user.email,
      user.passwordHash,
      user.createdAt.toISOString(),
    );
    return this.findById(Number(lastInsertRowid))!;
  }

  markDeleted(id: number, at: Date): void {
    this.updateDeleted.run(at.toISOString(), id);
  }

  /** Counts a failed login; returns true when this failure locked the ID. */
  recordFailedLogin(id: number, lockAfter: number, at: Date): { locked: boolean } {
    const row = this.updateFailure.get(lockAfter, at.toISOString(), id);
    return { locked: row?.locked_at != null };
  }

  /** Resets the failure count; false when the ID got locked or deleted meanwhile. */
  recordSuccessfulLogin(id: number): boolean {
    return this.updateSuccess.get(id) !== undefined;
  }

  unlock(id: number): void {
    this.updateUnlocked.run(id);
  }

  /** Lifts the lock set at `lockedAt` (it has expired); false when it had already changed. */
  liftExpiredLock(id: number, lockedAt: Date): boolean {
    return this.updateLockLifted.run(id, lockedAt.toISOString()).changes > 0;
  }
}

function fromRow(row: UserRow | undefined): UserRecord | undefined {
  if (!row) return undefined;
  return {
    id: row.id,
    contractId: row.contract_id,
    loginId: row.login_id,
    role: row.role,
    email: row.email,
    passwordHash: row.password_hash,
    failedLogins: row.failed_logins,
    lockedAt: toDate(row.locked_at),
    createdAt: toDate(row.created_at),
    deletedAt: toDate(row.deleted_at),
  };
}
