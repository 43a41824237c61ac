// Step-by-step progress on stderr, so stdout stays clean for --json.
import type { TFunction } from 'i18next';
import type { EnrollmentEvent } from '../electron/core/enrollment/workflow';
import type { KeyAlgorithm } from '../electron/core/pki';

export interface ProgressWriter {
  (event: EnrollmentEvent): void;
}

export function createProgressWriter(t: TFunction, out: NodeJS.WritableStream, keyAlgorithm: KeyAlgorithm): ProgressWriter {
  const interactive = 'isTTY' in out && (out as NodeJS.WriteStream).isTTY === true;
  const label = (step: string) => t(`step.${step}`, { algorithm: t(`algorithm.${keyAlgorithm}`) });
  return (event) => {
    if (event.type === 'warning') {
      out.write(`  ! ${t('enroll.journalUnavailable', { detail: event.detail })}\n`);
      return;
    }
    if (event.type === 'removed-superseded') {
      out.write(`  ${t('enroll.removed', { serial: event.serialNumber })}\n`);
      return;
    }
    if (event.phase === 'start') {
      // On a terminal the running step shows at once and is replaced when it completes.
      if (interactive) out.write(`  … ${label(event.step)}`);
      return;
    }
    const seconds = ((event.ms ?? 0) / 1000).toFixed(1);
    out.write(`${interactive ? '\r\x1b[2K' : ''}  ✓ ${label(event.step)}  ${seconds} s\n`);
  };
}
