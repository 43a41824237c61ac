// Enroll, renew and remove: the heart of the app and of `cjs-cert`. Each run either ends with a
// certificate verified in the store or leaves nothing half-done: from key generation until the
// verified install the key lives only in memory and in the encrypted journal, so a crash or a
// lost answer resumes with the same key and CSR (the issuer answers a resubmitted CSR with the
// same certificate).
import { randomUUID, type KeyObject } from 'node:crypto';
import {
  buildPkcs12,
  createCsr,
  generateKeyPair,
  keyAlgorithmOf,
  randomPkcs12Password,
  readCertificate,
  type CertificateInfo,
  type KeyAlgorithm,
  type KeyPair,
} from '../pki';
import { StoreError, type CertificateStore, type StoredCertificate } from '../stores/certificate-store';
import { CjsError } from '../errors';
import type { JournalEntry, PendingEnrollment } from './journal';
import { supersededBy, type TidyUpPort, type TidyUpRecord } from './tidy-up';

export type { PendingEnrollment };

export type EnrollmentOperation = 'enroll' | 'renew';

/** Login ID and password (HTTP Basic or Digest), for every first issuance and for a password renewal. */
export interface Credentials {
  readonly loginId: string;
  readonly password: string;
}

/**
 * A renewal proven by the current certificate (RFC 7030 §3.3.2): the TLS client certificate is the
 * one in the store, its key used there and never read out. No password exists in this run at all.
 */
export interface CertificateProof {
  readonly loginId: string;
  readonly clientCertificate: StoredCertificate;
}

export type RenewalProof = Credentials | CertificateProof;

export function isCertificateProof(proof: RenewalProof): proof is CertificateProof {
  return 'clientCertificate' in proof;
}

/** The issuing API as the workflow needs it (the services' issuing client implements it). */
export interface IssuingPort {
  getCaCerts(): Promise<Buffer[]>;
  simpleEnroll(csrDer: Buffer, credentials: Credentials): Promise<Buffer[]>;
  simpleReenroll(csrDer: Buffer, proof: RenewalProof): Promise<Buffer[]>;
}

/** The part of a journaled enrollment (journal.ts' PendingEnrollment) that the workflow runs on. */
type EnrollmentJob = Pick<PendingEnrollment, 'id' | 'operation' | 'issuerUrl' | 'loginId' | 'privateKey' | 'csrDer' | 'certificateDer'>;

/** The crash-safety journal as the workflow needs it (EnrollmentJournal implements it). */
export interface JournalPort {
  begin(entry: JournalEntry): Promise<unknown>;
  recordIssued(id: string, certificateDer: Buffer): Promise<unknown>;
  listPending(): Promise<PendingEnrollment[]>;
  complete(id: string): Promise<void>;
  /** The enrollment is abandoned: the issuer refused its CSR for good. Without it such a journal stays. */
  discard?(id: string): Promise<void>;
}

/** Checks the issuer's answer before anything is installed (response-validation.ts). */
export type AnswerValidator = (input: {
  readonly certificatesDer: readonly Buffer[];
  readonly expectedPublicKey: KeyObject;
  readonly expectedIssuers: readonly CertificateInfo[];
  readonly loginId: string;
  readonly now: Date;
}) => CertificateInfo;

/**
 * Whether the issuer's CRL lists a certificate (checked with the issuer's CA certificates):
 * undefined when no CRL could be had or verified.
 */
export type RevocationCheck = (certificate: CertificateInfo, issuers: readonly CertificateInfo[]) => Promise<boolean | undefined>;

export type EnrollmentStep = 'prepare' | 'resume' | 'keygen' | 'request' | 'issue' | 'validate' | 'install' | 'cleanup';

export type EnrollmentEvent =
  | { readonly type: 'step'; readonly step: EnrollmentStep; readonly phase: 'start' | 'done' | 'failed'; readonly ms?: number }
  | { readonly type: 'warning'; readonly code: 'JOURNAL-UNAVAILABLE'; readonly detail: string }
  /** A resumed CSR was refused for good and its journal deleted; `detail` is the refusal's code. */
  | { readonly type: 'warning'; readonly code: 'JOURNAL-DISCARDED'; readonly detail: string }
  /**
   * The certificate issued before the interruption was revoked meanwhile (the master deleted or
   * re-registered the login ID): not installed, its journal deleted, a new one requested.
   * `detail` is its serial number.
   */
  | { readonly type: 'warning'; readonly code: 'JOURNAL-REVOKED'; readonly detail: string }
  | { readonly type: 'removed-superseded'; readonly serialNumber: string };

export interface EnrollmentDeps {
  readonly store: CertificateStore;
  readonly issuing: IssuingPort;
  readonly issuerUrl: string;
  readonly journal: JournalPort;
  readonly validateAnswer: AnswerValidator;
  /**
   * Asked before a journaled certificate is installed. Without it (or without an answer) the
   * journaled CSR is submitted again and the issuer's answer decides (see settleJournaled).
   */
  readonly revocation?: RevocationCheck;
  /** Records the tidy-up before the install, so a run killed during it is finished by the next one (tidy-up.ts). */
  readonly tidyUp?: TidyUpPort;
  readonly now?: () => Date;
  readonly onEvent?: (event: EnrollmentEvent) => void;
}

export interface EnrollmentRequest {
  readonly operation: EnrollmentOperation;
  /** A certificate proof only with `renew`: a first issuance always needs the password. */
  readonly credentials: RenewalProof;
  /**
   * Refuse to ask the issuer unless the run is journaled (JOURNAL-REQUIRED): a silent renewal
   * must never leave the user without a working certificate, and only the journal lets a run
   * killed after the issuer answered (the old certificate then revoked) finish with the new one.
   */
  readonly requireJournal?: boolean;
  readonly keyAlgorithm?: KeyAlgorithm;
  /** The caller ran the store's pre-check just now (the situation check): not run twice. */
  readonly storeChecked?: boolean;
  /**
   * The issuer's CA certificates as the issuer answered them just now (the situation check asks
   * for them): the workflow builds on them instead of asking again. Never a remembered copy.
   */
  readonly issuerCas?: readonly CertificateInfo[];
  /**
   * A key pair of `keyAlgorithm` already being made (started while the situation was read); a
   * resumed enrollment uses its journaled key instead.
   */
  readonly keyPair?: Promise<KeyPair>;
}

export interface EnrollmentOutcome {
  readonly installed: StoredCertificate;
  readonly certificate: CertificateInfo;
  /** True when a journal left by an interrupted run was completed instead of starting afresh. */
  readonly resumed: boolean;
  /** Older certificates of the same user from the same issuer, removed after the verified install. */
  readonly removedSerials: readonly string[];
}

export type EnrollmentErrorCode = 'ENROLL-NO-CA' | 'JOURNAL-REQUIRED' | 'RENEW-NEEDS-PASSWORD';

export class EnrollmentError extends CjsError<EnrollmentErrorCode> {
  constructor(code: EnrollmentErrorCode, message: string, options: { readonly cause?: unknown } = {}) {
    super(code, message, options);
  }
}

/**
 * A first issuance (or a journaled one being resumed) is always proven by the password: a
 * certificate proves a renewal only (RFC 7030 §3.3.2), so such a run needs the user.
 */
function passwordOf(proof: RenewalProof): Credentials {
  if (isCertificateProof(proof)) {
    throw new EnrollmentError('RENEW-NEEDS-PASSWORD', 'an enrolment journaled for first issuance needs the password to finish');
  }
  return proof;
}

/** First issuance, re-issue after revocation/expiry (enroll), or renewal inside the window (renew). */
export async function enrollCertificate(deps: EnrollmentDeps, request: EnrollmentRequest): Promise<EnrollmentOutcome> {
  const now = deps.now ?? (() => new Date());
  const emit = deps.onEvent ?? (() => undefined);
  const step = async <T>(name: EnrollmentStep, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    emit({ type: 'step', step: name, phase: 'start' });
    let result: T;
    try {
      result = await work();
    } catch (err) {
      // Where the run stopped is part of the error report: without it a log shows only the
      // steps that succeeded.
      emit({ type: 'step', step: name, phase: 'failed', ms: performance.now() - started });
      throw err;
    }
    emit({ type: 'step', step: name, phase: 'done', ms: performance.now() - started });
    return result;
  };
  const { loginId } = request.credentials;
  const journalUnavailable = (err: unknown): void => {
    if (request.requireJournal)
      throw new EnrollmentError('JOURNAL-REQUIRED', `the run cannot be journaled: ${errorText(err)}`, { cause: err });
    emit({ type: 'warning', code: 'JOURNAL-UNAVAILABLE', detail: errorText(err) });
  };

  const expectedIssuers = await step('prepare', async () => {
    if (!request.storeChecked) {
      const check = await deps.store.preCheck();
      // The store's own code (STORE-TOOL-MISSING...) is what the user quotes and what scripts test.
      if (!check.ok) throw new StoreError(check.code, check.message, { advice: check.advice });
    }
    if (request.issuerCas?.length) return [...request.issuerCas];
    const ders = await deps.issuing.getCaCerts();
    if (ders.length === 0) throw new EnrollmentError('ENROLL-NO-CA', 'the issuing service returned no CA certificate');
    return ders.map((der) => readCertificate(der));
  });
  const caCerts = expectedIssuers.map((ca) => ca.der);

  // A journal from an interrupted run for this user and issuer takes precedence: its CSR may
  // already have a certificate on the server, and a new key would then be refused (one per user).
  const pending = await step('resume', async () => {
    let found: PendingEnrollment | undefined;
    try {
      found = (await deps.journal.listPending()).find((p) => sameUrl(p.issuerUrl, deps.issuerUrl) && p.loginId === loginId);
    } catch (err) {
      journalUnavailable(err);
      return undefined;
    }
    return found && settleJournaled(deps, found, expectedIssuers, emit);
  });

  let job: EnrollmentJob;
  let journaled = true;
  if (pending) {
    job = pending;
  } else {
    const keyPair = await step('keygen', () => request.keyPair ?? generateKeyPair(request.keyAlgorithm ?? 'rsa-2048'));
    job = await step('request', async () => {
      const fresh: EnrollmentJob = {
        id: randomUUID(),
        operation: request.operation,
        issuerUrl: deps.issuerUrl,
        loginId,
        privateKey: keyPair.privateKey,
        csrDer: await createCsr(keyPair, loginId),
      };
      try {
        await deps.journal.begin({ ...fresh, keyAlgorithm: keyPair.algorithm, createdAt: now() });
      } catch (err) {
        // Without the vault a run with the password still works, only without crash recovery:
        // say so, go on. A silent renewal stops here, before the issuer is asked.
        journaled = false;
        journalUnavailable(err);
      }
      return fresh;
    });
  }

  let answer: Buffer[];
  if (job.certificateDer) {
    answer = [job.certificateDer];
  } else {
    try {
      answer = await step('issue', () =>
        job.operation === 'renew'
          ? deps.issuing.simpleReenroll(job.csrDer, request.credentials)
          : deps.issuing.simpleEnroll(job.csrDer, passwordOf(request.credentials)),
      );
    } catch (err) {
      // The issuer refused the one submission of a key made in this run (wrong password, locked,
      // one certificate per user...): that CSR has no certificate anywhere, so its journal (and
      // the key in it) must not outlive the run. A failure without an answer may have been
      // issued: it keeps its journal.
      if (journaled && !pending && isDefinitiveRefusal(err)) await deps.journal.discard?.(job.id).catch(() => undefined);
      // A resumed CSR may have been issued by an earlier run whose answer was lost, so a refusal
      // about the credentials keeps it. A refusal about the CSR or the user's certificate state
      // does not: kept, it would be resubmitted and refused by every later run.
      if (journaled && pending && refusesResumedCsr(err) && deps.journal.discard) {
        const discarded = await deps.journal.discard(job.id).then(
          () => true,
          () => false,
        );
        if (discarded) emit({ type: 'warning', code: 'JOURNAL-DISCARDED', detail: (err as { code: string }).code });
      }
      throw err;
    }
  }

  const certificate = await step('validate', async () => {
    const leaf = deps.validateAnswer({ certificatesDer: answer, expectedPublicKey: job.privateKey, expectedIssuers, loginId, now: now() });
    if (journaled && !job.certificateDer) {
      try {
        await deps.journal.recordIssued(job.id, leaf.der);
      } catch (err) {
        // The vault went away mid-run: install anyway (a crash from here on re-requests the CSR).
        emit({ type: 'warning', code: 'JOURNAL-UNAVAILABLE', detail: errorText(err) });
      }
    }
    return leaf;
  });

  const tidyRecord: TidyUpRecord = { issuerUrl: deps.issuerUrl, loginId, keepThumbprintSha1: certificate.thumbprintSha1 };
  const installed = await step('install', async () => {
    // Before the install: a kill at any point after it leaves the record of what to keep.
    const recorded = await recordTidyUp(deps.tidyUp, tidyRecord);
    const password = randomPkcs12Password();
    const pkcs12 = buildPkcs12({
      privateKey: job.privateKey,
      certificate: certificate.der,
      chain: caCerts,
      friendlyName: friendlyNameFor(loginId, certificate),
      password,
    });
    try {
      return await deps.store.install({
        pkcs12,
        password,
        certificate,
        chain: expectedIssuers,
        friendlyName: friendlyNameFor(loginId, certificate),
      });
    } catch (err) {
      // Nothing to keep, so nothing to tidy: the record would only be found moot later.
      if (recorded) await deps.tidyUp?.end(tidyRecord).catch(() => undefined);
      throw err;
    } finally {
      pkcs12.fill(0);
    }
  });

  const removedSerials = await step('cleanup', async () => {
    if (journaled) {
      try {
        await deps.journal.complete(job.id);
      } catch (err) {
        // The certificate is installed and verified: a journal left behind only resumes into the
        // same certificate on the next run. Not a reason to report the enrollment as failed.
        emit({ type: 'warning', code: 'JOURNAL-UNAVAILABLE', detail: errorText(err) });
      }
    }
    const removed = await removeSuperseded(deps, installed, expectedIssuers, emit);
    await deps.tidyUp?.end(tidyRecord).catch(() => undefined);
    return removed;
  });

  return { installed, certificate, resumed: pending !== undefined, removedSerials };
}

/**
 * A certificate journaled before the interruption may have been revoked since (the master deleted
 * or re-registered the login ID; an install would report success for a certificate that cannot
 * log in). Before it is installed, the issuer's CRL is asked:
 * - revoked: the journal is deleted and the run goes on as a fresh request (undefined);
 * - not listed: installed as journaled;
 * - the CRL cannot be had or verified: not installed unchecked, but not given up either: the
 *   journaled CSR goes to the issuer again, which answers it with the same certificate only while
 *   that is the user's live one (a re-registered user gets a new certificate for the same key, a
 *   deleted one a refusal that discards the journal).
 */
async function settleJournaled(
  deps: EnrollmentDeps,
  found: PendingEnrollment,
  issuers: readonly CertificateInfo[],
  emit: (event: EnrollmentEvent) => void,
): Promise<PendingEnrollment | undefined> {
  if (!found.certificateDer) return found;
  let certificate: CertificateInfo | undefined;
  let revoked: boolean | undefined;
  try {
    certificate = readCertificate(found.certificateDer);
    revoked = await deps.revocation?.(certificate, issuers);
  } catch {
    revoked = undefined;
  }
  if (revoked === true && certificate) {
    try {
      await (deps.journal.discard ?? deps.journal.complete).call(deps.journal, found.id);
    } catch (err) {
      // Left behind, it is found revoked again by the next run; this one still requests anew.
      emit({ type: 'warning', code: 'JOURNAL-UNAVAILABLE', detail: errorText(err) });
    }
    emit({ type: 'warning', code: 'JOURNAL-REVOKED', detail: certificate.serialNumber });
    return undefined;
  }
  if (revoked === false) return found;
  const { certificateDer: _unchecked, issuedAt: _issuedAt, ...resubmit } = found;
  return resubmit;
}

/**
 * After a verified install, older certificates of the same login ID from the same issuer only
 * make the browser offer the wrong one (FAQ Q17): remove them, key included.
 */
async function removeSuperseded(
  deps: EnrollmentDeps,
  installed: StoredCertificate,
  issuers: readonly CertificateInfo[],
  emit: (event: EnrollmentEvent) => void,
): Promise<string[]> {
  const removed: string[] = [];
  for (const cert of supersededBy(installed, await deps.store.list(), issuers)) {
    await deps.store.remove(cert);
    removed.push(cert.serialNumber);
    emit({ type: 'removed-superseded', serialNumber: cert.serialNumber });
  }
  return removed;
}

/** A tidy-up record that cannot be written costs only the recovery of a kill during the tidy-up. */
async function recordTidyUp(tidyUp: TidyUpPort | undefined, record: TidyUpRecord): Promise<boolean> {
  if (!tidyUp) return false;
  return tidyUp.begin(record).then(
    () => true,
    () => false,
  );
}

/** The name the store shows; unique per certificate so NSS never merges two under one nickname. */
export function friendlyNameFor(loginId: string, certificate: CertificateInfo): string {
  return `ろうきん賃金控除 ${loginId} ${certificate.serialNumber.slice(-8)}`;
}

/** Removes one certificate (and its key) from the store. */
export async function removeCertificate(store: CertificateStore, certificate: StoredCertificate): Promise<void> {
  await store.remove(certificate);
}

function sameUrl(a: string, b: string): boolean {
  const canonical = (u: string) => new URL(u).href.replace(/\/+$/, '');
  return canonical(a) === canonical(b);
}

/** A problem+json refusal from the issuer (CJS-E-…), except an internal error that may follow a commit. */
function isDefinitiveRefusal(err: unknown): boolean {
  const code = err instanceof Error && 'code' in err ? err.code : undefined;
  return typeof code === 'string' && code.startsWith('CJS-E-') && code !== 'CJS-E-INTERNAL';
}

/**
 * Refusals that settle a resumed CSR for good. The issuer answers a CSR that holds the user's
 * live certificate with that certificate before applying any rule (replay first), so when it
 * authenticated the user and still refused, this CSR has no usable certificate and never will:
 * - the user's state: another key holds the live certificate (another PC got it), the ID was
 *   deleted (its certificates revoked), nothing to renew, renewal not open;
 * - the CSR itself is unacceptable (unreadable, bad signature, weak key, wrong subject).
 * Not settled: CJS-E-AUTH / CJS-E-LOCKED (the password or the lock is fixed, then the same CSR
 * gets its certificate), CJS-E-INTERNAL (may follow the commit), and request-format or address
 * errors that a fresh CSR would meet just the same.
 */
const SETTLES_RESUMED_CSR: ReadonlySet<string> = new Set([
  'CJS-E-ACTIVE-CERT',
  'CJS-E-USER-DELETED',
  'CJS-E-NO-CERT',
  'CJS-E-RENEW-WINDOW',
  'CJS-E-CSR',
  'CJS-E-CSR-SIGNATURE',
  'CJS-E-WEAK-KEY',
  'CJS-E-SUBJECT',
]);

function refusesResumedCsr(err: unknown): boolean {
  const code = err instanceof Error && 'code' in err ? err.code : undefined;
  return typeof code === 'string' && SETTLES_RESUMED_CSR.has(code);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export { keyAlgorithmOf };
