import type { TFunction } from 'i18next';
import { ALL_CHECKS } from '../../electron/core/diagnostics/checks';
import { assertKnownChecks, runChecks, type DiagnosticsEvent } from '../../electron/core/diagnostics/engine';
import {
  buildReport,
  hasFailures,
  maskReport,
  reportToText,
  STATUS_MARK,
  type DiagnosticReport,
} from '../../electron/core/diagnostics/report';
import { createSharedFacts } from '../../electron/core/diagnostics/shared-facts';
import { runProcess } from '../../electron/core/platform/process-runner';
import type { Language } from '../i18n';
import type { CliServices } from '../services';

/**
 * One request to the issuer (CA certificates, CRL) during the diagnosis. Shorter than the engine's
 * per-check timeout, so a silent issuer leaves time to fall back on the remembered CA certificates.
 */
export const DIAGNOSIS_REQUEST_TIMEOUT_MS = 5_000;

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
 * `cjs-cert doctor`: every FAQ check, in the style of `flutter doctor`. Both the JSON report and
 * the text mask personal data, so either can be sent to the bank as is.
 */
export async function runDoctor(
  services: CliServices,
  options: DoctorOptions,
  t: TFunction,
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): Promise<DiagnosticReport> {
  const { settings } = services;
  const now = () => new Date();
  const interactive = 'isTTY' in io.stderr && (io.stderr as NodeJS.WriteStream).isTTY === true;
  const onEvent = (event: DiagnosticsEvent) => {
    // A progress counter on the terminal only; the report itself is printed at the end.
    if (!interactive || event.type !== 'check-finished') return;
    io.stderr.write(
      `\r\x1b[2K  ${t('doctor.progress', { completed: event.completed, total: event.total })} ${STATUS_MARK[event.outcome.result.status]} ${event.outcome.title[options.language]}`,
    );
  };
  io.stderr.write(`${t('doctor.title', { issuer: settings.issuerUrl, login: settings.loginUrl })}\n`);
  const outcomes = await runChecks(
    ALL_CHECKS,
    {
      settings,
      loginId: options.loginId,
      platform: process.platform,
      now,
      runner: runProcess,
      store: services.store,
      proxy: services.proxy,
      trustedCaPem: await services.trustedCaPem(),
      shared: createSharedFacts({
        store: services.store,
        issuing: services.issuingWithin(DIAGNOSIS_REQUEST_TIMEOUT_MS),
        cachedIssuerCas: () => services.cachedIssuerCas(),
      }),
    },
    { only: options.only, fix: options.fix, onEvent, ...(options.deadlineMs ? { deadlineMs: options.deadlineMs } : {}) },
  );
  if (interactive) io.stderr.write('\r\x1b[2K');
  const report = buildReport(outcomes, {
    now: now(),
    platform: process.platform,
    issuerUrl: settings.issuerUrl,
    loginUrl: settings.loginUrl,
    loginId: options.loginId,
  });
  if (options.json) io.stdout.write(`${JSON.stringify(maskReport(report), null, 2)}\n`);
  else io.stdout.write(reportToText(report, options.language));
  return report;
}

export { hasFailures };
