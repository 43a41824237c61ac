// Builders for the issuer's unit tests: a real CA, real SQLite in a temporary directory, a clock
// the test moves, and certificate requests (well-formed or deliberately wrong).
import { generateKeyPairSync, webcrypto } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createCsr,
  createSelfSignedCa,
  generateKeyPair,
  readCertificate,
  toCryptoKeyPair,
  type KeyPair,
  type SigningAuthority,
} from '../../../electron/core/pki';
import { x509 } from '../../../electron/core/pki/x509-provider';
import { DEFAULT_POLICY, type AuthenticatedUser, type PolicySettings } from '../../../issuer/src/domain/api';
import type { Clock } from '../../../issuer/src/domain/clock';
import { IssuerError } from '../../../issuer/src/domain/errors';
import { IssuingService } from '../../../issuer/src/domain/issuing-service';
import { DEMO_PASSWORD } from '../../../issuer/src/domain/demo-data';
import { SqliteDatabase } from '../../../issuer/src/db/sqlite';

export const DAY_MS = 86_400_000;
/** Cheap scrypt for the service tests; passwords.test.ts covers the production cost. */
export const TEST_PASSWORD_COST = { N: 2 ** 10, r: 8, p: 1 } as const;
export const START = new Date('2026-04-01T00:00:00.000Z');

/** A clock that only moves when the test says so. */
export class ManualClock implements Clock {
  private current: Date;
  constructor(start: Date = START) {
    this.current = new Date(start);
  }
  now(): Date {
    return new Date(this.current);
  }
  advanceDays(days: number): void {
    this.current = new Date(this.current.getTime() + days * DAY_MS);
  }
  advanceSeconds(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}

export async function makeAuthority(): Promise<SigningAuthority> {
  const keyPair = await generateKeyPair('ecdsa-p256');
  const der = await createSelfSignedCa({
    keyPair,
    commonName: 'Test Issuing CA',
    organization: 'Test',
    notBefore: new Date('2025-01-01T00:00:00Z'),
    notAfter: new Date('2036-01-01T00:00:00Z'),
  });
  return { certificate: readCertificate(der), privateKey: keyPair.privateKey };
}

export async function makeDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'cjs-issuer-unit-'));
}

export interface TestService {
  readonly service: IssuingService;
  readonly clock: ManualClock;
  readonly dataDir: string;
  /** Opens a second IssuingService on the same database: another process, such as the operator CLI. */
  openAnother(): Promise<IssuingService>;
  login(loginId: string, password?: string, source?: string): Promise<AuthenticatedUser>;
  dispose(): Promise<void>;
}

export async function openTestService(
  authority: SigningAuthority,
  options: {
    readonly policy?: Partial<PolicySettings>;
    readonly seed?: boolean;
    readonly dataDir?: string;
  } = {},
): Promise<TestService> {
  const dataDir = options.dataDir ?? (await makeDataDir());
  const clock = new ManualClock();
  const policy = { ...DEFAULT_POLICY, ...options.policy };
  const service = await IssuingService.open({ dataDir, authority, clock, policy }, { passwordCost: TEST_PASSWORD_COST });
  if (options.seed !== false) await service.seedDemoData();
  const others: IssuingService[] = [];
  return {
    service,
    clock,
    dataDir,
    async openAnother() {
      const other = await IssuingService.open({ dataDir, authority, clock, policy }, { passwordCost: TEST_PASSWORD_COST });
      others.push(other);
      return other;
    },
    login: (loginId, password = DEMO_PASSWORD, source) => service.authenticate(loginId, password, source),
    async dispose() {
      for (const other of others) other.close();
      service.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A request with an arbitrary subject (RFC 4514 string), for the subject rules. */
export async function csrWithSubject(pair: KeyPair, subject: string): Promise<Buffer> {
  const keys = await toCryptoKeyPair(pair);
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: subject,
    keys,
    signingAlgorithm: pair.algorithm === 'rsa-2048' ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } : { name: 'ECDSA', hash: 'SHA-256' },
  });
  return Buffer.from(csr.rawData);
}

export function csrFor(pair: KeyPair, loginId: string): Promise<Buffer> {
  return createCsr(pair, loginId);
}

/** An RSA-1024 request, valid in every other way. */
export async function weakRsaCsr(loginId: string): Promise<Buffer> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  return createCsr({ algorithm: 'rsa-2048', privateKey, publicKey }, loginId);
}

/** A P-384 request: a strong key, but not the curve this system accepts. */
export async function p384Csr(loginId: string): Promise<Buffer> {
  const keys = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, false, ['sign', 'verify']);
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: [{ CN: [loginId] }],
    keys,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-384' },
  });
  return Buffer.from(csr.rawData);
}

/** The IssuerError the call fails with (fails the test if it succeeds or throws anything else). */
export async function errorOf(call: Promise<unknown> | (() => unknown)): Promise<IssuerError> {
  try {
    await (typeof call === 'function' ? call() : call);
  } catch (error) {
    if (error instanceof IssuerError) return error;
    throw error;
  }
  throw new Error('expected an IssuerError, but the call succeeded');
}

export async function codeOf(call: Promise<unknown> | (() => unknown)): Promise<string> {
  return (await errorOf(call)).code;
}

/**
 * Tries `count` wrong passwords for `loginId` from `source` as a patient client would: after a
 * CJS-E-THROTTLED refusal it moves the clock by the Retry-After and tries again. Returns the code
 * of each attempt that was heard, and how many times it had to wait.
 */
export async function failLogins(
  t: TestService,
  loginId: string,
  count: number,
  source = 'local',
): Promise<{ readonly codes: string[]; readonly waits: number }> {
  const codes: string[] = [];
  let waits = 0;
  for (let i = 0; i < count; i++) {
    let error = await errorOf(t.login(loginId, `wrong-${i}`, source));
    while (error.code === 'CJS-E-THROTTLED') {
      waits += 1;
      t.clock.advanceSeconds(error.retryAfterSeconds ?? 1);
      error = await errorOf(t.login(loginId, `wrong-${i}`, source));
    }
    codes.push(error.code);
  }
  return { codes, waits };
}

/** Runs `query` on a read-only connection to the service's database, as an inspector would. */
export function inspectDatabase<T>(dataDir: string, query: (db: SqliteDatabase) => T): T {
  const db = new SqliteDatabase(join(dataDir, 'issuer.db'), { readOnly: true });
  try {
    return query(db);
  } finally {
    db.close();
  }
}
