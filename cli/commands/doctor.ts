// `cjs-cert doctor`: every FAQ check, in the style of `flutter doctor`, through the same use case
// as the app's self-diagnosis screen. The words come from the `diagnostics` locale namespace.
import type { TFunction } from 'i18next';
import { createDiagnosisUseCases, DIAGNOSIS_REQUEST_TIMEOUT_MS, FIX_DEADLINE_MS } from '../../electron/core/app/diagnosis';
import type { AppServices } from '../../electron/core/app/services';
import { ALL_CHECKS } from '../../electron/core/diagnostics/checks';
import { assertKnownChecks, type DiagnosticsEvent } from '../../electron/core/diagnostics/engine';
import { maskReport } from '../../electron/core/diagnostics/masking';
import { checkTitleKey } from '../../electron/core/diagnostics/messages';
import { hasFailures, reportView, type DiagnosticReport } from '../../electron/core/diagnostics/report';
import { reportToText, STATUS_MARK } from '../../electron/core/diagnostics/report-text';
import type { Language } from '../i18n';
import { CLEAR_LINE, writeControl } from '../safe-output';

export { DIAGNOSIS_REQUEST_TIMEOUT_MS };

/** `--only` ids are part of the command line: checked before anything touches the network. */
export function checkDoctorOnly(only: readonly string[] | undefined): void {
  assertKnownChecks(ALL_CHECKS, only);
}

export interface DoctorOptions {
  readonly loginId?: string | undefined;
  readonly only?: readonly string[] | undefined;
  readonly fix: boolean;
  readonly json: boolean;
  readonly language: Language;
  readonly deadlineMs?: number | undefined;
}

/**
 * Runs the diagnosis and prints it: `--json` the contract's report, otherwise the text. Both are
 * masked, so either can be sent to the bank as is. A title and (on a terminal) a progress counter
 * go to stderr.
 */
export async function runDoctor(
  services: AppServices,
  options: DoctorOptions,
  t: TFunction,
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): Promise<DiagnosticReport> {
  const { settings } = services;
  const lng = options.language;
  const interactive = 'isTTY' in io.stderr && (io.stderr as NodeJS.WriteStream).isTTY === true;
  const onEvent = (event: DiagnosticsEvent) => {
    // A progress counter on the terminal only; the report itself is printed at the end.
    if (!interactive || event.type !== 'check-finished') return;
    const progress = t('diagnostics:report.progress', { completed: event.completed, total: event.total, lng });
    writeControl(io.stderr, CLEAR_LINE);
    io.stderr.write(`  ${progress} ${STATUS_MARK[event.outcome.result.status]} ${t(checkTitleKey(event.outcome.id), { lng })}`);
  };
  io.stderr.write(`${t('diagnostics:report.title', { issuer: settings.issuerUrl, login: settings.loginUrl, lng })}\n`);
  const diagnosis = createDiagnosisUseCases(services);
  // Fixes start programs (reg.exe, PowerShell): they get the longer deadline of the fix button.
  const deadlineMs = options.deadlineMs ?? (options.fix ? FIX_DEADLINE_MS : undefined);
  const report = await diagnosis.runReport({ loginId: options.loginId, only: options.only, fix: options.fix, deadlineMs }, onEvent);
  if (interactive) writeControl(io.stderr, CLEAR_LINE);
  if (options.json) io.stdout.write(`${JSON.stringify(reportView(maskReport(report)), null, 2)}\n`);
  else io.stdout.write(reportToText(report, t, lng));
  return report;
}

export { hasFailures };
