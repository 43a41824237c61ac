// What the certificate checks share: this system's certificates with their assessed state (the
// one validity logic in enrollment/certificate-state.ts), the choice of "the" certificate, the
// evidence every check reports about it, and the texts that several checks give as next steps.
import { assessCertificate, isUsable, type CertificateAssessment, type CertificateState } from '../../enrollment/certificate-state';
import { isCertificateOfIssuer } from '../../stores';
import type { StoredCertificate } from '../../stores/certificate-store';
import { text, type CheckContext, type EvidenceValue, type LocalizedText } from '../check';

export interface AssessedCertificate {
  readonly cert: StoredCertificate;
  readonly assessment: CertificateAssessment;
  readonly usable: boolean;
}

/** The CRL's answer, or why there is none (the revocation check warns with the reason). */
export type RevocationFacts =
  { readonly known: true; readonly serials: ReadonlySet<string> } | { readonly known: false; readonly reason: string };

// A fix changed the store, so the memoised listing in context.shared is out of date for the
// re-verification that follows. Keyed by the run's SharedFacts: a new run starts clean.
const storeChangedInRun = new WeakSet<object>();

export function markStoreChanged(context: CheckContext): void {
  storeChangedInRun.add(context.shared);
}

/** This system's certificates: the run's shared listing, or a fresh one after a fix changed the store. */
export async function systemCertificates(context: CheckContext): Promise<StoredCertificate[]> {
  if (!storeChangedInRun.has(context.shared)) return context.shared.systemCertificates();
  const [cas, certs] = await Promise.all([context.shared.issuerCas(), context.store.list()]);
  return certs.filter((c) => cas.some((ca) => isCertificateOfIssuer(c, ca)));
}

export async function revocationFacts(context: CheckContext): Promise<RevocationFacts> {
  try {
    return { known: true, serials: await context.shared.revokedSerials() };
  } catch (err) {
    return { known: false, reason: errorText(err) };
  }
}

/** Assesses every certificate; revocation is taken into account only when the CRL was read. */
export function assessAll(context: CheckContext, certs: readonly StoredCertificate[], revocation?: RevocationFacts): AssessedCertificate[] {
  const revokedSerials = revocation?.known ? revocation.serials : undefined;
  return certs.map((cert) => {
    const assessment = assessCertificate(cert, {
      now: context.now(),
      renewalWindowDays: context.settings.renewalWindowDays,
      revokedSerials,
    });
    return { cert, assessment, usable: isUsable(assessment.state) };
  });
}

/**
 * The validity check judges the dates alone: key and revocation have checks of their own, and a
 * missing key must not hide that the dates are fine. So the key is taken as present and no CRL
 * is given, which leaves assessCertificate deciding by dates only.
 */
export function assessDates(context: CheckContext, cert: StoredCertificate): CertificateAssessment {
  return assessCertificate({ ...cert, hasPrivateKey: true }, { now: context.now(), renewalWindowDays: context.settings.renewalWindowDays });
}

/** Most usable first, then the latest notAfter: the certificate a renewed user actually uses. */
export function rankCertificates(assessed: readonly AssessedCertificate[]): AssessedCertificate[] {
  return [...assessed].sort((a, b) => Number(b.usable) - Number(a.usable) || b.cert.notAfter.getTime() - a.cert.notAfter.getTime());
}

export function bestCertificate(assessed: readonly AssessedCertificate[]): AssessedCertificate | undefined {
  return rankCertificates(assessed)[0];
}

/** States that can never log in again: safe to remove (expired, revoked, key lost). */
export function isStale(state: CertificateState): boolean {
  return state === 'expired' || state === 'revoked' || state === 'no-key';
}

/** The facts about one certificate, under keys the report masks where they identify a person. */
export function certificateEvidence(context: CheckContext, item: AssessedCertificate): Record<string, EvidenceValue> {
  return {
    serialNumber: item.cert.serialNumber,
    subject: item.cert.subject,
    loginId: item.cert.subjectCommonName ?? null,
    notBefore: item.cert.notBefore.toISOString(),
    notAfter: item.cert.notAfter.toISOString(),
    daysLeft: item.assessment.daysLeft,
    renewalOpensAt: item.assessment.renewalOpensAt.toISOString(),
    state: item.assessment.state,
    hasPrivateKey: item.cert.hasPrivateKey,
    storeKind: context.store.kind,
    // `location` is masked in exports: on Linux and macOS it contains the home directory.
    location: context.store.location,
  };
}

/** yyyy-mm-dd in Japan time: the users and the bank read dates in JST. */
export function dateJst(date: Date): string {
  return new Date(date.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
}

/** The next step after a revocation or a lost key: who can re-issue (FAQ Q13, Q21(3), Q22(3)). */
export const REISSUE_ADVICE: LocalizedText = text(
  '電子証明書の失効と再発行が必要です。一般ユーザーの方は、マスターユーザー（管理者）にログイン ID の削除と再登録を依頼し、その後 `cjs-cert enroll` で取得してください。マスターユーザーの方は、労金にお問い合わせください。',
  'The certificate must be revoked and issued again. General users: ask your master user (administrator) to delete and re-register your login ID, then obtain a new one with `cjs-cert enroll`. Master users: please contact the bank (Rokin).',
);

export const ENROLL_ADVICE: LocalizedText = text(
  'ログイン ID とパスワードで電子証明書を取得してください: `cjs-cert enroll --login-id <ログイン ID>`',
  'Obtain a certificate with your login ID and password: `cjs-cert enroll --login-id <login ID>`',
);

export const CLOSE_BROWSERS: LocalizedText = text(
  'その後、ブラウザをすべて閉じてから、もう一度ログインしてください。',
  'Then close every browser window and log in again.',
);

export function joinTexts(...parts: readonly LocalizedText[]): LocalizedText {
  const used = parts.filter((p) => p.ja !== '' || p.en !== '');
  return text(used.map((p) => p.ja).join(''), used.map((p) => p.en).join(' '));
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The error's own stable code (ISSUE-TIMEOUT...), so the user has something to quote (Q18). */
export function errorCodes(err: unknown): string[] {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$/.test(code) ? [code] : [];
}
