// The situation model: from what the store holds, what the issuer says (CA list, CRL) and what
// this PC remembers having enrolled, one answer to "what do I have, and who must do what next?".
// Pure, so every situation is a unit test; status, enroll/renew, the doctor and every screen ask it.
import type { NextAction } from '../../contract/actions';
import type { Actor, FaqRef } from '../../contract/actors';
import type { CertificateView, Situation, SituationKind } from '../../contract/situation';
import { assessCertificate, isUsable, type CertificateAssessment } from '../enrollment/certificate-state';
import type { StoreKind, StoredCertificate } from '../stores/certificate-store';

/** What this PC remembers of a successful enroll/renew (remembered-enrollments.ts; no secret). */
export interface RememberedEnrollment {
  readonly loginId: string;
  /** Upper-case hex, as the store and the CRL spell it. */
  readonly serialNumber: string;
  readonly notAfter: Date;
}

export interface SituationInput {
  /** The store's certificates of this system (already filtered by the CA's signature). */
  readonly certificates: readonly StoredCertificate[];
  /** Serials the issuer's CRL lists; undefined when the CRL could not be fetched or verified. */
  readonly revokedSerials: ReadonlySet<string> | undefined;
  /** Revoked serials whose login ID the issuer says was registered again since (status look-up, P10). */
  readonly reregisteredSerials?: ReadonlySet<string> | undefined;
  readonly issuerReachable: boolean;
  /** False when neither the issuer nor the cache gave its CA: this system's certificates cannot be told apart. */
  readonly caKnown: boolean;
  /** The enrollments this PC remembers for the issuer in use. */
  readonly remembered: readonly RememberedEnrollment[];
  /** The login ID the user means, when known (`--login-id`, the wizard's field). */
  readonly loginId?: string | undefined;
  readonly now: Date;
  readonly renewalWindowDays: number;
  readonly store: { readonly kind: StoreKind; readonly location: string };
}

const DAY_MS = 86_400_000;

interface Assessed {
  readonly certificate: StoredCertificate;
  readonly assessment: CertificateAssessment;
  readonly view: CertificateView;
}

/** What differs from one situation to the next; the rest comes from the input. */
interface Verdict {
  readonly kind: SituationKind;
  readonly loginId: string | null;
  readonly subject: Assessed | null;
  readonly actions: readonly [NextAction, ...NextAction[]];
  readonly actor: Actor;
  readonly faq: readonly FaqRef[];
}

/**
 * The situation, with one more question for a revoked certificate: has the master registered its
 * login ID again since (P10)? Then the next step is the user's. Asked only then, so status and
 * the doctor cost the issuer nothing more in every other case.
 */
export async function computeSituationAfterReregistration(
  input: SituationInput,
  isReregistered: (serialNumber: string) => Promise<boolean>,
): Promise<Situation> {
  const situation = computeSituation(input);
  const serial = situation.kind === 'revoked' ? situation.certificate?.serialNumber : undefined;
  if (serial === undefined || !(await isReregistered(serial))) return situation;
  return computeSituation({ ...input, reregisteredSerials: new Set([serial]) });
}

export function computeSituation(input: SituationInput): Situation {
  const assessed = input.caKnown ? assessAll(input) : [];
  const verdict = input.caKnown ? decide(input, assessed) : undetermined(input.loginId);
  return {
    kind: verdict.kind,
    loginId: verdict.loginId,
    certificate: verdict.subject?.view ?? null,
    certificates: assessed.map((a) => a.view),
    actions: [...verdict.actions],
    actor: verdict.actor,
    // P10: where a general user's master user acts, a master user must ask the bank.
    actorIfMaster: verdict.actor === 'master' ? 'bank' : null,
    faq: [...verdict.faq],
    store: { kind: input.store.kind, location: input.store.location },
    revocationChecked: input.revokedSerials !== undefined,
    issuerReachable: input.issuerReachable,
    checkedAt: input.now.toISOString(),
  };
}

/** A certificate of this system as the screens show it (plain JSON). */
export function certificateView(certificate: StoredCertificate, assessment: CertificateAssessment): CertificateView {
  return {
    loginId: certificate.subjectCommonName ?? null,
    subject: certificate.subject,
    issuer: certificate.issuer,
    serialNumber: certificate.serialNumber,
    thumbprint: certificate.thumbprintSha1.toUpperCase(),
    notBefore: certificate.notBefore.toISOString(),
    notAfter: certificate.notAfter.toISOString(),
    daysLeft: assessment.daysLeft,
    renewalOpensAt: assessment.renewalOpensAt.toISOString(),
    state: assessment.state,
    hasPrivateKey: certificate.hasPrivateKey,
  };
}

function assessAll(input: SituationInput): Assessed[] {
  const context = { now: input.now, renewalWindowDays: input.renewalWindowDays, revokedSerials: input.revokedSerials };
  return input.certificates
    .map((certificate) => {
      const assessment = assessCertificate(certificate, context);
      return { certificate, assessment, view: certificateView(certificate, assessment) };
    })
    .sort((a, b) => b.certificate.notAfter.getTime() - a.certificate.notAfter.getTime());
}

function decide(input: SituationInput, assessed: readonly Assessed[]): Verdict {
  const usable = assessed.filter((a) => isUsable(a.assessment.state));
  const chosen = input.loginId ?? soleOwner(usable) ?? newestOwner(usable, assessed) ?? rememberedOwner(input, assessed);
  if (chosen === undefined) {
    // No login ID given and the store cannot say whose situation this is.
    if (usable.length > 1) return severalOwners();
    return noCertificate(undefined);
  }
  const mine = assessed.filter((a) => a.certificate.subjectCommonName === chosen);
  const mineUsable = mine.filter((a) => isUsable(a.assessment.state));
  const kept = mineUsable[0];
  if (kept) {
    const extra = usable.filter((a) => a !== kept);
    if (extra.length > 0) return severalUsable(chosen, kept, extra);
    return kept.assessment.state === 'expiring' ? renewalWindow(chosen, kept) : valid(chosen, kept);
  }
  const lost = lostEnrollment(input, chosen, mine);
  if (lost) return lostCertificate(chosen, insideRenewalWindow(lost, input), lost.serialNumber);
  const latest = mine[0];
  if (latest?.assessment.state === 'revoked' && input.reregisteredSerials?.has(latest.certificate.serialNumber)) {
    return reregistered(chosen, latest);
  }
  if (latest) return unusable(chosen, latest);
  if (assessed.length > 0) return otherUser(chosen);
  return noCertificate(chosen);
}

/** The one login ID the given certificates belong to, if they all name the same one. */
function soleOwner(certificates: readonly Assessed[]): string | undefined {
  const owners = new Set(certificates.map((a) => a.certificate.subjectCommonName));
  const [owner] = owners;
  return owners.size === 1 && owner !== undefined ? owner : undefined;
}

/** Nothing usable: the situation is about the newest certificate's owner. */
function newestOwner(usable: readonly Assessed[], assessed: readonly Assessed[]): string | undefined {
  return usable.length === 0 ? assessed[0]?.certificate.subjectCommonName : undefined;
}

/** With an empty store: the one login ID this PC remembers enrolling, so a lost certificate is named. */
function rememberedOwner(input: SituationInput, assessed: readonly Assessed[]): string | undefined {
  if (assessed.length > 0) return undefined;
  const owners = new Set(input.remembered.filter((r) => stillActive(r, input)).map((r) => r.loginId));
  const [owner] = owners;
  return owners.size === 1 ? owner : undefined;
}

/**
 * P8: this PC enrolled a certificate for the login ID that is not expired, not known revoked and
 * no longer in the store. The issuer still holds it as the user's one certificate, so a new
 * enrollment would be refused (CJS-E-ACTIVE-CERT) until it is revoked.
 */
function lostEnrollment(input: SituationInput, loginId: string, mine: readonly Assessed[]): RememberedEnrollment | undefined {
  const inStore = new Set(mine.map((a) => a.certificate.serialNumber));
  return input.remembered.find((r) => r.loginId === loginId && !inStore.has(r.serialNumber) && stillActive(r, input));
}

/** P6: the issuer renews a certificate it holds from `renewalWindowDays` before its expiry, with the password alone. */
function insideRenewalWindow(remembered: RememberedEnrollment, input: SituationInput): boolean {
  return remembered.notAfter.getTime() - input.now.getTime() <= input.renewalWindowDays * DAY_MS;
}

function stillActive(remembered: RememberedEnrollment, input: SituationInput): boolean {
  return remembered.notAfter.getTime() > input.now.getTime() && !input.revokedSerials?.has(remembered.serialNumber);
}

function undetermined(loginId: string | undefined): Verdict {
  return {
    kind: 'undetermined',
    loginId: loginId ?? null,
    subject: null,
    actions: [{ kind: 'diagnose' }],
    actor: 'user',
    faq: ['Q18(8)', 'Q24'],
  };
}

function noCertificate(loginId: string | undefined): Verdict {
  const enroll: NextAction = loginId === undefined ? { kind: 'enroll' } : { kind: 'enroll', loginId };
  return { kind: 'no-certificate', loginId: loginId ?? null, subject: null, actions: [enroll], actor: 'user', faq: ['Q1', 'Q2', 'Q22'] };
}

function valid(loginId: string, kept: Assessed): Verdict {
  return { kind: 'valid', loginId, subject: kept, actions: [{ kind: 'none' }], actor: 'none', faq: ['Q7', 'Q15'] };
}

function renewalWindow(loginId: string, kept: Assessed): Verdict {
  return { kind: 'renewal-window', loginId, subject: kept, actions: [{ kind: 'renew', loginId }], actor: 'user', faq: ['Q7', 'Q8'] };
}

/** Q17: keep the chosen user's newest usable certificate, remove every other usable one. */
function severalUsable(loginId: string, kept: Assessed, extra: readonly Assessed[]): Verdict {
  const removals = extra.map((a): NextAction => ({ kind: 'remove', serial: a.certificate.serialNumber }));
  const then: NextAction[] = kept.assessment.state === 'expiring' ? [{ kind: 'renew', loginId }] : [];
  const [first, ...rest] = [...removals, ...then];
  return { kind: 'several-usable', loginId, subject: kept, actions: [first!, ...rest], actor: 'user', faq: ['Q17', 'Q6'] };
}

/** Several usable certificates of different users and no login ID to say which is right. */
function severalOwners(): Verdict {
  return {
    kind: 'several-usable',
    loginId: null,
    subject: null,
    actions: [{ kind: 'choose' }, { kind: 'faq', faq: 'Q17' }],
    actor: 'user',
    faq: ['Q17', 'Q6'],
  };
}

function lostCertificate(loginId: string, renewable: boolean, serial: string): Verdict {
  // Inside the renewal window the user renews the lost certificate themselves: no revocation needed.
  if (renewable) {
    return {
      kind: 'lost',
      loginId,
      subject: null,
      actions: [
        { kind: 'renew', loginId },
        { kind: 'contact', actor: 'master', reason: 'lost', serial },
      ],
      actor: 'user',
      faq: ['Q8', 'Q11', 'Q22'],
    };
  }
  return {
    kind: 'lost',
    loginId,
    subject: null,
    actions: [
      { kind: 'contact', actor: 'master', reason: 'lost', serial },
      { kind: 'reissue', loginId },
    ],
    actor: 'master',
    faq: ['Q11', 'Q13', 'Q22', 'Q23'],
  };
}

function otherUser(loginId: string): Verdict {
  return {
    kind: 'other-user',
    loginId,
    subject: null,
    actions: [
      { kind: 'enroll', loginId },
      { kind: 'faq', faq: 'Q21(2)' },
    ],
    actor: 'user',
    faq: ['Q6', 'Q21(2)'],
  };
}

/**
 * The master has done their step (deleted and registered the login ID again, P10): the next
 * one is the user's, with the initial password the master gave them.
 */
function reregistered(loginId: string, latest: Assessed): Verdict {
  return {
    kind: 'reregistered',
    loginId,
    subject: latest,
    actions: [{ kind: 'enroll', loginId }],
    actor: 'user',
    faq: ['Q13', 'Q12'],
  };
}

/** The chosen user's newest certificate cannot log in: why decides who acts. */
function unusable(loginId: string, latest: Assessed): Verdict {
  switch (latest.assessment.state) {
    case 'revoked':
      return {
        kind: 'revoked',
        loginId,
        subject: latest,
        actions: [
          { kind: 'contact', actor: 'master', reason: 'revoked', serial: latest.certificate.serialNumber },
          { kind: 'enroll', loginId },
        ],
        actor: 'master',
        faq: ['Q12', 'Q13'],
      };
    case 'no-key':
      return {
        kind: 'no-key',
        loginId,
        subject: latest,
        actions: [
          { kind: 'contact', actor: 'master', reason: 'no-key', serial: latest.certificate.serialNumber },
          // Not "remove" as well: the re-issue removes the damaged certificate itself once the new
          // one is installed, and removing it first would only turn "damaged" into "lost".
          { kind: 'reissue', loginId },
        ],
        actor: 'master',
        faq: ['Q21(3)', 'Q22(3)', 'Q13'],
      };
    case 'not-yet-valid':
      return {
        kind: 'not-yet-valid',
        loginId,
        subject: latest,
        actions: [{ kind: 'diagnose' }, { kind: 'contact', actor: 'it', reason: 'clock' }],
        actor: 'user',
        faq: ['Q9', 'Q21(1)'],
      };
    default:
      // 'expired' (usable states were handled before): P7, obtain a new one.
      return { kind: 'expired', loginId, subject: latest, actions: [{ kind: 'enroll', loginId }], actor: 'user', faq: ['Q9', 'Q10'] };
  }
}
