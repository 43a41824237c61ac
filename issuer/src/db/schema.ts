import type { SqliteDatabase } from './sqlite';

/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many have run. Append
 * new steps, never edit a released one: a bank's database must upgrade in place.
 *
 * Times are ISO 8601 UTC strings from Date.toISOString(): fixed width, so they compare correctly
 * as text, and readable when the bank inspects the file with the sqlite3 shell.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE contracts (
    contract_id TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL
  );

  CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    contract_id   TEXT NOT NULL REFERENCES contracts(contract_id),
    login_id      TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('master', 'general')),
    email         TEXT,
    password_hash TEXT NOT NULL,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_at     TEXT,
    created_at    TEXT NOT NULL,
    deleted_at    TEXT
  );
  -- A deleted user stays as history, so its login ID can be registered again (P10).
  CREATE UNIQUE INDEX users_login_id_live ON users(login_id) WHERE deleted_at IS NULL;
  CREATE UNIQUE INDEX users_one_master ON users(contract_id) WHERE role = 'master' AND deleted_at IS NULL;
  CREATE INDEX users_contract ON users(contract_id);

  CREATE TABLE certificates (
    serial            TEXT PRIMARY KEY,
    user_id           INTEGER NOT NULL REFERENCES users(id),
    spki_sha256       TEXT NOT NULL,
    der               BLOB NOT NULL,
    not_before        TEXT NOT NULL,
    not_after         TEXT NOT NULL,
    issued_at         TEXT NOT NULL,
    revoked_at        TEXT,
    revocation_reason TEXT,
    -- Deferred: a renewal revokes the old row pointing at the new one before inserting it.
    superseded_by     TEXT REFERENCES certificates(serial) DEFERRABLE INITIALLY DEFERRED,
    CHECK ((revoked_at IS NULL) = (revocation_reason IS NULL))
  );
  -- One certificate per user (P2): the database itself refuses a second unrevoked one.
  CREATE UNIQUE INDEX certificates_one_unrevoked ON certificates(user_id) WHERE revoked_at IS NULL;
  CREATE INDEX certificates_user ON certificates(user_id, issued_at);
  CREATE INDEX certificates_revoked ON certificates(revoked_at) WHERE revoked_at IS NOT NULL;

  CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY,
    time     TEXT NOT NULL,
    actor    TEXT NOT NULL,
    action   TEXT NOT NULL,
    login_id TEXT,
    serial   TEXT,
    detail   TEXT
  );

  CREATE TABLE expiry_notices (
    serial      TEXT PRIMARY KEY REFERENCES certificates(serial),
    user_id     INTEGER NOT NULL REFERENCES users(id),
    recipient   TEXT NOT NULL,
    notified_at TEXT NOT NULL,
    eml_path    TEXT NOT NULL
  );

  -- One row. revocation_seq grows with every revocation, so any process can tell cheaply
  -- whether a cached CRL is stale, including after the operator CLI revoked something.
  CREATE TABLE crl_state (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    crl_number     INTEGER NOT NULL,
    revocation_seq INTEGER NOT NULL
  );
  INSERT INTO crl_state (id, crl_number, revocation_seq) VALUES (1, 0, 0);
  `,
  // Which request a certificate answered: a renewal retried after a lost answer is told from a
  // same-key renewal by it (docs/issuer-renewal.md). NULL for certificates issued before.
  `
  ALTER TABLE certificates ADD COLUMN request_sha256 TEXT;
  ALTER TABLE certificates ADD COLUMN request_kind TEXT CHECK (request_kind IN ('enroll', 'reenroll'));
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function migrate(db: SqliteDatabase): void {
  const current = Number(db.pragma('user_version'));
  if (current > SCHEMA_VERSION) {
    throw new Error(`issuer.db has schema version ${current}, newer than this program (${SCHEMA_VERSION})`);
  }
  const pending = MIGRATIONS.slice(current);
  if (pending.length === 0) return;
  // IMMEDIATE: the server and the operator CLI may open a fresh database at the same moment.
  db.transaction(() => {
    const again = Number(db.pragma('user_version'));
    MIGRATIONS.slice(again).forEach((sql, i) => {
      db.exec(sql);
      db.exec(`PRAGMA user_version = ${again + i + 1}`);
    });
  });
}
