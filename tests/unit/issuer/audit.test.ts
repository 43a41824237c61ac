import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateKeyPair, type KeyPair, type SigningAuthority } from '../../../electron/core/pki';
import type { SqliteDatabase } from '../../../issuer/src/db/sqlite';
import { codeOf, csrFor, inspectDatabase, makeAuthority, openTestService, type TestService } from './issuer-fixture';

let authority: SigningAuthority;
let keyA: KeyPair;
let keyB: KeyPair;
let t: TestService;

const NEW_PASSWORD = 'Kq7-unique-new-user-password';
const WRONG_PASSWORD = 'Zx9-unique-wrong-password';

beforeAll(async () => {
  [authority, keyA, keyB] = await Promise.all([makeAuthority(), generateKeyPair('ecdsa-p256'), generateKeyPair('ecdsa-p256')]);
});
beforeEach(async () => {
  t = await openTestService(authority, { policy: { validityDays: 10 } });
});
afterEach(() => t.dispose());

/** A day in the life of the service: every kind of change, with passwords flowing through. */
async function exerciseEverything(): Promise<void> {
  const master = await t.login('master01');
  await t.service.addUser(master, { loginId: 'user03', password: NEW_PASSWORD, email: 'user03@example.jp' });
  await codeOf(t.service.authenticate('user03', WRONG_PASSWORD));
  await codeOf(t.service.authenticate(WRONG_PASSWORD, WRONG_PASSWORD));
  const user03 = await t.service.authenticate('user03', NEW_PASSWORD);
  await t.service.enroll(user03, await csrFor(keyA, 'user03'));
  await t.service.reenroll(user03, await csrFor(keyB, 'user03'));
  await t.service.enroll(await t.login('user01'), await csrFor(keyA, 'user01'));
  t.service.deleteUser(master, 'user01');
  t.service.operatorRevoke('user03', 'keyCompromise');
  t.service.unlockUser(master, 'user02');
  await t.service.enroll(await t.login('master01'), await csrFor(keyA, 'master01'));
  t.service.recordExpiryNotices();
  await t.service.currentCrl();
}

/** The `serial` column of every row `sql` selects. */
function serials(db: SqliteDatabase, sql: string): string[] {
  return db
    .prepare<[], { serial: string }>(sql)
    .all()
    .map((r) => r.serial);
}

describe('audit log', () => {
  it('records every issuance and every revocation', async () => {
    await exerciseEverything();
    const { certificates, revoked, issuedRows, revokedRows } = inspectDatabase(t.dataDir, (db) => ({
      certificates: serials(db, 'SELECT serial FROM certificates ORDER BY serial'),
      revoked: serials(db, 'SELECT serial FROM certificates WHERE revoked_at IS NOT NULL ORDER BY serial'),
      issuedRows: serials(db, "SELECT serial FROM audit_log WHERE action = 'certificate.issued' ORDER BY serial"),
      revokedRows: serials(db, "SELECT serial FROM audit_log WHERE action = 'certificate.revoked' ORDER BY serial"),
    }));
    expect(certificates).toHaveLength(4);
    expect(issuedRows).toEqual(certificates);
    expect(revoked).toHaveLength(3);
    expect(revokedRows).toEqual(revoked);
  });

  it('no password ever reaches the database, its WAL, the audit log or the outbox', async () => {
    await exerciseEverything();
    const files = ['issuer.db', 'issuer.db-wal', ...(await readdir(join(t.dataDir, 'outbox'))).map((f) => join('outbox', f))];
    let scanned = Buffer.alloc(0);
    for (const file of files) {
      const bytes = await readFile(join(t.dataDir, file)).catch(() => Buffer.alloc(0));
      scanned = Buffer.concat([scanned, bytes]);
      for (const secret of [NEW_PASSWORD, WRONG_PASSWORD, 'demo-password']) {
        expect([file, bytes.includes(secret)]).toEqual([file, false]);
      }
    }
    // The scan saw the data itself, not an empty file.
    expect(scanned.includes('user03@example.jp')).toBe(true);
    const audit = JSON.stringify(inspectDatabase(t.dataDir, (db) => db.prepare('SELECT * FROM audit_log').all()));
    expect(audit).not.toContain(NEW_PASSWORD);
    expect(audit).not.toContain(WRONG_PASSWORD);
    expect(audit).not.toMatch(/scrypt\$/);
  });
});
