// What a self-diagnosis check is (the flutter doctor / expo doctor model): a small declaration
// with a stable id, the group the screen shows it in, the FAQ entries it answers, where it
// applies, what it depends on, and one async run(); optionally a safe fix that is re-verified by
// running the check again. A check says what it found as codes, parameters and next actions;
// the words live in resources/locales/{ja,en}/diagnostics.json (see messages.ts).
import type { NextAction } from '../../contract/actions';
import type { CheckStatusName } from '../../contract/diagnosis';
import type { RememberedEnrollment } from '../app/situation';
import type { ClientSettings } from '../config';
import { CjsError } from '../errors';
import type { ProxyResolver } from '../issuing/proxy';
import type { CertificateInfo } from '../pki';
import type { ProcessRunner } from '../platform/process-runner';
import type { CertificateStore, StoredCertificate } from '../stores/certificate-store';
import type { LoginProber } from './checks/client-cert-login';
import type { MessageSpec } from './messages';
import type { Personal } from './personal';

export type CheckStatus = CheckStatusName;

/** The screen groups results this way (contract CHECK_GROUPS). */
export type CheckGroup = 'network' | 'certificate' | 'windows';

export type EvidenceValue = string | number | boolean | null | readonly string[];
/** A fact as a check records it: plain, or marked as personal data (masked when exported). */
export type Evidence = EvidenceValue | Personal;

/** What one run of a check found. */
export interface CheckResult {
  readonly status: CheckStatus;
  /** One line for the user, by key (e.g. "TLS 1.3 (TLS_AES_256_GCM_SHA384)"). */
  readonly summary: MessageSpec;
  /**
   * The facts behind the result, for the report and the bank's support (no secrets). Values that
   * identify a person (login IDs, subjects, paths with the user name) are wrapped in `personal()`
   * here, where they are produced, and masked when the report is exported.
   */
  readonly evidence: Readonly<Record<string, Evidence>>;
  /** What to do about it; omitted on pass. */
  readonly advice?: MessageSpec | undefined;
  /** Stable error codes involved (ISSUE-TLS, CJS-E-CERT-REVOKED...), for the user to quote. */
  readonly codes?: readonly string[] | undefined;
  /** The next steps, first one first (a fix action is added by the report for fixable problems). */
  readonly actions?: readonly NextAction[] | undefined;
}

export interface CheckFix {
  /** Applies the change. The engine then runs the check again to verify it. */
  apply(context: CheckContext, signal: AbortSignal): Promise<void>;
}

export interface DiagnosticCheck {
  /** Stable id: reports, `--only`, the UI, the help pages and the locale keys refer to it. Never rename. */
  readonly id: string;
  readonly group: CheckGroup;
  /** FAQ entries this check answers, e.g. ['Q18(1)', 'Q19(2)']. */
  readonly faq: readonly string[];
  /** Where it applies; elsewhere the result is not-applicable without running. */
  readonly platforms: 'all' | readonly NodeJS.Platform[];
  /** Checks whose results this one needs; if any did not pass (or warn), this one is skipped. */
  readonly dependsOn?: readonly string[];
  /** Its own time budget (default: the engine's per-check timeout). */
  readonly timeoutMs?: number;
  run(context: CheckContext, signal: AbortSignal): Promise<CheckResult>;
  /** Which results the fix can repair; absent = no fix. Its title is `check.<id>.fix`. */
  readonly fix?: CheckFix | undefined;
}

/** Facts several checks need, computed once per run (lazily, memoised by the engine's caller). */
export interface SharedFacts {
  /** The issuer's CA certificates (from /cacerts, or remembered), or the error that prevented both. */
  issuerCas(): Promise<CertificateInfo[]>;
  /** Whether the CA certificates came from the issuer itself (false: remembered ones were used). */
  issuerReachable(): Promise<boolean>;
  /** Every personal certificate in the store. */
  storeCertificates(): Promise<StoredCertificate[]>;
  /** The certificates in the store issued by the issuer's CA. */
  systemCertificates(): Promise<StoredCertificate[]>;
  /** Serial numbers revoked according to the issuer's CRL (signature verified). */
  revokedSerials(): Promise<ReadonlySet<string>>;
  /** What this PC remembers having enrolled from this issuer (to recognise a lost certificate). */
  rememberedEnrollments(): Promise<readonly RememberedEnrollment[]>;
  /** Whether the issuer says this revoked certificate's login ID was registered again since (P10); optional in fakes. */
  reregistered?(serialNumber: string): Promise<boolean>;
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
  /**
   * How the login check logs in with the certificate; default: the OS's tool (tstclnt, PowerShell,
   * curl). The app injects Chromium's own network stack with the OS store's certificate.
   */
  readonly loginProbe?: LoginProber | undefined;
  /** The result of a check this one depends on (available once it finished). */
  result(id: string): CheckResult | undefined;
}

/** A helper so checks read as declarations. */
export function defineCheck(check: DiagnosticCheck): DiagnosticCheck {
  return check;
}

/**
 * A fix that declines to change anything (a setting managed by policy, nothing left it may do).
 * `reason` is shown as the fix's result; `code` is what the user quotes.
 */
export class FixRefusedError extends CjsError {
  constructor(
    readonly reason: MessageSpec,
    code = 'REGISTRY-REFUSED',
  ) {
    super(code, `fix refused: ${reason.key}`, { params: { reason: reason.key } });
  }
}
