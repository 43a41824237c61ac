// The composition root of the use cases: the real store, issuing client, journal and vault of
// this PC, composed once for the CLI, the Electron main process and the tests alike.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ClientSettings } from '../config';
import { EnrollmentJournal } from '../enrollment/journal';
import { TidyUpFile, type TidyUpPort } from '../enrollment/tidy-up';
import { isCertificateProof, type AnswerValidator, type IssuingPort, type JournalPort } from '../enrollment/workflow';
import {
  buildCaList,
  defaultProxyResolver,
  EstClient,
  MasterApiClient,
  validateIssuedCertificate,
  type CertificateStatusAnswer,
  type ProxyResolver,
} from '../issuing';
import { OsCredentialVault } from '../platform/credential-vault';
import { sweepDeadRunDirs } from '../platform/run-staging';
import { fromPemAll, readCertificate, toPem, type CertificateInfo, type CsrAttribute } from '../pki';
import { createPlatformStore, NssStore, type CertificateStore } from '../stores';
import { createStoreTlsClient, type StoreTlsClient } from '../stores/client-certificate-transport';
import { certificateReenroll } from './certificate-reenroll';
import { loadIssuerCas, type IssuerCas } from './issuer-facts';
import { issuerPinning } from './issuer-pin';
import { issuerCaCachePath, journalDir, tidyUpPath, writeRememberedIssuer } from './state-files';

export type IssuingService = IssuingPort & {
  getCrl(): Promise<Buffer>;
  /** What the issuer's /csrattrs asks of the request (RFC 7030 §4.5); absent where a test fake has none. */
  getCsrAttributes?(): Promise<CsrAttribute[]>;
  /** One certificate's state at the issuer (JSON look-up); absent where a test fake has none. */
  getCertificateStatus?(serialNumber: string): Promise<CertificateStatusAnswer>;
};

/** The master user's API of the issuer (contract-users.ts), as MasterApiClient answers it. */
export type MasterApiPort = Pick<
  MasterApiClient,
  'listUsers' | 'addUser' | 'deleteUser' | 'reregisterUser' | 'unlockUser' | 'resetPassword'
>;

export interface AppServices {
  readonly settings: ClientSettings;
  /** The environment the per-user state paths come from (HOME, XDG_STATE_HOME, LOCALAPPDATA). */
  readonly env: NodeJS.ProcessEnv;
  readonly store: CertificateStore;
  readonly issuing: IssuingService;
  /** The same issuer with a shorter time budget per request: the diagnosis must end by its deadline. */
  issuingWithin(timeoutMs: number): IssuingService;
  /** The master user's API of the same issuer: same trust, proxy and time budget as `issuing`. */
  readonly masterApi: MasterApiPort;
  readonly journal: JournalPort;
  /** Tidy-ups recorded by an install and not yet finished (a run killed during one). */
  readonly tidyUp: TidyUpPort;
  readonly validateAnswer: AnswerValidator;
  /**
   * The issuer's CA certificates: the list this process fetched already (`fromMemory`), else
   * fetched now, else remembered on disk from the last time it was reachable. `fresh` skips the
   * first: when the issuer's answers no longer fit the list, or it seems gone.
   */
  loadIssuerCas(options?: { readonly fresh?: boolean }): Promise<IssuerCas>;
  /** The CA certificates remembered from the last time the issuer was reachable, if any. */
  cachedIssuerCas(): Promise<CertificateInfo[] | undefined>;
  /** The proxy in use for a URL (environment, then the Windows system proxy). */
  readonly proxy: ProxyResolver;
  /** Every CA the client trusts for the issuer's TLS (bundled + system + trust files), PEM. */
  trustedCaPem(): Promise<string[]>;
  /** After a successful enrollment: the issuer and trust files become the defaults of later runs. */
  rememberIssuer(): Promise<void>;
}

export interface ServiceOverrides {
  /** Another certificate store (tests inject one; default: this OS's, in env.HOME on Linux). */
  readonly store?: CertificateStore | undefined;
  readonly journal?: JournalPort | undefined;
  readonly tidyUp?: TidyUpPort | undefined;
  /** The TLS client that renews with the certificate in the store (default: the store's own, stores/store-tls.ts). */
  readonly storeTls?: StoreTlsClient | undefined;
}

export async function createServices(
  settings: ClientSettings,
  env: NodeJS.ProcessEnv,
  overrides: ServiceOverrides = {},
): Promise<AppServices> {
  await sweepOnce();
  const extraCaPem = await Promise.all(settings.trustFiles.map((f) => readFile(f, 'utf8')));
  const proxy = defaultProxyResolver();
  const caCache = issuerCaCachePath(env, settings.issuerUrl);
  const pinning = issuerPinning(env, settings);
  // Every CA list accepted from the issuer (ca-pin.ts: it holds or chains to the pinned CA) is
  // remembered, so that status and the diagnosis can still tell this system's certificates apart
  // while the issuer cannot be reached; a refused list is neither used nor remembered.
  // And kept in memory for the life of the process (the app asks for the situation on every
  // screen): a CA list changes with a CA rollover, seen as a CRL that no longer verifies
  // (status.ts then asks again with `fresh`).
  let casInMemory: CertificateInfo[] | undefined;
  const rememberCas = async (cas: readonly CertificateInfo[]): Promise<void> => {
    casInMemory = [...cas];
    try {
      await mkdir(dirname(caCache), { recursive: true, mode: 0o700 });
      await writeFile(caCache, cas.map((ca) => toPem('CERTIFICATE', ca.der)).join(''));
    } catch {
      // A convenience for offline runs, never a reason to fail this one.
    }
  };
  const rememberedCas = async (): Promise<CertificateInfo[]> => {
    const cached = await readFile(caCache, 'utf8').catch(() => '');
    try {
      return fromPemAll(cached, 'CERTIFICATE').map((der) => readCertificate(der));
    } catch {
      return []; // torn or foreign: as good as none
    }
  };
  const store = overrides.store ?? platformStore(env);
  // The current certificate as the proof of a renewal: a request through the store's own TLS stack.
  const storeTls = overrides.storeTls ?? createStoreTlsClient(store);
  const reenrollWithCertificate = (client: EstClient, timeoutMs: number) =>
    certificateReenroll({ estBaseUrl: client.estBaseUrl, client: storeTls, extraCaPem, timeoutMs });
  const issuingWithin = (timeoutMs: number): IssuingService => {
    const client = new EstClient({ baseUrl: settings.issuerUrl, trust: { extraCaPem }, timeoutMs, proxy });
    return {
      getCaCerts: async () => {
        const answer = (await client.getCaCerts()).map((der) => readCertificate(der));
        const accepted = await pinning.accept(answer, await rememberedCas());
        await rememberCas(accepted);
        return accepted.map((ca) => ca.der);
      },
      simpleEnroll: (csrDer, credentials) => client.simpleEnroll(csrDer, credentials),
      simpleReenroll: (csrDer, proof) =>
        isCertificateProof(proof) ? reenrollWithCertificate(client, timeoutMs)(csrDer, proof) : client.simpleReenroll(csrDer, proof),
      getCrl: () => client.getCrl(),
      getCsrAttributes: () => client.getCsrAttributes(),
      getCertificateStatus: (serialNumber) => client.getCertificateStatus(serialNumber),
    };
  };
  const issuing = coalescedCrl(issuingWithin(settings.timeoutMs));
  const cachedIssuerCas = async (): Promise<CertificateInfo[] | undefined> => {
    const cached = await rememberedCas();
    return cached.length > 0 ? pinning.vouchedFor(cached) : undefined;
  };
  return {
    settings,
    env,
    store,
    issuing,
    issuingWithin: (timeoutMs) => issuingWithin(Math.min(timeoutMs, settings.timeoutMs)),
    masterApi: new MasterApiClient({ baseUrl: settings.issuerUrl, trust: { extraCaPem }, timeoutMs: settings.timeoutMs, proxy }),
    journal: overrides.journal ?? new EnrollmentJournal({ dir: journalDir(env), vault: new OsCredentialVault() }),
    tidyUp: overrides.tidyUp ?? new TidyUpFile(tidyUpPath(env)),
    // Every CA of the accepted list is tried by signature: a rollover's CAs share one name.
    validateAnswer: (input) => validateIssuedCertificate(input),
    loadIssuerCas: async (options = {}) => {
      if (casInMemory && !options.fresh) return { cas: casInMemory, fromIssuer: true, fromMemory: true };
      // Forgotten until the issuer answers again (a fetch puts it back): while it is offline,
      // each status asks it once, not once for the CRL and again for the CA list.
      casInMemory = undefined;
      return loadIssuerCas({ issuing, cachedIssuerCas });
    },
    cachedIssuerCas,
    proxy,
    trustedCaPem: () => buildCaList({ extraCaPem }),
    async rememberIssuer() {
      // Only a convenience default: the certificate is installed, which is what the run was for.
      await writeRememberedIssuer(env, settings).catch(() => undefined);
    },
  };
}

/**
 * The CRL is never kept: a revocation the master just made must show on the next "Check again".
 * Requests made while one is on its way (the screens ask for the situation several times as
 * they open) share its answer instead of each opening a connection of their own.
 */
function coalescedCrl(issuing: IssuingService): IssuingService {
  let inFlight: Promise<Buffer> | undefined;
  return {
    ...issuing,
    getCrl: () =>
      (inFlight ??= issuing.getCrl().finally(() => {
        inFlight = undefined;
      })),
  };
}

function platformStore(env: NodeJS.ProcessEnv): CertificateStore {
  if (process.platform !== 'linux') return createPlatformStore();
  return new NssStore(env.HOME ? { home: env.HOME } : {});
}

let swept: Promise<void> | undefined;

/**
 * The stores stage the PKCS#12 and its password for their import tool in a directory named after
 * this process, removed right after the install; a run killed meanwhile leaves it behind (in
 * /dev/shm until reboot). So every process, whatever store it was given, removes at its start
 * those of this user's processes that are gone, never a live one's (run-staging.ts).
 */
function sweepOnce(): Promise<void> {
  swept ??= sweepDeadRunDirs();
  return swept;
}
