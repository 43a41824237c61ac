// Step-by-step progress on stderr, so stdout stays clean for --json.
import type { TFunction } from 'i18next';
import type { EnrollmentEvent } from '../electron/core/enrollment/workflow';
import type { KeyAlgorithm } from '../electron/core/pki';
import { CLEAR_LINE, writeControl } from './safe-output';

export interface ProgressWriter {
  (event: EnrollmentEvent): void;
}

/** `technicalDetail`: append the vault's own (English) words to the warning; off for Japanese output. */
export function createProgressWriter(
  t: TFunction,
  out: NodeJS.WritableStream,
  keyAlgorithm: KeyAlgorithm,
  technicalDetail = true,
): ProgressWriter {
  const interactive = 'isTTY' in out && (out as NodeJS.WriteStream).isTTY === true;
  const label = (step: string) => t(`step.${step}`, { algorithm: t(`algorithm.${keyAlgorithm}`) });
  let running: string | undefined;
  // Notes arrive while a step runs: on a terminal they go above its line, which is drawn again.
  const clearLine = () => {
    if (interactive) writeControl(out, CLEAR_LINE);
  };
  const note = (text: string) => {
    clearLine();
    out.write(`  ${text}\n${interactive && running ? `  … ${running}` : ''}`);
  };
  return (event) => {
    if (event.type === 'warning') {
      const text =
        event.code === 'JOURNAL-DISCARDED'
          ? t('enroll.journalDiscarded', { code: event.detail })
          : event.code === 'JOURNAL-REVOKED'
            ? t('enroll.journalRevoked', { serial: event.detail })
            : technicalDetail
              ? t('enroll.journalUnavailable', { detail: event.detail })
              : t('enroll.journalUnavailableShort');
      note(`! ${text}`);
      return;
    }
    if (event.type === 'removed-superseded') {
      note(t('enroll.removed', { serial: event.serialNumber }));
      return;
    }
    if (event.phase === 'start') {
      // On a terminal the running step shows at once and is replaced when it completes.
      running = label(event.step);
      if (interactive) out.write(`  … ${running}`);
      return;
    }
    running = undefined;
    // A failed step is printed in every mode: a log must say where the run stopped.
    const mark = event.phase === 'failed' ? '✗' : '✓';
    const seconds = ((event.ms ?? 0) / 1000).toFixed(1);
    clearLine();
    out.write(`  ${mark} ${label(event.step)}  ${seconds} s\n`);
  };
}
