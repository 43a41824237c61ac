// Linux: the request is sent by NSS's tstclnt (libnss3-tools), which signs the TLS handshake
// with the key inside the NSS database; the key never leaves it.
//
// How the server is verified. tstclnt verifies the server against the NSS database, which holds
// no private TLS root of the issuer and cannot be given one without changing the user's own
// trust (Chrome reads the same database). So tstclnt runs with `-o` (go on whatever NSS thinks
// of the server's certificate) and `-C -C -C` (print the chain the server sent, PEM), and the
// answer is believed only once that chain passes verifyServerChain against the EstClient's trust
// and the URL's host. Until then the answer is held back: with a server that is not trusted,
// nothing of it reaches the caller. What did reach the server: the request (here a CSR: a public
// key and a name, no secret) and our certificate (public; sent in clear in TLS 1.2 anyway); the
// handshake signature proves nothing to anyone but that server. Considered and refused: a
// Node TLS connection first to verify the server, then tstclnt pinned to the same certificate —
// two connections may reach two servers behind a load balancer with different certificates,
// and a server that requires a client certificate in TLS 1.2 fails Node's certificate-less one.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { IssuingError } from '../issuing/errors';
import { buildCaList } from '../issuing/trust';
import { ProcessError, runProcess, type ProcessRunner, type RunResult } from '../platform/process-runner';
import { withRunStagingDir } from '../platform/run-staging';
import { withSecretFiles } from '../platform/secret-file';
import { StoreError } from './certificate-store';
import { NSS_ADVICE } from './nss-store';
import { describeCommand } from './store-support';
import { MAX_RAW_ANSWER_BYTES, parseHttpResponse, serialiseRequest } from './store-tls-http';
import { verifyServerChain } from './store-tls-server-chain';
import {
  bareHostname,
  checkedRequest,
  MAX_ANSWER_BYTES,
  portOf,
  StoreTlsError,
  type StoreTlsClient,
  type StoreTlsRequest,
  type StoreTlsResponse,
} from './store-tls';
import { readTstclntReport, type TstclntReport } from './tstclnt-output';

export const TSTCLNT = 'tstclnt';

export interface NssTlsClientOptions {
  /** Home directory whose `.pki/nssdb` is used; default os.homedir(). */
  readonly home?: string;
  /** The database directory itself (overrides `home`); NssStore's `location`. */
  readonly dbDir?: string;
  readonly runner?: ProcessRunner;
  /** Where this process's staging directory is made for the request file (platform/run-staging.ts). */
  readonly stagingParentDir?: string;
  /** The trusted roots for given extra CAs; default trust.ts's buildCaList (the EstClient's). */
  readonly trustedRoots?: (extraCaPem: readonly string[]) => Promise<readonly string[]>;
}

/**
 * tstclnt's arguments. `-V tls1.2:` as the EstClient's minimum; `-O` selects the client
 * certificate in the handshake itself, where `-v -v` reports whether the server asked and one was
 * sent; `-W` names an empty password file: the project's databases have an empty password, and
 * a database with a primary password must fail at once rather than prompt on the terminal.
 */
export function tstclntArgs(
  url: URL,
  dbDir: string,
  nickname: string,
  files: { readonly request: string; readonly password: string },
): string[] {
  return [
    ...['-h', bareHostname(url), '-p', String(portOf(url))],
    ...['-d', `sql:${dbDir}`, '-n', nickname, '-W', files.password],
    ...['-A', files.request, '-V', 'tls1.2:', '-o', '-O'],
    ...['-C', '-C', '-C', '-v', '-v'],
  ];
}

export class NssTlsClient implements StoreTlsClient {
  readonly kind = 'nss' as const;
  private readonly dbDir: string;
  private readonly runner: ProcessRunner;

  constructor(private readonly options: NssTlsClientOptions = {}) {
    this.dbDir = options.dbDir ?? join(options.home ?? homedir(), '.pki', 'nssdb');
    this.runner = options.runner ?? runProcess;
  }

  async request(request: StoreTlsRequest): Promise<StoreTlsResponse> {
    checkedRequest(request, 'nss');
    if (!['cert9.db', 'cert8.db'].some((f) => existsSync(join(this.dbDir, f)))) {
      throw new StoreTlsError('certificate-missing', `there is no NSS database in ${this.dbDir}`);
    }
    const trusted = await (this.options.trustedRoots ?? ((extraCaPem) => buildCaList({ extraCaPem })))(request.trust.extraCaPem);
    const started = Date.now();
    const result = await this.run(request);
    const report = readTstclntReport(result.stderr);
    // First of all: nothing is believed, not even a failure's story, from a server not proven.
    for (const presented of report.serverChains) {
      const failure = verifyServerChain({ presented, trustedPem: trusted, hostname: bareHostname(request.url) });
      if (failure) {
        const issuer = failure.peerIssuerCommonName ? ` (certificate issued by "${failure.peerIssuerCommonName}")` : '';
        throw new IssuingError(
          'ISSUE-TLS',
          `the server certificate of ${request.url.host} is not trusted: ${failure.tlsErrorCode}${issuer}`,
          {
            tls: failure,
          },
        );
      }
    }
    refuseUnauthenticated(report);
    const raw = Buffer.from(result.stdout, 'latin1');
    if (raw.length > MAX_RAW_ANSWER_BYTES) throw new IssuingError('ISSUE-BAD-RESPONSE', `the answer exceeds ${MAX_ANSWER_BYTES} bytes`);
    if (result.timedOut) return wholeAnswerOrTimeout(raw, request, report, Date.now() - started);
    if (report.serverChains.length === 0 || result.exitCode !== 0 || raw.length === 0) throw failed(request, report, result);
    return parseHttpResponse(raw);
  }

  /** tstclnt with the request in a file of the staging directory, removed in every outcome; killed at the deadline. */
  private run(request: StoreTlsRequest): Promise<RunResult & { readonly timedOut: boolean }> {
    const files = { 'request.http': serialiseRequest(request), 'db.pw': '' };
    return withRunStagingDir(
      (parentDir) =>
        withSecretFiles(
          files,
          async (paths) => {
            const args = tstclntArgs(request.url, this.dbDir, request.certificate.handle, {
              request: paths['request.http'] ?? '',
              password: paths['db.pw'] ?? '',
            });
            try {
              // latin1: the answer's bytes as they came (a body need not be UTF-8).
              const result = await this.runner(TSTCLNT, args, { timeoutMs: request.timeoutMs, encoding: 'latin1' });
              return { ...result, stderr: utf8(result.stderr), timedOut: false };
            } catch (e) {
              if (!(e instanceof ProcessError)) throw e;
              if (e.kind === 'timeout') return { exitCode: 128, stdout: e.stdout, stderr: utf8(e.stderr), timedOut: true };
              if (e.kind === 'not-found') {
                throw new StoreError('STORE-TOOL-MISSING', `${TSTCLNT} is not installed or not on PATH`, {
                  command: describeCommand(TSTCLNT, args),
                  advice: NSS_ADVICE,
                });
              }
              throw new StoreError('STORE-COMMAND-FAILED', `${TSTCLNT} could not be run: ${e.message}`, { command: TSTCLNT });
            }
          },
          { parentDir },
        ),
      this.options.stagingParentDir,
    );
  }
}

/** stderr is tstclnt's own text (UTF-8 nicknames and names): read as such, not as the answer's bytes. */
function utf8(latin1: string): string {
  return Buffer.from(latin1, 'latin1').toString('utf8');
}

/** The server asked for our certificate and NSS could not give it: the request proves nothing. */
function refuseUnauthenticated(report: TstclntReport): void {
  if (report.clientCertificate !== 'none-sent') return;
  if (report.storeLocked) {
    throw new StoreTlsError('store-locked', 'the NSS database is protected by a password of its own; its key cannot be used unattended');
  }
  throw new StoreTlsError('certificate-not-sent', 'NSS found no usable certificate with its key under this nickname');
}

/**
 * Killed at the deadline. A server that ignored `Connection: close` may have sent its whole
 * answer and kept the connection open: an answer whose framing says it is whole is the answer.
 * Otherwise the deadline came before the handshake completed, or while waiting for the answer.
 */
function wholeAnswerOrTimeout(raw: Buffer, request: StoreTlsRequest, report: TstclntReport, elapsedMs: number): StoreTlsResponse {
  if (report.secured && report.serverChains.length > 0 && raw.length > 0) {
    try {
      return parseHttpResponse(raw, { requireFraming: true });
    } catch {
      // Not whole: the deadline's code says what happened.
    }
  }
  throw timedOut(request, report, elapsedMs);
}

function timedOut(request: StoreTlsRequest, report: TstclntReport, elapsedMs: number): IssuingError {
  const within = `within ${request.timeoutMs} ms (stopped after ${elapsedMs} ms)`;
  if (report.secured)
    return new IssuingError('ISSUE-NO-ANSWER', `${request.url.host} sent no complete answer ${within} after the TLS handshake`);
  return new IssuingError('ISSUE-TIMEOUT', `${request.url.host}: timed out before the TLS handshake completed (${within})`);
}

const CONNECT_ERRORS: Readonly<
  Record<string, { readonly code: 'ISSUE-REFUSED' | 'ISSUE-DNS' | 'ISSUE-UNREACHABLE'; readonly errno: string }>
> = {
  PR_CONNECT_REFUSED_ERROR: { code: 'ISSUE-REFUSED', errno: 'ECONNREFUSED' },
  PR_DIRECTORY_LOOKUP_ERROR: { code: 'ISSUE-DNS', errno: 'ENOTFOUND' },
  PR_NETWORK_UNREACHABLE_ERROR: { code: 'ISSUE-UNREACHABLE', errno: 'ENETUNREACH' },
  PR_HOST_UNREACHABLE_ERROR: { code: 'ISSUE-UNREACHABLE', errno: 'EHOSTUNREACH' },
  PR_ADDRESS_NOT_AVAILABLE_ERROR: { code: 'ISSUE-UNREACHABLE', errno: 'EADDRNOTAVAIL' },
};
const CUT = new Set(['PR_CONNECT_RESET_ERROR', 'PR_END_OF_FILE_ERROR', 'PR_CONNECT_ABORTED_ERROR']);

/** tstclnt ended without a whole answer: the EstClient's code for the same failure. */
function failed(request: StoreTlsRequest, report: TstclntReport, result: RunResult): Error {
  const host = request.url.host;
  const error = report.error;
  if (report.databaseUnusable) {
    return new StoreError('STORE-COMMAND-FAILED', `${TSTCLNT} could not open the NSS database`, {
      command: TSTCLNT,
      exitCode: result.exitCode,
      output: result.stderr.slice(-2000),
    });
  }
  const connect = error === undefined ? undefined : CONNECT_ERRORS[error];
  if (connect && error) {
    const what =
      connect.code === 'ISSUE-DNS'
        ? `the name ${request.url.hostname} cannot be resolved`
        : connect.code === 'ISSUE-REFUSED'
          ? `${host} refused the connection: nothing accepts connections there`
          : `${host} cannot be reached`;
    return new IssuingError(connect.code, `${what}: ${error}`, { errno: connect.errno });
  }
  // An alert (the server refused our certificate: SSL_ERROR_BAD_CERT_ALERT, ..._CERTIFICATE_REQUIRED_ALERT),
  // no common version or cipher, or the connection cut before the handshake completed.
  if (error?.startsWith('SSL_ERROR_') || error?.startsWith('SEC_ERROR_') || (!report.secured && error !== undefined)) {
    return new IssuingError(
      'ISSUE-TLS-HANDSHAKE',
      `no TLS 1.2+ connection with our certificate could be completed with ${host}: ${error}`,
      {
        tls: { tlsErrorCode: error, kind: 'protocol' },
      },
    );
  }
  if (report.secured && (error === undefined || CUT.has(error))) {
    // TLS 1.3 completes the handshake before the server judges our certificate: a server that
    // refuses it just closes the connection.
    const sent = report.clientCertificate === 'sent' ? ' (it may have refused the client certificate)' : '';
    return new IssuingError('ISSUE-UNREACHABLE', `${host}: the connection was closed before a complete answer${sent}`, {
      ...(error ? { errno: error } : {}),
    });
  }
  return new StoreError('STORE-COMMAND-FAILED', `${TSTCLNT} failed with exit code ${result.exitCode}`, {
    command: TSTCLNT,
    exitCode: result.exitCode,
    output: result.stderr.slice(-2000),
  });
}
