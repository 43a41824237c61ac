// `cjs-cert enroll` / `cjs-cert renew`: the enroll use case with progress on stderr and the
// result on stdout (text or JSON).
import type { TFunction } from 'i18next';
import { enroll, type EnrollResult } from '../../electron/core/app/enroll';
import type { AppServices } from '../../electron/core/app/services';
import type { EnrollmentOperation } from '../../electron/core/enrollment/workflow';
import type { KeyAlgorithm } from '../../electron/core/pki';
import { formatDate } from '../format';
import type { Language } from '../i18n';
import { createProgressWriter } from '../progress';
import { situationLines } from '../situation-text';
import { forTerminal } from '../terminal-text';

export interface EnrollOptions {
  readonly operation: EnrollmentOperation;
  readonly loginId: string;
  readonly password: string;
  readonly keyAlgorithm: KeyAlgorithm;
  readonly json: boolean;
  readonly language: Language;
  /** `--allow-second-user`: enrol beside another login ID's usable certificate (Q6). */
  readonly allowSecondUser?: boolean | undefined;
}

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream };

export async function runEnroll(services: AppServices, options: EnrollOptions, t: TFunction, io: Io): Promise<void> {
  const { loginId } = options;
  const title = (operation: EnrollmentOperation) =>
    io.stderr.write(
      `${t(operation === 'renew' ? 'enroll.titleRenew' : 'enroll.title', { loginId, issuer: services.settings.issuerUrl })}\n`,
    );
  title(options.operation);
  const result = await enroll(
    services,
    {
      operation: options.operation,
      loginId,
      password: options.password,
      keyAlgorithm: options.keyAlgorithm,
      allowSecondUser: options.allowSecondUser,
    },
    {
      onEvent: createProgressWriter(t, io.stderr, options.keyAlgorithm, options.language === 'en'),
      onRedirect: () => {
        io.stderr.write(`${t('enroll.redirectedToRenew', { loginId })}\n`);
        title('renew');
      },
    },
  );
  if (result.kind === 'nothing-to-do') {
    io.stdout.write(options.json ? nothingToDoJson(result, loginId) : forTerminal(nothingToDoText(result, loginId, t), io.stdout));
    return;
  }
  const { outcome, certificate } = result;
  if (options.json) {
    io.stdout.write(
      `${JSON.stringify(
        {
          ok: true,
          operation: result.operation,
          redirected: result.redirected,
          loginId,
          resumed: outcome.resumed,
          store: services.store.kind,
          location: services.store.location,
          certificate: {
            serialNumber: certificate.serialNumber,
            thumbprint: certificate.thumbprint,
            subject: certificate.subject,
            issuer: certificate.issuer,
            notBefore: certificate.notBefore,
            notAfter: certificate.notAfter,
            daysLeft: certificate.daysLeft,
            renewalOpensAt: certificate.renewalOpensAt,
          },
          removedSerials: outcome.removedSerials,
        },
        null,
        2,
      )}\n`,
    );
    return;
  }
  if (outcome.resumed) io.stderr.write(`${t('enroll.resumed')}\n`);
  const done = t('enroll.done', {
    location: services.store.location,
    notAfter: formatDate(new Date(certificate.notAfter)),
    daysLeft: certificate.daysLeft,
  });
  io.stdout.write(forTerminal(`${done}\n${t('enroll.closeBrowsers')}\n`, io.stdout));
}

type NothingToDo = Extract<EnrollResult, { kind: 'nothing-to-do' }>;

/** A valid certificate is installed already: say so, with its expiry, and what else the situation asks. */
function nothingToDoText({ situation }: NothingToDo, loginId: string, t: TFunction): string {
  const certificate = situation.certificate!;
  const lines = [
    t('enroll.nothingToDo', { loginId, notAfter: formatDate(new Date(certificate.notAfter)), daysLeft: certificate.daysLeft }),
  ];
  // Several usable certificates: the removals the situation asks for still apply.
  if (situation.kind !== 'valid') lines.push(...situationLines(situation, t));
  return `${lines.join('\n')}\n`;
}

function nothingToDoJson({ situation }: NothingToDo, loginId: string): string {
  return `${JSON.stringify({ ok: true, operation: 'none', loginId, certificate: situation.certificate, situation }, null, 2)}\n`;
}
