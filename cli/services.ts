// The CLI's composition root: the real store, issuing client, journal and vault for this PC.
import { createHash } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { issuerKey, type ClientSettings, type RememberedIssuer } from '../electron/core/config';
import { defaultJournalDir, EnrollmentJournal } from '../electron/core/enrollment/journal';
import type { AnswerValidator, IssuingPort, JournalPort } from '../electron/core/enrollment/workflow';
import { buildCaList, defaultProxyResolver, EstClient, validateIssuedCertificate, type ProxyResolver } from '../electron/core/issuing';
import { OsCredentialVault } from '../electron/core/platform/credential-vault';
import { fromPemAll, readCertificate, toPem, type CertificateInfo } from '../electron/core/pki';
import { ramBackedTmpDir } from '../electron/core/platform/secret-file';
import { createPlatformStore, NssStore, type CertificateStore } from '../electron/core/stores';

export interface CliServices {
  readonly settings: ClientSettings;
  readonly store: CertificateStore;
  readonly issuing: IssuingPort & { getCrl(): Promise<Buffer> };
  /** The same issuer with a shorter time budget per request: the diagnosis must end by its deadline. */
  issuingWithin(timeoutMs: number): IssuingPort & { getCrl(): Promise<Buffer> };
  readonly journal: JournalPort;
  readonly validateAnswer: AnswerValidator;
  /** The issuer's CA certificates: fetched, or remembered from the last time it was reachable. */
  issuerCas(): Promise<CertificateInfo[]>;
  /** The CA certificates remembered from the last time the issuer was reachable, if any. */
  cachedIssuerCas(): Promise<CertificateInfo[] | undefined>;
  /** The proxy in use for a URL (environment, then the Windows system proxy). */
  readonly proxy: ProxyResolver;
  /** Every CA the client trusts for the issuer's TLS (bundled + system + --trust files), PEM. */
  trustedCaPem(): Promise<string[]>;
  /** After a successful enrollment: the issuer and trust files become the defaults of later runs. */
  rememberIssuer(): Promise<void>;
}

/** Next to the journal directory: per-user state of this PC, like the journal itself. */
export function rememberedIssuerPath(env: NodeJS.ProcessEnv): string {
  return join(dirname(defaultJournalDir({ env })), 'last-issuer.json');
}

/** The issuer of the last successful enrollment, or undefined (none yet, unreadable, foreign content). */
export async function readRememberedIssuer(env: NodeJS.ProcessEnv): Promise<RememberedIssuer | undefined> {
  try {
    const raw = JSON.parse(await readFile(rememberedIssuerPath(env), 'utf8')) as Record<string, unknown>;
    const { issuerUrl, trustFiles } = raw;
    if (typeof issuerUrl !== 'string' || !Array.isArray(trustFiles) || !trustFiles.every((f) => typeof f === 'string')) return undefined;
    // A trust file deleted since (an issuer data directory wiped) must not make every later run
    // fail on reading it; without it the TLS check says plainly what is wrong.
    return { issuerUrl, trustFiles: trustFiles.filter((f) => existsSync(f)) };
  } catch {
    return undefined;
  }
}

export async function createServices(settings: ClientSettings, env: NodeJS.ProcessEnv): Promise<CliServices> {
  const extraCaPem = await Promise.all(settings.trustFiles.map((f) => readFile(f, 'utf8')));
  const proxy = defaultProxyResolver();
  const journalDir = defaultJournalDir({ env });
  const caCache = join(
    dirname(journalDir),
    'issuers',
    `${createHash('sha256').update(issuerKey(settings.issuerUrl)).digest('hex').slice(0, 16)}.pem`,
  );
  // Every CA list fetched from the issuer is remembered, so that status and the diagnosis can
  // still tell this system's certificates apart while the issuer cannot be reached.
  const rememberCas = async (ders: readonly Buffer[]): Promise<void> => {
    try {
      await mkdir(dirname(caCache), { recursive: true, mode: 0o700 });
      await writeFile(caCache, ders.map((der) => toPem('CERTIFICATE', der)).join(''));
    } catch {
      // A convenience for offline runs, never a reason to fail this one.
    }
  };
  const issuingWithin = (timeoutMs: number): CliServices['issuing'] => {
    const client = new EstClient({ baseUrl: settings.issuerUrl, trust: { extraCaPem }, timeoutMs, proxy });
    return {
      getCaCerts: async () => {
        const ders = await client.getCaCerts();
        await rememberCas(ders);
        return ders;
      },
      simpleEnroll: (csrDer, credentials) => client.simpleEnroll(csrDer, credentials),
      simpleReenroll: (csrDer, credentials) => client.simpleReenroll(csrDer, credentials),
      getCrl: () => client.getCrl(),
    };
  };
  const issuing = issuingWithin(settings.timeoutMs);
  return {
    settings,
    store: process.platform === 'linux' ? new NssStore({ secretParentDir: await secretFilesDir() }) : createPlatformStore(),
    issuing,
    issuingWithin: (timeoutMs) => issuingWithin(Math.min(timeoutMs, settings.timeoutMs)),
    journal: new EnrollmentJournal({ dir: journalDir, vault: new OsCredentialVault() }),
    validateAnswer: ({ certificatesDer, expectedIssuers, ...rest }) => {
      // The issuer's bundle may hold a chain: check against the CA that names itself the leaf's issuer.
      const issuers = new Set(certificatesDer.map((der) => readCertificate(der).issuer));
      const expectedIssuer = expectedIssuers.find((ca) => issuers.has(ca.subject)) ?? expectedIssuers[0]!;
      return validateIssuedCertificate({ certificatesDer: [...certificatesDer], expectedIssuer, ...rest });
    },
    proxy,
    trustedCaPem: () => buildCaList({ extraCaPem }),
    async rememberIssuer() {
      const path = rememberedIssuerPath(env);
      // Absolute paths: a later run from another directory must find the same trust files.
      const content: RememberedIssuer = { issuerUrl: settings.issuerUrl, trustFiles: settings.trustFiles.map((f) => resolve(f)) };
      const temporary = `${path}.${process.pid}.tmp`;
      try {
        await mkdir(dirname(path), { recursive: true, mode: 0o700 });
        await writeFile(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
        // A rename never leaves a half-written file for the next run to misread.
        await rename(temporary, path);
      } catch {
        // Only a convenience default: the certificate is installed, which is what the run was for.
        await rm(temporary, { force: true });
      }
    },
    cachedIssuerCas: async () => {
      const cached = await readFile(caCache, 'utf8').catch(() => undefined);
      return cached ? fromPemAll(cached, 'CERTIFICATE').map((der) => readCertificate(der)) : undefined;
    },
    async issuerCas() {
      try {
        const ders = await issuing.getCaCerts();
        return ders.map((der) => readCertificate(der));
      } catch (err) {
        const cached = await readFile(caCache, 'utf8').catch(() => undefined);
        if (!cached) throw err;
        return fromPemAll(cached, 'CERTIFICATE').map((der) => readCertificate(der));
      }
    },
  };
}

const RUN_DIR = /^cjs-cert-run-(\d+)-(\d+)$/;
let runDir: Promise<string> | undefined;

/**
 * pk12util reads the PKCS#12 and its password from files, which withSecretFiles removes in every
 * outcome it lives to see. A run killed meanwhile (SIGKILL, OOM killer, terminal closed) would
 * leave both behind in /dev/shm until reboot. So they go into a directory named after this
 * process, removed when it exits; every start removes those of this user's processes that are gone.
 */
function secretFilesDir(): Promise<string> {
  runDir ??= (async () => {
    const parent = ramBackedTmpDir();
    const uid = process.getuid?.() ?? 0;
    for (const name of await readdir(parent).catch(() => [])) {
      const match = RUN_DIR.exec(name);
      if (!match || Number(match[1]) !== uid || isAlive(Number(match[2]))) continue;
      const owner = await stat(join(parent, name)).then(
        (s) => s.uid,
        () => undefined,
      );
      if (owner === uid) await rm(join(parent, name), { recursive: true, force: true });
    }
    const dir = join(parent, `cjs-cert-run-${uid}-${process.pid}`);
    await mkdir(dir, { mode: 0o700 });
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    return dir;
  })();
  return runDir;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
