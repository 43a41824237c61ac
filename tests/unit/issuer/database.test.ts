import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { openIssuerDatabase, type IssuerDatabase } from '../../../issuer/src/db/database';
import { CertificateStore } from '../../../issuer/src/db/certificate-store';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../issuer/src/db/schema';
import { SqliteDatabase } from '../../../issuer/src/db/sqlite';
import { makeDataDir } from './issuer-fixture';

let dataDir: string;
let db: IssuerDatabase;

beforeEach(async () => {
  dataDir = await makeDataDir();
  db = openIssuerDatabase(`${dataDir}/nested/data`);
});
afterEach(async () => {
  db.close();
  await rm(dataDir, { recursive: true, force: true });
});

function seedUser(): number {
  db.prepare("INSERT INTO contracts VALUES ('c', 'C', '2026-01-01T00:00:00.000Z')").run();
  return Number(
    db.prepare("INSERT INTO users (contract_id, login_id, role, password_hash, created_at) VALUES ('c', 'u1', 'general', 'h', 'x')").run()
      .lastInsertRowid,
  );
}

describe('issuer.db', () => {
  it('is durable and concurrent: WAL, synchronous=FULL, foreign keys on', () => {
    expect(db.pragma('journal_mode')).toBe('wal');
    expect(db.pragma('synchronous')).toBe(2);
    expect(db.pragma('foreign_keys')).toBe(1);
    // While the operator CLI holds the write lock, the server waits instead of failing.
    expect(db.pragma('busy_timeout')).toBe(5000);
  });

  it('commits a transaction that completes and leaves nothing of one that throws', () => {
    seedUser();
    const count = () => db.prepare<[], { n: number }>('SELECT count(*) AS n FROM users').get()?.n;
    const insert = (login: string) =>
      db
        .prepare<[string]>(
          "INSERT INTO users (contract_id, login_id, role, password_hash, created_at) VALUES ('c', ?, 'general', 'h', 'x')",
        )
        .run(login);
    expect(() =>
      db.transaction(() => {
        insert('u2');
        throw new Error('refused half-way');
      }),
    ).toThrow('refused half-way');
    expect(count()).toBe(1);
    db.transaction(() => insert('u3'));
    expect(count()).toBe(2);
  });

  it('refuses an asynchronous transaction, whose statements would not all be inside it', () => {
    expect(() => db.transaction(async () => Promise.resolve())).toThrow(/asynchronous/);
    // Rolled back: the connection can take the next transaction.
    expect(db.transaction(() => 'next')).toBe('next');
  });

  it('records its schema version and reopens without migrating twice', () => {
    expect(db.pragma('user_version')).toBe(SCHEMA_VERSION);
    const again = openIssuerDatabase(`${dataDir}/nested/data`);
    expect(again.pragma('user_version')).toBe(SCHEMA_VERSION);
    again.close();
  });

  it('refuses a second unrevoked certificate for one user (P2, enforced by the schema)', () => {
    const userId = seedUser();
    const insert = db.prepare(
      "INSERT INTO certificates (serial, user_id, spki_sha256, der, not_before, not_after, issued_at) VALUES (?, ?, 'k', x'00', 'a', 'b', 'c')",
    );
    insert.run('01', userId);
    expect(() => insert.run('02', userId)).toThrow(/UNIQUE/);
    db.prepare("UPDATE certificates SET revoked_at = 'x', revocation_reason = 'superseded' WHERE serial = '01'").run();
    expect(() => insert.run('02', userId)).not.toThrow();
  });

  it('keeps login IDs unique among live users only, so a deleted ID can be registered again', () => {
    seedUser();
    const insert = db.prepare(
      "INSERT INTO users (contract_id, login_id, role, password_hash, created_at) VALUES ('c', 'u1', 'general', 'h', 'x')",
    );
    expect(() => insert.run()).toThrow(/UNIQUE/);
    db.prepare("UPDATE users SET deleted_at = 'x' WHERE login_id = 'u1'").run();
    expect(() => insert.run()).not.toThrow();
  });

  it('upgrades a database of the first schema in place: its certificates are kept, with no request on record', () => {
    const dir = `${dataDir}/v1`;
    mkdirSync(dir, { mode: 0o700 });
    // issuer.db as the first release left it.
    const v1 = new SqliteDatabase(`${dir}/issuer.db`);
    v1.exec(MIGRATIONS[0]!);
    v1.exec('PRAGMA user_version = 1');
    v1.exec("INSERT INTO contracts VALUES ('c', 'C', '2026-01-01T00:00:00.000Z')");
    v1.exec("INSERT INTO users (id, contract_id, login_id, role, password_hash, created_at) VALUES (1, 'c', 'u1', 'general', 'h', 'x')");
    v1.exec(
      "INSERT INTO certificates (serial, user_id, spki_sha256, der, not_before, not_after, issued_at) VALUES ('01', 1, 'k', x'00', " +
        "'2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')",
    );
    v1.close();

    const upgraded = openIssuerDatabase(dir);
    try {
      expect(upgraded.pragma('user_version')).toBe(SCHEMA_VERSION);
      const certificates = new CertificateStore(upgraded);
      expect(certificates.findBySerial('01')).toMatchObject({ serialNumber: '01', spkiSha256: 'k', request: null });
      upgraded.exec("UPDATE certificates SET revoked_at = 'x', revocation_reason = 'superseded' WHERE serial = '01'");
      certificates.insert({
        serialNumber: '02',
        userId: 1,
        spkiSha256: 'k2',
        der: Buffer.from([0]),
        notBefore: new Date(0),
        notAfter: new Date(1),
        issuedAt: new Date(0),
        request: { csrSha256: 'c2', kind: 'reenroll' },
      });
      expect(certificates.findBySerial('02')?.request).toEqual({ csrSha256: 'c2', kind: 'reenroll' });
    } finally {
      upgraded.close();
    }
  });
});
