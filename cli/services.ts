// The CLI's composition root: the real store, issuing client, journal and vault for this PC.
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ClientSettings } from '../electron/core/config';
import { defaultJournalDir, EnrollmentJournal } from '../electron/core/enrollment/journal';
import type { AnswerValidator, IssuingPort, JournalPort } from '../electron/core/enrollment/workflow';
import { defaultProxyResolver, EstClient, validateIssuedCertificate } from '../electron/core/issuing';
import { OsCredentialVault } from '../electron/core/platform/credential-vault';
import { fromPemAll, readCertificate, toPem, type CertificateInfo } from '../electron/core/pki';
import { createPlatformStore, type CertificateStore } from '../electron/core/stores';

export interface CliServices {
  readonly settings: ClientSettings;
  readonly store: CertificateStore;
  readonly issuing: IssuingPort & { getCrl(): Promise<Buffer> };
  readonly journal: JournalPort;
  readonly validateAnswer: AnswerValidator;
  /** The issuer's CA certificates: fetched, or remembered from the last time it was reachable. */
  issuerCas(): Promise<CertificateInfo[]>;
}

export async function createServices(settings: ClientSettings, env: NodeJS.ProcessEnv): Promise<CliServices> {
  const extraCaPem = await Promise.all(settings.trustFiles.map((f) => readFile(f, 'utf8')));
  const issuing = new EstClient({ baseUrl: settings.issuerUrl, trust: { extraCaPem }, timeoutMs: settings.timeoutMs, proxy: defaultProxyResolver() });
  const journalDir = defaultJournalDir({ env });
  const caCache = join(dirname(journalDir), 'issuers', `${createHash('sha256').update(settings.issuerUrl).digest('hex').slice(0, 16)}.pem`);
  return {
    settings,
    store: createPlatformStore(),
    issuing,
    journal: new EnrollmentJournal({ dir: journalDir, vault: new OsCredentialVault() }),
    validateAnswer: ({ certificatesDer, expectedIssuers, ...rest }) => {
      // The issuer's bundle may hold a chain: check against the CA that names itself the leaf's issuer.
      const issuers = new Set(certificatesDer.map((der) => readCertificate(der).issuer));
      const expectedIssuer = expectedIssuers.find((ca) => issuers.has(ca.subject)) ?? expectedIssuers[0]!;
      return validateIssuedCertificate({ certificatesDer: [...certificatesDer], expectedIssuer, ...rest });
    },
    async issuerCas() {
      try {
        const ders = await issuing.getCaCerts();
        await mkdir(dirname(caCache), { recursive: true, mode: 0o700 });
        await writeFile(caCache, ders.map((der) => toPem('CERTIFICATE', der)).join(''));
        return ders.map((der) => readCertificate(der));
      } catch (err) {
        const cached = await readFile(caCache, 'utf8').catch(() => undefined);
        if (!cached) throw err;
        return fromPemAll(cached, 'CERTIFICATE').map((der) => readCertificate(der));
      }
    },
  };
}
