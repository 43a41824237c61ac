// macOS: the user's login keychain (what Safari and Chrome offer client certificates from),
// driven with /usr/bin/security.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { runProcess, type ProcessRunner } from '../platform/process-runner';
import { withRunStagingDir } from '../platform/run-staging';
import { withSecretFiles } from '../platform/secret-file';
import { StoreError, type CertificateStore, type InstallRequest, type PreCheckResult, type StoredCertificate } from './certificate-store';
import { checkedThumbprint, pemCertificates, runTool, storedFromCertificate, verifyFailed } from './store-support';

export interface MacKeychainStoreOptions {
  readonly home?: string;
  /** The keychain file; default `~/Library/Keychains/login.keychain-db`. */
  readonly keychain?: string;
  readonly runner?: ProcessRunner;
  readonly secretParentDir?: string;
}

export const SECURITY = 'security';
const ADVICE = '/usr/bin/security is part of macOS; check that the login keychain exists and is unlocked (Keychain Access).';
const TIMEOUT_MS = 60_000;

/** One `N) SHA1 "label"` line of `security find-identity`. */
export interface MacIdentity {
  readonly sha1: string;
  readonly label: string;
  /** The reason in parentheses when the identity is not valid, e.g. `CSSMERR_TP_CERT_EXPIRED`. */
  readonly problem: string | undefined;
}

const IDENTITY_LINE = /^\s*\d+\)\s+([0-9A-Fa-f]{40})\s+"(.*)"(?:\s+\(([^)]*)\))?\s*$/;

/**
 * Parses `security find-identity` output, both sections. Listing without `-v` and reading the
 * "Matching identities" too matters: `-v` hides identities whose chain is not trusted or that
 * expired, and those certificates still have their key. Run it without `-p ssl-client` too: a
 * recorded Mac (tests/fixtures/macos/security-find-identity-ssl-client-vs-basic.not-trusted.txt)
 * printed 0 identities for `-p ssl-client` right after `1 identity imported.`, while the default
 * X.509 Basic policy listed the same identity with `(CSSMERR_TP_NOT_TRUSTED)`: its CA was not trusted yet.
 */
export function parseFindIdentity(stdout: string): MacIdentity[] {
  const byHash = new Map<string, MacIdentity>();
  for (const line of stdout.split(/\r?\n/)) {
    const m = IDENTITY_LINE.exec(line);
    if (!m?.[1]) continue;
    const sha1 = m[1].toUpperCase();
    if (!byHash.has(sha1)) byHash.set(sha1, { sha1, label: m[2] ?? '', problem: m[3] });
  }
  return [...byHash.values()];
}

/**
 * Parses `security find-certificate -a -Z -p`: `SHA-1 hash:` lines each followed by a PEM block.
 * The thumbprint is computed from the DER; a printed hash that disagrees means we misread the output.
 */
export function parseFindCertificate(stdout: string) {
  const certs = pemCertificates(stdout, 'security find-certificate');
  const printed = [...stdout.matchAll(/^SHA-1 hash:\s*([0-9A-Fa-f]{40})\s*$/gm)].map((m) => (m[1] ?? '').toUpperCase());
  if (printed.length > 0 && (printed.length !== certs.length || certs.some((c, i) => c.thumbprintSha1 !== printed[i]))) {
    throw new StoreError('STORE-PARSE-FAILED', 'security find-certificate printed SHA-1 hashes that do not match its certificates');
  }
  return certs;
}

// Characters that `security -i`'s line splitter treats specially (quotes, escapes, line ends).
const UNSAFE_IN_COMMAND_LINE = /["'\\\r\n\0]/;

/**
 * The one line sent on stdin to `security -i`. Why `-i`: `security import` takes the PKCS#12
 * password only as `-P pw` (argv, visible to every user through ps) or from a GUI prompt; in
 * interactive mode security reads the command line, password included, from stdin, so it
 * never reaches any process's argv. `-x` makes the imported key non-extractable.
 */
export function importCommandLine(file: string, keychain: string, password: string): string {
  for (const [what, value] of [
    ['file path', file],
    ['keychain path', keychain],
    ['password', password],
  ] as const) {
    if (UNSAFE_IN_COMMAND_LINE.test(value))
      throw new StoreError('STORE-COMMAND-FAILED', `the ${what} contains a quote, backslash or line break, which security -i cannot take`);
  }
  return `import "${file}" -k "${keychain}" -f pkcs12 -x -P "${password}"\n`;
}

const ITEM_NOT_FOUND = /could not be found in the keychain/i;
const DUPLICATE = /already exists in the keychain/i;

export class MacKeychainStore implements CertificateStore {
  readonly kind = 'macos' as const;
  readonly location: string;
  private readonly keychain: string;
  private readonly runner: ProcessRunner;
  private readonly secretParentDir: string | undefined;

  constructor(options: MacKeychainStoreOptions = {}) {
    this.keychain = options.keychain ?? join(options.home ?? homedir(), 'Library', 'Keychains', 'login.keychain-db');
    this.location = this.keychain;
    this.runner = options.runner ?? runProcess;
    this.secretParentDir = options.secretParentDir;
  }

  async preCheck(): Promise<PreCheckResult> {
    try {
      await this.security(['show-keychain-info', this.keychain]);
      return { ok: true, location: this.location };
    } catch (e) {
      if (!(e instanceof StoreError)) throw e;
      return { ok: false, code: e.code, message: e.message, advice: e.details.advice ?? ADVICE };
    }
  }

  async install(request: InstallRequest): Promise<StoredCertificate> {
    // Inside this process's staging directory, as on Linux: a run killed during the import leaves
    // it named after a dead process, for the next start to remove (run-staging.ts).
    await withRunStagingDir(
      (parentDir) =>
        withSecretFiles(
          { 'cert.p12': request.pkcs12 },
          async (paths) => {
            const result = await this.security(['-i'], importCommandLine(paths['cert.p12'] ?? '', this.keychain, request.password));
            // `security -i` exits 0 even when the command in it failed: its stderr tells. An
            // already-present identity is left for the verification below to judge.
            const errors = result.stderr.split(/\r?\n/).filter((l) => /^security: |error/i.test(l) && !DUPLICATE.test(l));
            if (errors.length > 0)
              throw new StoreError('STORE-COMMAND-FAILED', 'security import failed', {
                command: 'security -i import',
                output: errors.join('\n'),
              });
          },
          { parentDir },
        ),
      this.secretParentDir,
    );
    const thumbprint = request.certificate.thumbprintSha1;
    const found = (await this.list()).find((c) => c.thumbprintSha1 === thumbprint);
    if (!found) throw verifyFailed(`security import reported success but ${thumbprint} is not in ${this.keychain}`);
    if (!found.hasPrivateKey) throw verifyFailed(`${thumbprint} is in ${this.keychain} without its private key`);
    return found;
  }

  /** Certificates with a key, and end-entity certificates without (the "key lost" case); never CA certificates without a key. */
  async list(): Promise<StoredCertificate[]> {
    const listing = await this.security(['find-certificate', '-a', '-Z', '-p', this.keychain], undefined, (r) =>
      ITEM_NOT_FOUND.test(r.stderr),
    );
    const certs = listing.exitCode === 0 ? parseFindCertificate(listing.stdout) : [];
    // Default (X.509 Basic) policy, not `-p ssl-client`: that one hides an identity whose CA is not trusted (see parseFindIdentity).
    const identities = parseFindIdentity((await this.security(['find-identity', this.keychain])).stdout);
    const withKey = new Set(identities.map((i) => i.sha1));
    return certs
      .map((info) => storedFromCertificate('macos', info.thumbprintSha1, info, withKey.has(info.thumbprintSha1)))
      .filter((c, i) => c.hasPrivateKey || !certs[i]?.isCa);
  }

  async remove(certificate: Pick<StoredCertificate, 'handle' | 'thumbprintSha1'>): Promise<void> {
    const thumbprint = checkedThumbprint(certificate.thumbprintSha1);
    const present = (await this.list()).find((c) => c.thumbprintSha1 === thumbprint);
    if (!present) return;
    // delete-identity removes the certificate and its private key; a keyless certificate is not an identity.
    const verb = present.hasPrivateKey ? 'delete-identity' : 'delete-certificate';
    await this.security([verb, '-Z', thumbprint, this.keychain]);
    if ((await this.list()).some((c) => c.thumbprintSha1 === thumbprint)) throw verifyFailed(`${thumbprint} is still in ${this.keychain}`);
  }

  private security(args: readonly string[], stdin?: string, accept?: (r: { stderr: string }) => boolean) {
    return runTool({
      runner: this.runner,
      command: SECURITY,
      args,
      options: { timeoutMs: TIMEOUT_MS, ...(stdin === undefined ? {} : { stdin }) },
      advice: ADVICE,
      ...(accept ? { acceptExit: accept } : {}),
    });
  }
}
