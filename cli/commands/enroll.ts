import type { TFunction } from 'i18next';
import { enrollCertificate, type EnrollmentOperation } from '../../electron/core/enrollment/workflow';
import { assessCertificate } from '../../electron/core/enrollment/certificate-state';
import type { KeyAlgorithm } from '../../electron/core/pki';
import { createProgressWriter } from '../progress';
import type { CliServices } from '../services';
import { formatDate } from '../format';

export interface EnrollOptions {
  readonly operation: EnrollmentOperation;
  readonly loginId: string;
  readonly password: string;
  readonly keyAlgorithm: KeyAlgorithm;
  readonly json: boolean;
}

/** `cjs-cert enroll` / `cjs-cert renew`: obtain, install and verify; prints JSON or a summary. */
export async function runEnroll(
  services: CliServices,
  options: EnrollOptions,
  t: TFunction,
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): Promise<void> {
  const { settings } = services;
  io.stderr.write(
    `${t(options.operation === 'renew' ? 'enroll.titleRenew' : 'enroll.title', { loginId: options.loginId, issuer: settings.issuerUrl })}\n`,
  );
  const outcome = await enrollCertificate(
    {
      store: services.store,
      issuing: services.issuing,
      issuerUrl: settings.issuerUrl,
      journal: services.journal,
      validateAnswer: services.validateAnswer,
      onEvent: createProgressWriter(t, io.stderr, options.keyAlgorithm),
    },
    {
      operation: options.operation,
      credentials: { loginId: options.loginId, password: options.password },
      keyAlgorithm: options.keyAlgorithm,
    },
  );
  await services.rememberIssuer();
  const now = new Date();
  const assessment = assessCertificate(outcome.installed, { now, renewalWindowDays: settings.renewalWindowDays });
  if (options.json) {
    io.stdout.write(
      `${JSON.stringify(
        {
          ok: true,
          operation: options.operation,
          loginId: options.loginId,
          resumed: outcome.resumed,
          store: services.store.kind,
          location: services.store.location,
          certificate: {
            serialNumber: outcome.certificate.serialNumber,
            thumbprint: outcome.certificate.thumbprintSha1,
            subject: outcome.certificate.subject,
            issuer: outcome.certificate.issuer,
            notBefore: outcome.certificate.notBefore.toISOString(),
            notAfter: outcome.certificate.notAfter.toISOString(),
            daysLeft: assessment.daysLeft,
            renewalOpensAt: assessment.renewalOpensAt.toISOString(),
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
  io.stdout.write(
    `${t('enroll.done', { location: services.store.location, notAfter: formatDate(outcome.certificate.notAfter), daysLeft: assessment.daysLeft })}\n`,
  );
  io.stdout.write(`${t('enroll.closeBrowsers')}\n`);
}
