// A real CheckContext for diagnostics tests: settings pointing at a running test issuer, real
// shared facts (EST /cacerts and /crl over real HTTPS, trusting the service's TLS root), the real
// process runner and a real certificate store. Tests override single fields through options;
// add options rather than changing defaults (several check suites share this helper).
import { EMBEDDED_DEFAULTS, type ClientSettings } from '../../electron/core/config';
import type { CheckContext } from '../../electron/core/diagnostics/check';
import { createSharedFacts } from '../../electron/core/diagnostics/shared-facts';
import { buildCaList, EstClient, type ProxyResolver } from '../../electron/core/issuing';
import { runProcess, type ProcessRunner } from '../../electron/core/platform/process-runner';
import type { CertificateStore } from '../../electron/core/stores';
import type { TestIssuer } from './issuer';

export interface DiagnosticsContextOptions {
  readonly issuer: TestIssuer;
  readonly store: CertificateStore;
  readonly loginId?: string | undefined;
  readonly platform?: NodeJS.Platform;
  readonly now?: () => Date;
  readonly runner?: ProcessRunner;
  readonly settings?: Partial<ClientSettings>;
  /** Default: direct connections. Network checks pass environmentProxy or a test resolver. */
  readonly proxy?: ProxyResolver;
  /** Default: the issuer's TLS root only. Network checks pass `await networkTrust(...)`. */
  readonly trustedCaPem?: readonly string[];
}

/** What the app trusts (bundled + system roots, as buildCaList builds them) plus test roots. */
export function networkTrust(...extraCaPem: string[]): Promise<string[]> {
  return buildCaList({ extraCaPem });
}

/** The context without `result` (runChecks adds it); call `withResults` to run a check alone. */
export function createDiagnosticsContext(options: DiagnosticsContextOptions): Omit<CheckContext, 'result'> {
  const settings: ClientSettings = {
    ...EMBEDDED_DEFAULTS,
    issuerUrl: options.issuer.estUrl,
    loginUrl: options.issuer.loginUrl,
    trustFiles: [options.issuer.tlsCaCertPath],
    timeoutMs: 10_000,
    ...options.settings,
  };
  // Built on first use: an http:// or unparsable issuerUrl (what https-address diagnoses) makes
  // the EstClient constructor throw, and must fail the facts that need it, not the context.
  let client: EstClient | undefined;
  const est = (): EstClient =>
    (client ??= new EstClient({
      baseUrl: settings.issuerUrl,
      trust: { extraCaPem: [options.issuer.tlsCaPem] },
      timeoutMs: settings.timeoutMs,
    }));
  const issuing = { getCaCerts: () => est().getCaCerts(), getCrl: () => est().getCrl() };
  return {
    settings,
    loginId: options.loginId,
    platform: options.platform ?? process.platform,
    now: options.now ?? (() => new Date()),
    runner: options.runner ?? runProcess,
    store: options.store,
    proxy: options.proxy ?? (() => Promise.resolve(undefined)),
    trustedCaPem: options.trustedCaPem ?? [options.issuer.tlsCaPem],
    shared: createSharedFacts({ store: options.store, issuing }),
  };
}

/** A full CheckContext for calling one check's run() directly, with the given earlier results. */
export function withResults(
  context: Omit<CheckContext, 'result'>,
  results: Readonly<Record<string, CheckContext extends { result(id: string): infer R } ? R : never>> = {},
): CheckContext {
  return { ...context, result: (id) => results[id] };
}
