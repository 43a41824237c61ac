// FAQ Q19, Q21: the final proof. A real TLS handshake with the certificate and key *as the OS
// store holds them* (not a copy: the key is non-exportable), against the system's login URL,
// asking for JSON. The reference login endpoint answers 200 {loginId, serialNumber, notAfter}
// or a problem+json refusal with a CJS-E-… code, as the real system's error pages carry one.
//
// How each OS does the handshake with the store's own key:
// - Linux: NSS's `tstclnt` on the same database Chrome reads (~/.pki/nssdb). It has no timeout
//   (the runner's kills it), stdin piping can hang (the request goes in a file), and exit 0 does
//   not mean accepted (TLS 1.3 may reject after the handshake): the HTTP status line decides.
//   `-o` accepts the server certificate whatever NSS thinks of it: the user's NSS DB need not
//   contain the server's root (Chrome also uses the system roots; the test service's root is in
//   no DB at all), and proving the server's identity is the server-certificate network check's
//   job, with the app's trust. Risk of -o: an impostor would see the certificate (public data);
//   it cannot reuse the handshake, whose signature covers the transcript. NSS's verdict on the
//   server is still reported as evidence (`nssServerTrust`).
// - Windows: PowerShell 5.1 `Invoke-WebRequest -Certificate (Get-Item Cert:\CurrentUser\My\T)`,
//   Schannel with the CurrentUser key; the server is verified by Windows as Edge would.
// - macOS: Apple's /usr/bin/curl with the Secure Transport backend (CURL_SSL_BACKEND), which
//   takes a keychain identity by its label (the certificate's common name) for --cert; LibreSSL,
//   curl's default there, cannot use a non-extractable keychain key. Not run on a real Mac by
//   this team: the command line is unit-tested, and a curl without that backend is reported
//   as "could not test", not as a refusal. `-k` for the same reason as tstclnt's -o.
import { PROBLEM_CODES } from '../../../contract/problem-codes';
import { ProcessError } from '../../platform/process-runner';
import { withSecretFiles } from '../../platform/secret-file';
import type { StoredCertificate } from '../../stores/certificate-store';
import { POWERSHELL, powershellArgs } from '../../stores/windows-store';
import type { NextAction } from '../../../contract/actions';
import { defineCheck, type CheckContext, type CheckResult, type Evidence, type EvidenceValue } from '../check';
import { checkMessages, type MessageSpec } from '../messages';
import { personal } from '../personal';
import { certificateFacts, errorText, situationActions } from './cert-support';
import { isNoAnswer, originAnswer, skippedForNoAnswer } from './origin-answer';

/** The tools get this long; the check's own budget is a little longer so it can explain a timeout. */
export const LOGIN_TOOL_TIMEOUT_MS = 12_000;

/**
 * One login attempt with `certificate` against `url`, by whatever means the host has: the app's
 * main process injects one over Chromium's network stack with the certificate taken from the OS
 * store (electron/main/login-probe.ts); without one, the OS's tool below is run. It resolves
 * with what it saw (never rejects), and stops when `signal` aborts.
 */
export interface LoginProbeRequest {
  readonly url: URL;
  readonly certificate: StoredCertificate;
  /** The login ID the user means; the probe's own default is the certificate's. */
  readonly loginId?: string | undefined;
  readonly signal: AbortSignal;
}
export type LoginProber = (request: LoginProbeRequest) => Promise<LoginProbe>;

export interface HttpAnswer {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** What a probe saw: an HTTP answer, or why there was none (handshake refused, tool missing...). */
export type LoginProbe =
  | { readonly kind: 'answer'; readonly tool: string; readonly answer: HttpAnswer; readonly notes: Readonly<Record<string, EvidenceValue>> }
  | {
      readonly kind: 'no-answer';
      readonly tool: string;
      readonly reason: string;
      readonly tlsError?: string | undefined;
      readonly cannotTest?: boolean;
      readonly notes: Readonly<Record<string, EvidenceValue>>;
    };

// ---------------------------------------------------------------------------------------------
// HTTP answer parsing (shared by tstclnt and curl -i output)

const STATUS_LINE = /^HTTP\/\d(?:\.\d)?\s+(\d{3})(?:[ \t][^\r\n]*)?\r?$/m;

/**
 * Parses a raw HTTP/1.x response from a tool's stdout. Finds the last status line before the
 * body (curl -i prints "100 Continue" or a proxy's "200 Connection established" first).
 * Undefined when there is no status line at all: the handshake or the request failed.
 */
export function parseHttpResponse(raw: string): HttpAnswer | undefined {
  let rest = raw;
  let found: HttpAnswer | undefined;
  for (;;) {
    const match = STATUS_LINE.exec(rest);
    if (!match?.[1]) return found;
    // From the status line's line break on: "\r\n" alone means no headers at all.
    const afterStatus = rest.slice(match.index + match[0].length).replace(/^\n/, '\r\n');
    const end = afterStatus.search(/\r?\n\r?\n/);
    const headerText = end < 0 ? afterStatus : afterStatus.slice(0, end);
    const body = end < 0 ? '' : afterStatus.slice(end).replace(/^\r?\n\r?\n/, '');
    const headers: Record<string, string> = {};
    for (const line of headerText.split(/\r?\n/)) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    found = { statusCode: Number(match[1]), headers, body: /chunked/i.test(headers['transfer-encoding'] ?? '') ? dechunk(body) : body };
    // An interim or CONNECT answer is followed by the real one.
    if (/^HTTP\/\d(?:\.\d)?\s+\d{3}/m.test(body) && (found.statusCode === 100 || /connection established/i.test(match[0]))) {
      rest = body;
      continue;
    }
    return found;
  }
}

function dechunk(body: string): string {
  let out = '';
  let rest = body;
  for (;;) {
    const m = /^([0-9a-fA-F]+)[^\r\n]*\r?\n/.exec(rest);
    if (!m?.[1]) return out + rest;
    const size = parseInt(m[1], 16);
    if (size === 0) return out;
    out += rest.slice(m[0].length, m[0].length + size);
    rest = rest.slice(m[0].length + size).replace(/^\r?\n/, '');
  }
}

export interface LoginBody {
  readonly loginId?: string | undefined;
  readonly serialNumber?: string | undefined;
  readonly notAfter?: string | undefined;
  /** The problem code of a refusal (CJS-E-…). */
  readonly code?: string | undefined;
  readonly detail?: string | undefined;
}

/** The login endpoint's JSON (success or problem+json); empty when the body is not that JSON. */
export function parseLoginBody(body: string): LoginBody {
  let value: unknown;
  try {
    value = JSON.parse(body.trim());
  } catch {
    return {};
  }
  if (typeof value !== 'object' || value === null) return {};
  const record = value as Record<string, unknown>;
  const str = (key: string): string | undefined => (typeof record[key] === 'string' ? record[key] : undefined);
  return {
    loginId: str('loginId'),
    serialNumber: str('serialNumber'),
    notAfter: str('notAfter'),
    code: str('code'),
    detail: str('detail'),
  };
}

// ---------------------------------------------------------------------------------------------
// Linux: tstclnt

/** HTTP/1.0 so the server closes after the answer (tstclnt reads until then) and never chunks. */
export function loginRequestText(url: URL): string {
  return `GET ${url.pathname}${url.search} HTTP/1.0\r\nHost: ${url.host}\r\nAccept: application/json\r\nUser-Agent: cjs-cert-doctor\r\nConnection: close\r\n\r\n`;
}

export function tstclntArgs(options: {
  readonly url: URL;
  readonly dbDir: string;
  readonly nickname: string;
  readonly requestFile: string;
}): string[] {
  const { url } = options;
  return [
    '-h',
    url.hostname.replace(/^\[(.*)\]$/, '$1'),
    '-p',
    url.port || '443',
    '-d',
    `sql:${options.dbDir}`,
    '-n',
    options.nickname,
    // TLS 1.2 and 1.3 only, as the system and current browsers accept.
    '-V',
    'tls1.2:tls1.3',
    // Accept the server certificate here; see the header comment for why.
    '-o',
    '-A',
    options.requestFile,
  ];
}

export interface TstclntDiagnostics {
  /** NSS's own verdict on the server certificate; undefined = trusted (no complaint printed). */
  readonly serverTrustProblem?: string | undefined;
  /** NSS found no usable certificate + key under the nickname. */
  readonly clientCertMissing: boolean;
  /** The first NSS/NSPR error name printed (SSL_ERROR_…, SEC_ERROR_…, PR_…). */
  readonly errorName?: string | undefined;
  readonly errorLine?: string | undefined;
}

export function parseTstclntStderr(stderr: string): TstclntDiagnostics {
  const bad = /Bad server certificate:\s*(-?\d+),\s*([^\r\n]*)/.exec(stderr);
  const errorLine = stderr.split(/\r?\n/).find((l) => /^tstclnt: /.test(l));
  const errorName = /\b((?:SSL|SEC|PR)_ERROR_[A-Z0-9_]+|PR_[A-Z_]+_ERROR)\b/.exec(errorLine ?? stderr)?.[1];
  return {
    serverTrustProblem: bad ? `${bad[1]} ${bad[2]?.trim() ?? ''}`.trim() : undefined,
    clientCertMissing: /Failed to load a suitable client certificate/i.test(stderr),
    errorName,
    errorLine: errorLine?.trim(),
  };
}

async function probeWithTstclnt(context: CheckContext, cert: StoredCertificate, url: URL, signal: AbortSignal): Promise<LoginProbe> {
  const tool = 'tstclnt';
  if (context.store.kind !== 'nss') {
    return { kind: 'no-answer', tool, reason: `the store is ${context.store.kind}, not NSS`, cannotTest: true, notes: {} };
  }
  // Not secret (a GET with no credentials), but the helper gives a private directory that is
  // removed in every outcome, and a file avoids tstclnt's stdin hang.
  let result;
  try {
    result = await withSecretFiles({ 'request.txt': loginRequestText(url) }, (paths) =>
      context.runner(
        tool,
        tstclntArgs({ url, dbDir: context.store.location, nickname: cert.handle, requestFile: paths['request.txt'] ?? '' }),
        { timeoutMs: LOGIN_TOOL_TIMEOUT_MS, signal },
      ),
    );
  } catch (err) {
    return noAnswerFromProcessError(tool, err, 'sudo apt-get install libnss3-tools');
  }
  const diag = parseTstclntStderr(result.stderr);
  const notes = {
    exitCode: result.exitCode,
    nssServerTrust: diag.serverTrustProblem ?? 'trusted',
    clientCertLoaded: !diag.clientCertMissing,
  };
  const answer = parseHttpResponse(result.stdout);
  if (answer) return { kind: 'answer', tool, answer, notes };
  return {
    kind: 'no-answer',
    tool,
    reason:
      diag.errorLine ??
      (diag.clientCertMissing ? 'NSS could not load the client certificate and key' : `no HTTP answer (exit ${result.exitCode})`),
    tlsError: diag.errorName,
    notes,
  };
}

// ---------------------------------------------------------------------------------------------
// Windows: PowerShell Invoke-WebRequest with the certificate from Cert:\CurrentUser\My

const THUMBPRINT = /^[0-9A-Fa-f]{40}$/;

/** A PowerShell single-quoted literal: only `'` is special inside (doubled). */
function psLiteral(value: string): string {
  if (/[\r\n\0]/.test(value)) throw new Error('a value with a line break cannot go into the script');
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * The script. Only two values are spliced in: the thumbprint, checked to be 40 hex digits, and
 * the login URL, normalised by URL (https only) and quoted as a literal. It prints one line of
 * JSON: statusCode + content, or the error. Windows PowerShell throws on 4xx: the refusal's body
 * is read from the exception's response, since that is where the CJS-E code is.
 */
export function windowsLoginScript(url: URL, thumbprint: string): string {
  if (!THUMBPRINT.test(thumbprint)) throw new Error(`not a certificate thumbprint: ${thumbprint}`);
  if (url.protocol !== 'https:') throw new Error('the login URL must be https');
  return [
    "$ErrorActionPreference = 'Stop'",
    '[Console]::OutputEncoding = [Text.Encoding]::UTF8',
    "$ProgressPreference = 'SilentlyContinue'",
    '[Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12',
    '$result = [ordered]@{ statusCode = $null; content = $null; error = $null; errorStatus = $null }',
    'try {',
    `  $cert = Get-Item -LiteralPath ${psLiteral(`Cert:\\CurrentUser\\My\\${thumbprint.toUpperCase()}`)}`,
    `  $response = Invoke-WebRequest -Uri ${psLiteral(url.href)} -Certificate $cert -UseBasicParsing -Headers @{ Accept = 'application/json' } -TimeoutSec ${Math.round(LOGIN_TOOL_TIMEOUT_MS / 1000) - 2}`,
    '  $result.statusCode = [int]$response.StatusCode',
    '  if ($response.Content -is [byte[]]) { $result.content = [Text.Encoding]::UTF8.GetString($response.Content) } else { $result.content = [string]$response.Content }',
    '} catch [System.Net.WebException] {',
    '  $result.error = $_.Exception.Message',
    '  $result.errorStatus = [string]$_.Exception.Status',
    '  $errorResponse = $_.Exception.Response',
    '  if ($errorResponse -ne $null) {',
    '    $result.statusCode = [int]$errorResponse.StatusCode',
    '    $reader = New-Object System.IO.StreamReader -ArgumentList @($errorResponse.GetResponseStream(), [Text.Encoding]::UTF8)',
    '    $result.content = $reader.ReadToEnd()',
    '  }',
    '} catch {',
    '  $result.error = $_.Exception.Message',
    '}',
    '$result | ConvertTo-Json -Compress',
  ].join('\n');
}

export type WindowsLoginOutput =
  | { readonly ok: true; readonly answer: HttpAnswer }
  | { readonly ok: false; readonly error: string; readonly errorStatus?: string | undefined };

/** Parses the script's one JSON line (PowerShell may print a BOM or blank lines around it). */
export function parseWindowsLoginOutput(stdout: string): WindowsLoginOutput {
  const line = stdout
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.startsWith('{'))
    .pop();
  if (!line) return { ok: false, error: `PowerShell printed no result: ${stdout.trim().slice(0, 200)}` };
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return { ok: false, error: `PowerShell printed something else than JSON: ${line.slice(0, 200)}` };
  }
  const statusCode = typeof value.statusCode === 'number' ? value.statusCode : undefined;
  const errorStatus = typeof value.errorStatus === 'string' && value.errorStatus !== '' ? value.errorStatus : undefined;
  if (statusCode === undefined) return { ok: false, error: typeof value.error === 'string' ? value.error : 'no status code', errorStatus };
  return { ok: true, answer: { statusCode, headers: {}, body: typeof value.content === 'string' ? value.content : '' } };
}

async function probeWithPowerShell(context: CheckContext, cert: StoredCertificate, url: URL, signal: AbortSignal): Promise<LoginProbe> {
  const tool = 'powershell';
  let script: string;
  try {
    script = windowsLoginScript(url, cert.thumbprintSha1);
  } catch (err) {
    return { kind: 'no-answer', tool, reason: errorText(err), cannotTest: true, notes: {} };
  }
  let result;
  try {
    result = await context.runner(POWERSHELL, powershellArgs(script), { timeoutMs: LOGIN_TOOL_TIMEOUT_MS, signal });
  } catch (err) {
    return noAnswerFromProcessError(tool, err, 'Windows PowerShell (powershell.exe) must be available.');
  }
  const parsed = parseWindowsLoginOutput(result.stdout);
  if (parsed.ok) return { kind: 'answer', tool, answer: parsed.answer, notes: { exitCode: result.exitCode } };
  return { kind: 'no-answer', tool, reason: parsed.error, tlsError: parsed.errorStatus, notes: { exitCode: result.exitCode } };
}

// ---------------------------------------------------------------------------------------------
// macOS: curl (Secure Transport) with the keychain identity

/** curl's --cert splits "name:password" at an unescaped colon; only plain labels go through. */
const SAFE_LABEL = /^[A-Za-z0-9._@+-]+$/;

export function macosCurlArgs(url: URL, identityLabel: string): string[] {
  if (!SAFE_LABEL.test(identityLabel)) throw new Error(`the certificate label "${identityLabel}" cannot be passed to curl --cert`);
  if (url.protocol !== 'https:') throw new Error('the login URL must be https');
  return [
    '-sS',
    '-i',
    '--proto',
    '=https',
    '--max-time',
    String(Math.round(LOGIN_TOOL_TIMEOUT_MS / 1000) - 2),
    '-k',
    '--cert',
    identityLabel,
    '-H',
    'Accept: application/json',
    url.href,
  ];
}

export const MACOS_CURL = '/usr/bin/curl';
export const MACOS_CURL_ENV = { CURL_SSL_BACKEND: 'secure-transport' } as const;

async function probeWithCurl(context: CheckContext, cert: StoredCertificate, url: URL, signal: AbortSignal): Promise<LoginProbe> {
  const tool = 'curl';
  let args: string[];
  try {
    args = macosCurlArgs(url, cert.subjectCommonName ?? '');
  } catch (err) {
    return { kind: 'no-answer', tool, reason: errorText(err), cannotTest: true, notes: {} };
  }
  let result;
  try {
    result = await context.runner(MACOS_CURL, args, {
      timeoutMs: LOGIN_TOOL_TIMEOUT_MS,
      env: { ...process.env, ...MACOS_CURL_ENV },
      signal,
    });
  } catch (err) {
    return noAnswerFromProcessError(tool, err, '/usr/bin/curl is part of macOS.');
  }
  const answer = parseHttpResponse(result.stdout);
  if (answer) return { kind: 'answer', tool, answer, notes: { exitCode: result.exitCode } };
  const stderr = result.stderr.trim();
  // A curl without Secure Transport cannot use the keychain: we could not test, nothing refused.
  const cannotTest = /backend|not built|could not load|unable to (?:load|use) client cert|can't find the certificate/i.test(stderr);
  return {
    kind: 'no-answer',
    tool,
    reason: stderr.split(/\r?\n/)[0] ?? `exit ${result.exitCode}`,
    cannotTest,
    notes: { exitCode: result.exitCode },
  };
}

function noAnswerFromProcessError(tool: string, err: unknown, installAdvice: string): LoginProbe {
  if (err instanceof ProcessError && err.kind === 'timeout') {
    return { kind: 'no-answer', tool, reason: `no answer within ${LOGIN_TOOL_TIMEOUT_MS / 1000} s`, tlsError: 'TIMEOUT', notes: {} };
  }
  if (err instanceof ProcessError && err.kind === 'not-found') {
    return { kind: 'no-answer', tool, reason: `${tool} is not installed (${installAdvice})`, cannotTest: true, notes: {} };
  }
  return { kind: 'no-answer', tool, reason: errorText(err), cannotTest: true, notes: {} };
}

// ---------------------------------------------------------------------------------------------
// Judging the answer

interface Expected {
  readonly loginId: string | undefined;
  readonly cert: StoredCertificate;
  /** The situation model's next actions, for the refusals it explains (revoked, expired). */
  readonly actions?: readonly NextAction[] | undefined;
}

const m = checkMessages('client-cert-login');

const enroll = (loginId: string | undefined): NextAction => (loginId ? { kind: 'enroll', loginId } : { kind: 'enroll' });

/**
 * The system's refusals this check can explain, and what to do about each. For a revoked or an
 * expired certificate the situation model's actions are used when given (they know the actor).
 */
const REFUSALS: Readonly<
  Record<string, { readonly name: string; readonly situational: boolean; readonly actions: (loginId: string | undefined) => NextAction[] }>
> = {
  [PROBLEM_CODES.CERT_REVOKED]: {
    name: 'revoked',
    situational: true,
    actions: (loginId) => [{ kind: 'contact', actor: 'master', reason: 'revoked' }, enroll(loginId)],
  },
  [PROBLEM_CODES.CERT_EXPIRED]: { name: 'expired', situational: true, actions: (loginId) => [enroll(loginId)] },
  [PROBLEM_CODES.UNKNOWN_CERT]: {
    name: 'unknownCert',
    situational: false,
    actions: () => [
      { kind: 'fix', checkId: 'duplicates' },
      { kind: 'faq', faq: 'Q17' },
    ],
  },
  [PROBLEM_CODES.NO_CLIENT_CERT]: { name: 'noClientCert', situational: false, actions: () => [{ kind: 'faq', faq: 'Q22' }] },
};

/** Turns a probe into the check's result. Pure: the unit tests feed it recorded and constructed answers. */
export function judgeLogin(probe: LoginProbe, expected: Expected, loginUrl: string): CheckResult {
  const base: Record<string, Evidence> = {
    tool: probe.tool,
    loginUrl,
    certificateSerial: expected.cert.serialNumber,
    subject: personal(expected.cert.subject),
    ...probe.notes,
  };
  if (probe.kind === 'no-answer') {
    if (probe.cannotTest) {
      return {
        status: 'error',
        summary: m.summary('cannotTest'),
        evidence: { ...base, reason: probe.reason },
        advice: m.advice('cannotTest'),
        codes: ['LOGIN-TEST-UNAVAILABLE'],
      };
    }
    return {
      status: 'fail',
      summary: m.summary('handshakeFailed'),
      evidence: { ...base, reason: probe.reason, tlsError: probe.tlsError ?? null },
      advice: m.advice('handshakeFailed'),
      codes: ['LOGIN-HANDSHAKE-FAILED', ...(probe.tlsError ? [probe.tlsError] : [])],
      actions: [{ kind: 'diagnose' }],
    };
  }
  const { answer } = probe;
  const body = parseLoginBody(answer.body);
  const evidence: Record<string, Evidence> = { ...base, httpStatus: answer.statusCode };
  if (answer.statusCode === 200 && body.loginId) {
    const expectedLoginId = expected.loginId ?? expected.cert.subjectCommonName;
    const as = personal(body.loginId);
    const result = { ...evidence, loginId: as, serialNumber: body.serialNumber ?? null, notAfter: body.notAfter ?? null };
    if (expectedLoginId !== undefined && body.loginId !== expectedLoginId) {
      const params = { loginId: as, expectedLoginId: personal(expectedLoginId) };
      return {
        status: 'fail',
        summary: m.summary('otherUser', params),
        evidence: { ...result, expectedLoginId: personal(expectedLoginId) },
        advice: m.advice('otherUser', params),
        codes: ['CERT-OTHER-USER'],
        actions: [{ kind: 'enroll', loginId: expectedLoginId }],
      };
    }
    return { status: 'pass', summary: m.summary('loggedIn', { loginId: as }), evidence: result };
  }
  if (body.code) {
    const known = REFUSALS[body.code];
    const owner = expected.loginId ?? expected.cert.subjectCommonName;
    const fromSituation = known?.situational && expected.actions?.length ? expected.actions : undefined;
    const actions: readonly NextAction[] = known
      ? (fromSituation ?? known.actions(owner))
      : [{ kind: 'contact', actor: 'bank', reason: 'login-refused' }];
    const refused: MessageSpec = known ? m.summary(known.name) : m.summary('refused', { code: body.code });
    return {
      status: 'fail',
      summary: refused,
      evidence: { ...evidence, code: body.code, detail: body.detail ?? null },
      advice: known ? m.advice(known.name) : m.advice('refused', { code: body.code }),
      codes: [body.code],
      actions: [...actions],
    };
  }
  return {
    status: 'fail',
    summary: m.summary('unexpected', { status: answer.statusCode }),
    evidence: { ...evidence, contentType: answer.headers['content-type'] ?? null },
    advice: m.advice('unexpected'),
    codes: ['LOGIN-UNEXPECTED-ANSWER'],
    actions: [{ kind: 'contact', actor: 'bank', reason: 'login-answer' }],
  };
}

// ---------------------------------------------------------------------------------------------

export const clientCertLoginCheck = defineCheck({
  id: 'client-cert-login',
  group: 'certificate',
  faq: ['Q19', 'Q21'],
  platforms: 'all',
  dependsOn: ['certificate-present', 'private-key'],
  timeoutMs: LOGIN_TOOL_TIMEOUT_MS + 3_000,
  async run(context, signal) {
    let url: URL;
    try {
      url = new URL(context.settings.loginUrl);
    } catch {
      url = new URL('invalid:');
    }
    if (url.protocol !== 'https:') {
      return {
        status: 'fail',
        summary: m.summary('notHttps'),
        evidence: { loginUrl: context.settings.loginUrl },
        advice: m.advice('notHttps'),
        codes: ['LOGIN-URL-NOT-HTTPS'],
        actions: [{ kind: 'contact', actor: 'it', reason: 'address' }],
      };
    }
    // The certificate the browser should pick: usable, with its key, the latest.
    const facts = await certificateFacts(context);
    const cert = (facts.ranked.find((a) => a.cert.hasPrivateKey) ?? facts.ranked[0])?.cert;
    if (!cert) return { status: 'not-applicable', summary: m.summary('none'), evidence: { count: 0 } };
    // A login page that did not answer the run's probe would only be waited out again (12 s).
    const answer = await originAnswer(context, 'login', signal);
    if (isNoAnswer(answer)) return skippedForNoAnswer(answer);
    const expected = { loginId: context.loginId, cert, actions: situationActions(facts.situation) };
    if (context.loginProbe) {
      return judgeLogin(await context.loginProbe({ url, certificate: cert, loginId: context.loginId, signal }), expected, url.href);
    }
    switch (context.platform) {
      case 'linux':
        return judgeLogin(await probeWithTstclnt(context, cert, url, signal), expected, url.href);
      case 'win32':
        return judgeLogin(await probeWithPowerShell(context, cert, url, signal), expected, url.href);
      case 'darwin':
        return judgeLogin(await probeWithCurl(context, cert, url, signal), expected, url.href);
      default:
        return {
          status: 'not-applicable',
          summary: { key: 'diagnostics:engine.notApplicable', params: { platform: context.platform } },
          evidence: { platform: context.platform },
        };
    }
  },
});
