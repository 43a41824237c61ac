// What a self-diagnosis check is (the flutter doctor / expo doctor model): a small declaration
// with a stable id, its texts in Japanese and English, the FAQ entries it answers, where it
// applies, what it depends on, and one async run(); optionally a safe fix that is re-verified
// by running the check again.
import type { ClientSettings } from '../config';
import type { ProxyResolver } from '../issuing/proxy';
import type { CertificateInfo } from '../pki';
import type { ProcessRunner } from '../platform/process-runner';
import type { CertificateStore, StoredCertificate } from '../stores/certificate-store';

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'not-applicable' | 'error';

export interface LocalizedText {
  readonly ja: string;
  readonly en: string;
}

export type EvidenceValue = string | number | boolean | null | readonly string[];

/** What one run of a check found. */
export interface CheckResult {
  readonly status: CheckStatus;
  /** One line for the user, e.g. "TLS 1.3 (TLS_AES_256_GCM_SHA384)". */
  readonly summary: LocalizedText;
  /**
   * The facts behind the result, for the report and the bank's support (no secrets). Values
   * that are personal data (login IDs, subjects) are masked when the report is exported.
   */
  readonly evidence: Readonly<Record<string, EvidenceValue>>;
  /** What to do about it; omitted on pass. */
  readonly advice?: LocalizedText | undefined;
  /** Stable error codes involved (ISSUE-TLS, CJS-E-CERT-REVOKED...), for the user to quote. */
  readonly codes?: readonly string[] | undefined;
}

export interface CheckFix {
  /** Shown on the fix button / in `doctor --fix` output. */
  readonly title: LocalizedText;
  /** Applies the change. The engine then runs the check again to verify it. */
  apply(context: CheckContext, signal: AbortSignal): Promise<void>;
}

export interface DiagnosticCheck {
  /** Stable id: reports, `--only`, the UI and the help pages refer to it. Never rename. */
  readonly id: string;
  readonly title: LocalizedText;
  /** FAQ entries this check answers, e.g. ['Q18(1)', 'Q19(2)']. */
  readonly faq: readonly string[];
  /** Where it applies; elsewhere the result is not-applicable without running. */
  readonly platforms: 'all' | readonly NodeJS.Platform[];
  /** Checks whose results this one needs; if any did not pass (or warn), this one is skipped. */
  readonly dependsOn?: readonly string[];
  /** Its own time budget (default: the engine's per-check timeout). */
  readonly timeoutMs?: number;
  run(context: CheckContext, signal: AbortSignal): Promise<CheckResult>;
  /** Which results the fix can repair; absent = no fix. */
  readonly fix?: CheckFix | undefined;
}

/** Facts several checks need, computed once per run (lazily, memoised by the engine's caller). */
export interface SharedFacts {
  /** The issuer's CA certificates (from /cacerts), or the error that prevented fetching them. */
  issuerCas(): Promise<CertificateInfo[]>;
  /** Every personal certificate in the store. */
  storeCertificates(): Promise<StoredCertificate[]>;
  /** The certificates in the store issued by the issuer's CA. */
  systemCertificates(): Promise<StoredCertificate[]>;
  /** Serial numbers revoked according to the issuer's CRL (signature verified). */
  revokedSerials(): Promise<ReadonlySet<string>>;
}

export interface CheckContext {
  readonly settings: ClientSettings;
  /** The login ID the user means to use (for the right-user check); optional. */
  readonly loginId?: string | undefined;
  readonly platform: NodeJS.Platform;
  readonly now: () => Date;
  readonly runner: ProcessRunner;
  readonly store: CertificateStore;
  readonly proxy: ProxyResolver;
  /** PEM CA certificates the client trusts for the issuer's TLS (OS/Node roots + trust files). */
  readonly trustedCaPem: readonly string[];
  readonly shared: SharedFacts;
  /** The result of a check this one depends on (available once it finished). */
  result(id: string): CheckResult | undefined;
}

/** A helper so checks read as declarations. */
export function defineCheck(check: DiagnosticCheck): DiagnosticCheck {
  return check;
}

export const text = (ja: string, en: string): LocalizedText => ({ ja, en });
