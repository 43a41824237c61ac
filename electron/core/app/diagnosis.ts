// The self-diagnosis as use cases: run every check (progress per finished check), apply one
// check's safe fix and check again, and export the last report masked, as JSON or as text. The
// channels diagnosis.run / diagnosis.fix / report.export and `cjs-cert doctor` call these.
import type { EventEmitterFn } from '../../contract/channels';
import type { DiagnosisReportView, ReportedCheckView } from '../../contract/diagnosis';
import { createTranslator } from '../../contract/locales';
import type { DiagnosticCheck } from '../diagnostics/check';
import type { LoginProber } from '../diagnostics/checks/client-cert-login';
import { ALL_CHECKS } from '../diagnostics/checks';
import { assertKnownChecks, runChecks, type CheckOutcome, type DiagnosticsEvent } from '../diagnostics/engine';
import { maskReport } from '../diagnostics/masking';
import { buildReport, checkView, replaceCheck, reportCheck, reportView, type DiagnosticReport } from '../diagnostics/report';
import { localDate, reportToText } from '../diagnostics/report-text';
import { createSharedFacts } from '../diagnostics/shared-facts';
import { CjsError } from '../errors';
import { runProcess, type ProcessRunner } from '../platform/process-runner';
import type { AppServices } from './services';
import { readRememberedEnrollments } from './state-files';

/** What the diagnosis needs of the app's composition. */
export type DiagnosisServices = Pick<AppServices, 'settings' | 'store' | 'proxy' | 'trustedCaPem' | 'issuingWithin' | 'cachedIssuerCas'> &
  Partial<Pick<AppServices, 'env'>>;

export interface DiagnosisOptions {
  readonly platform?: NodeJS.Platform;
  readonly now?: () => Date;
  readonly runner?: ProcessRunner;
  /** Tests narrow or replace the checks; default ALL_CHECKS. */
  readonly checks?: readonly DiagnosticCheck[];
  /**
   * The login check's probe; default the OS's tool. The Electron main process passes Chromium's
   * (createChromiumLoginProbe(...).probe), which proves what Edge/Chrome will do.
   */
  readonly loginProbe?: LoginProber | undefined;
}

export interface RunInput {
  readonly loginId?: string | undefined;
  readonly only?: readonly string[] | undefined;
  /** `doctor --fix`: apply every available fix to warnings and failures, then check again. */
  readonly fix?: boolean | undefined;
  readonly deadlineMs?: number | undefined;
}

export interface ExportedReport {
  readonly fileName: string;
  readonly mimeType: string;
  readonly content: string;
}

/**
 * One request to the issuer (CA certificates, CRL) during the diagnosis, on a fresh connection:
 * TCP, a TLS handshake (2 round trips) and the request (1) — on a slow branch-office or mobile
 * link (0.6–0.8 s round trips) about 3 s; 5 s leaves room for the server's own time. It matches
 * the network checks' answer budget, so against a silent issuer these requests give up together
 * with the shared probe (origin-answer.ts) and the doctor ends about 5 s in, well inside 8 s.
 * Shorter than the engine's per-check timeout, so there is time to fall back on the remembered
 * CA certificates.
 */
export const DIAGNOSIS_REQUEST_TIMEOUT_MS = 5_000;
/** A fix may start programs (reg.exe, PowerShell, rundll32): it gets longer than a diagnosis. */
export const FIX_DEADLINE_MS = 120_000;

export function createDiagnosisUseCases(services: DiagnosisServices, options: DiagnosisOptions = {}) {
  const checks = options.checks ?? ALL_CHECKS;
  const now = options.now ?? (() => new Date());
  const platform = options.platform ?? process.platform;
  let last: { readonly report: DiagnosticReport; readonly loginId: string | undefined } | undefined;

  async function execute(input: RunInput, onEvent?: (event: DiagnosticsEvent) => void): Promise<CheckOutcome[]> {
    const { settings, env } = services;
    return runChecks(
      checks,
      {
        settings,
        loginId: input.loginId,
        platform,
        now,
        runner: options.runner ?? runProcess,
        loginProbe: options.loginProbe,
        store: services.store,
        proxy: services.proxy,
        trustedCaPem: await services.trustedCaPem(),
        shared: createSharedFacts({
          store: services.store,
          issuing: services.issuingWithin(DIAGNOSIS_REQUEST_TIMEOUT_MS),
          cachedIssuerCas: () => services.cachedIssuerCas(),
          rememberedEnrollments: () => (env ? readRememberedEnrollments(env, settings.issuerUrl) : Promise.resolve([])),
        }),
      },
      {
        only: input.only,
        fix: input.fix ?? false,
        ...(onEvent ? { onEvent } : {}),
        ...(input.deadlineMs ? { deadlineMs: input.deadlineMs } : {}),
      },
    );
  }

  /** The full report (with fix attempts and personal marks): what the CLI renders. */
  async function runReport(input: RunInput, onEvent?: (event: DiagnosticsEvent) => void): Promise<DiagnosticReport> {
    assertKnownChecks(checks, input.only);
    const outcomes = await execute(input, onEvent);
    const { settings } = services;
    const report = buildReport(outcomes, {
      now: now(),
      platform,
      issuerUrl: settings.issuerUrl,
      loginUrl: settings.loginUrl,
      loginId: input.loginId,
    });
    last = { report, loginId: input.loginId };
    return report;
  }

  return {
    runReport,

    /** `diagnosis.run`: emits `diagnosis.progress` as each check finishes. */
    async run(input: RunInput, emit?: EventEmitterFn): Promise<DiagnosisReportView> {
      const report = await runReport(input, (event) => {
        if (event.type !== 'check-finished' || !emit) return;
        emit('diagnosis.progress', {
          checkId: event.outcome.id,
          status: event.outcome.result.status,
          completed: event.completed,
          total: event.total,
        });
      });
      return reportView(report);
    },

    /**
     * `diagnosis.fix`: applies the check's fix (when its result is a warning or a failure) and
     * checks again, with the login ID of the last run. A fix that did not apply is an error with
     * its code; `params.reason` is the diagnostics key that says why, when there is one.
     */
    // The emitter is accepted for the channel's shape; a single re-check sends no progress.
    async fix(input: { readonly checkId: string }, _emit?: EventEmitterFn): Promise<ReportedCheckView> {
      assertKnownChecks(checks, [input.checkId]);
      const [outcome] = await execute({ loginId: last?.loginId, only: [input.checkId], fix: true, deadlineMs: FIX_DEADLINE_MS });
      if (last) last = { ...last, report: replaceCheck(last.report, outcome!) };
      const reported = reportCheck(outcome!, new Set());
      const failure = outcome!.fix?.failure;
      if (outcome!.fix && !outcome!.fix.applied && failure) {
        throw new CjsError(failure.code, `the fix of ${input.checkId} did not apply: ${failure.detail}`, {
          params: { checkId: input.checkId, reason: failure.reason?.key ?? null },
        });
      }
      return checkView(reported);
    },

    /** `report.export`: the last report (a new run if there is none), masked, as JSON or text. */
    async exportReport(input: { readonly format: 'json' | 'text'; readonly language: 'ja' | 'en' }): Promise<ExportedReport> {
      const report = last?.report ?? (await runReport({}));
      const stamp = fileStamp(new Date(report.createdAt));
      if (input.format === 'json') {
        return {
          fileName: `cjs-cert-diagnosis-${stamp}.json`,
          mimeType: 'application/json',
          content: `${JSON.stringify(reportView(maskReport(report)), null, 2)}\n`,
        };
      }
      const t = await createTranslator(input.language, 'diagnostics');
      const header = [
        t('diagnostics:report.title', { issuer: report.issuerUrl, login: report.loginUrl }),
        t('diagnostics:report.createdAt', { date: localDate(report.createdAt, input.language), time: localTime(report.createdAt) }),
        '',
      ];
      return {
        fileName: `cjs-cert-diagnosis-${stamp}.txt`,
        mimeType: 'text/plain; charset=utf-8',
        content: `${header.join('\n')}\n${reportToText(report, t, input.language)}`,
      };
    },

    /** The last report, for the CLI's exit status and for tests. */
    lastReport: (): DiagnosticReport | undefined => last?.report,
  };
}

export type DiagnosisUseCases = ReturnType<typeof createDiagnosisUseCases>;

const pad = (n: number) => String(n).padStart(2, '0');

function fileStamp(d: Date): string {
  return `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
}

function localTime(iso: string): string {
  const d = new Date(iso);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
