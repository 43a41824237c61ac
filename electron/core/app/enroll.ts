// Enroll and renew as use cases: the situation is consulted before the issuer is asked, so a
// valid certificate is not requested again, a request inside the renewal window becomes a
// renewal, and a lost certificate (P8) is explained with who must act instead of a bare refusal.
import type { CertificateView, Situation } from '../../contract/situation';
import { assessCertificate } from '../enrollment/certificate-state';
import {
  enrollCertificate,
  type EnrollmentEvent,
  type EnrollmentOperation,
  type EnrollmentOutcome,
  type RenewalProof,
  type RevocationCheck,
} from '../enrollment/workflow';
import { CjsError } from '../errors';
import { generateKeyPair, type CertificateInfo, type KeyAlgorithm, type KeyPair } from '../pki';
import { csrAttributesRefusal } from '../issuing';
import { StoreError } from '../stores/certificate-store';
import { revokedSerialsFrom } from './issuer-facts';
import type { AppServices } from './services';
import { certificateView } from './situation';
import { recordEnrollment } from './state-files';
import { collectStatus } from './status';

export interface EnrollRequest {
  readonly operation: EnrollmentOperation;
  readonly loginId: string;
  /** Used for this one request and dropped: never stored, logged or put in an error. */
  readonly password: string;
  readonly keyAlgorithm?: KeyAlgorithm | undefined;
  /**
   * The user confirmed enrolling this login ID in a store that holds another login ID's usable
   * certificate (Q6): without it such an enrolment is refused (ENROLL-SECOND-USER) before the
   * password is sent, so no surface can skip the warning.
   */
  readonly allowSecondUser?: boolean | undefined;
}

export interface EnrollHooks {
  /** The workflow's steps and warnings, as they happen. */
  readonly onEvent?: ((event: EnrollmentEvent) => void) | undefined;
  /** Called once the situation turned an `enroll` into a renewal, before the issuer is asked. */
  readonly onRedirect?: ((to: 'renew', situation: Situation) => void) | undefined;
  readonly now?: (() => Date) | undefined;
}

export type EnrollResult =
  /** A valid certificate of this login ID is on this PC already: nothing was requested. */
  | { readonly kind: 'nothing-to-do'; readonly situation: Situation }
  | {
      readonly kind: 'enrolled';
      /** What was done: `renew` where an `enroll` was redirected inside the renewal window. */
      readonly operation: EnrollmentOperation;
      readonly redirected: boolean;
      readonly outcome: EnrollmentOutcome;
      readonly certificate: CertificateView;
    };

/**
 * The certificate of this PC is gone (or without its key) while the issuer still holds it as the
 * user's one certificate (P8): only its revocation (master user, or the bank for a master user)
 * lets a new one be issued. Carries the situation so every surface explains it the same way.
 */
export class SituationError extends CjsError<'ENROLL-LOST'> {
  constructor(
    readonly situation: Situation,
    options: { readonly cause?: unknown } = {},
  ) {
    super('ENROLL-LOST', `the certificate of ${situation.loginId ?? '?'} is ${situation.kind} here but still active at the issuer`, {
      cause: options.cause,
      params: { loginId: situation.loginId, situation: situation.kind },
      faq: situation.faq,
    });
  }
}

export async function enroll(services: AppServices, request: EnrollRequest, hooks: EnrollHooks = {}): Promise<EnrollResult> {
  const now = hooks.now ?? (() => new Date());
  // A store that cannot take the certificate stops everything before the issuer is asked anything.
  const check = await services.store.preCheck();
  if (!check.ok) throw new StoreError(check.code, check.message, { advice: check.advice });
  const keyAlgorithm = request.keyAlgorithm ?? 'rsa-2048';
  // The key pair, the longest local step, needs nothing the situation tells: it is made while
  // the issuer is asked, and dropped if no certificate is requested (or a journaled run resumes).
  const keyPair = generateKeyPair(keyAlgorithm);
  keyPair.catch(() => undefined); // awaited by the workflow when used; a dropped one must not go unhandled
  // What the issuer asks the request to carry, asked alongside: optional information, so a server
  // that cannot say (an error, no answer) leaves the decision to its answer to the request.
  const csrAttributes = services.issuing.getCsrAttributes?.().catch(() => undefined);
  // The CA list is asked afresh, side by side with the CRL: the workflow builds on this answer.
  const { situation, answeredIssuerCas, revokedSerials } = await collectStatus(services, now(), request.loginId, { freshIssuerCas: true });
  const kept = situation.certificate?.loginId === request.loginId ? situation.certificate : null;
  let operation = request.operation;
  if (operation === 'enroll' && kept?.state === 'valid' && (situation.kind === 'valid' || situation.kind === 'several-usable')) {
    return { kind: 'nothing-to-do', situation };
  }
  // Inside the renewal window, the installed certificate (or a lost one the issuer still holds) is renewed.
  if (operation === 'enroll' && (kept?.state === 'expiring' || (isLost(situation) && situation.actions[0]?.kind === 'renew'))) {
    operation = 'renew';
    hooks.onRedirect?.('renew', situation);
  }
  // Q6: one user per PC. Another login ID's usable certificate makes the browser ask which to use
  // at login (Q16, Q17), and it may offer the wrong one: the user confirms knowing that.
  const others = otherUsersUsable(situation, request.loginId);
  if (operation === 'enroll' && others.length > 0 && !request.allowSecondUser) {
    throw new CjsError('ENROLL-SECOND-USER', `this store holds a usable certificate of ${others.join(', ')}`, {
      params: { loginId: request.loginId, others: others.join(', ') },
    });
  }
  // Known lost only with the CRL read: without it the master may have revoked it already, and
  // the issuer's answer decides.
  if (operation === 'enroll' && isLost(situation) && situation.revocationChecked) throw new SituationError(situation);
  // Before the password is sent: a request the issuer says it will not take is not made.
  const refusal = csrAttributesRefusal((await csrAttributes) ?? [], keyAlgorithm);
  if (refusal) throw refusal;

  try {
    return await runEnrollment(
      services,
      {
        operation,
        proof: { loginId: request.loginId, password: request.password },
        keyAlgorithm,
        keyPair,
        ...(answeredIssuerCas ? { issuerCas: answeredIssuerCas } : {}),
        revokedSerials,
        redirected: operation !== request.operation,
      },
      hooks,
    );
  } catch (err) {
    // The issuer confirms what the situation suspected: the lost certificate is still active.
    if (isLost(situation) && (err as { code?: unknown }).code === 'CJS-E-ACTIVE-CERT') throw new SituationError(situation, { cause: err });
    throw err;
  }
}

/** One run of the workflow once the situation has decided what to ask: the password's and the silent renewal's. */
export interface EnrollmentRun {
  readonly operation: EnrollmentOperation;
  readonly proof: RenewalProof;
  readonly keyAlgorithm: KeyAlgorithm;
  readonly keyPair?: Promise<KeyPair>;
  /** The CA list the issuer answered for this run's situation (never a remembered one). */
  readonly issuerCas?: readonly CertificateInfo[];
  /** The CRL read with the situation, for a journaled certificate's check. */
  readonly revokedSerials: ReadonlySet<string> | undefined;
  readonly redirected: boolean;
  readonly requireJournal?: boolean;
}

/** Runs the workflow on the services (store pre-checked by the caller), then remembers the issuer and the enrolment. */
export async function runEnrollment(
  services: AppServices,
  run: EnrollmentRun,
  hooks: EnrollHooks = {},
): Promise<EnrollResult & { kind: 'enrolled' }> {
  const now = hooks.now ?? (() => new Date());
  const outcome = await enrollCertificate(
    {
      store: services.store,
      issuing: services.issuing,
      issuerUrl: services.settings.issuerUrl,
      journal: services.journal,
      validateAnswer: services.validateAnswer,
      revocation: revocationCheck(services, run.revokedSerials),
      tidyUp: services.tidyUp,
      now,
      ...(hooks.onEvent ? { onEvent: hooks.onEvent } : {}),
    },
    {
      operation: run.operation,
      credentials: run.proof,
      keyAlgorithm: run.keyAlgorithm,
      ...(run.keyPair ? { keyPair: run.keyPair } : {}),
      storeChecked: true,
      ...(run.issuerCas ? { issuerCas: run.issuerCas } : {}),
      ...(run.requireJournal ? { requireJournal: true } : {}),
    },
  );
  // Two conveniences for later runs, in files of their own.
  await Promise.all([
    services.rememberIssuer(),
    recordEnrollment(services.env, services.settings.issuerUrl, {
      loginId: run.proof.loginId,
      serialNumber: outcome.installed.serialNumber,
      notAfter: outcome.installed.notAfter,
    }).catch(() => undefined),
  ]);
  const assessment = assessCertificate(outcome.installed, { now: now(), renewalWindowDays: services.settings.renewalWindowDays });
  return {
    kind: 'enrolled',
    operation: run.operation,
    redirected: run.redirected,
    outcome,
    certificate: certificateView(outcome.installed, assessment),
  };
}

/**
 * For a certificate journaled before an interruption: the CRL this run read with the situation,
 * or, when that one could not be had or verified, the CRL asked once more with the CA list the
 * workflow builds on. Undefined when neither: the workflow then lets the issuer decide.
 */
function revocationCheck(services: AppServices, known: ReadonlySet<string> | undefined): RevocationCheck {
  return async (certificate, issuers) => {
    const serials =
      known ??
      (await services.issuing
        .getCrl()
        .then((crl) => revokedSerialsFrom(crl, issuers))
        .catch(() => undefined));
    return serials?.has(certificate.serialNumber);
  };
}

/** The login IDs, other than this one, whose certificate in the store can log in. */
export function otherUsersUsable(situation: Situation, loginId: string): string[] {
  const owners = situation.certificates
    .filter((c) => c.loginId !== null && c.loginId !== loginId && (c.state === 'valid' || c.state === 'expiring'))
    .map((c) => c.loginId!);
  return [...new Set(owners)];
}

function isLost(situation: Situation): boolean {
  return situation.kind === 'lost' || situation.kind === 'no-key';
}
