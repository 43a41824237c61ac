// What the three backends share: running a store tool with failures mapped to StoreError, and
// turning DER into a StoredCertificate so every backend reports the same facts the same way
// (dates, serial and thumbprint from the certificate itself, never from a tool's localized text).
import { ProcessError, type ProcessRunner, type RunOptions, type RunResult } from '../platform/process-runner';
import { fromPemAll, readCertificate, type CertificateInfo } from '../pki';
import { StoreError, type StoreKind, type StoredCertificate } from './certificate-store';

export interface ToolCall {
  readonly runner: ProcessRunner;
  readonly command: string;
  readonly args: readonly string[];
  readonly options?: RunOptions;
  /** Shown when the tool is not installed, e.g. which package provides it. */
  readonly advice: string;
  /** Exit codes that are answers rather than failures (e.g. "nothing found"). */
  readonly acceptExit?: (result: RunResult) => boolean;
}

const MAX_DETAIL = 2000;

/** Keeps error details readable: a PowerShell -EncodedCommand argument is kilobytes of base64. */
export function describeCommand(command: string, args: readonly string[]): string {
  return [command, ...args].map((a) => (a.length > 120 ? `${a.slice(0, 40)}…(${a.length} chars)` : a)).join(' ');
}

export async function runTool(call: ToolCall): Promise<RunResult> {
  const command = describeCommand(call.command, call.args);
  let result: RunResult;
  try {
    result = await call.runner(call.command, call.args, call.options);
  } catch (e) {
    if (e instanceof ProcessError && e.kind === 'not-found') {
      throw new StoreError('STORE-TOOL-MISSING', `${call.command} is not installed or not on PATH`, { command, advice: call.advice });
    }
    const message = e instanceof Error ? e.message : String(e);
    throw new StoreError('STORE-COMMAND-FAILED', `${call.command} could not be run: ${message}`, { command });
  }
  if (result.exitCode !== 0 && !(call.acceptExit?.(result) ?? false)) {
    throw new StoreError('STORE-COMMAND-FAILED', `${call.command} failed with exit code ${result.exitCode}`, {
      command,
      exitCode: result.exitCode,
      output: `${result.stderr}\n${result.stdout}`.trim().slice(0, MAX_DETAIL),
    });
  }
  return result;
}

export function storedFromCertificate(store: StoreKind, handle: string, info: CertificateInfo, hasPrivateKey: boolean): StoredCertificate {
  return {
    store,
    handle,
    subject: info.subject,
    subjectCommonName: info.subjectCommonName,
    issuer: info.issuer,
    issuerCommonName: info.issuerCommonName,
    serialNumber: info.serialNumber,
    thumbprintSha1: info.thumbprintSha1,
    notBefore: info.notBefore,
    notAfter: info.notAfter,
    hasPrivateKey,
    der: info.der,
  };
}

/** Every CERTIFICATE block in a tool's output; a malformed block is a parse failure, not a skip. */
export function pemCertificates(text: string, command: string): CertificateInfo[] {
  try {
    return fromPemAll(text, 'CERTIFICATE').map((der) => readCertificate(der));
  } catch (cause) {
    throw new StoreError(
      'STORE-PARSE-FAILED',
      `${command} printed a certificate that cannot be read: ${cause instanceof Error ? cause.message : String(cause)}`,
      { command },
    );
  }
}

const THUMBPRINT = /^[0-9A-Fa-f]{40}$/;

/** A thumbprint goes into scripts and command lines: only 40 hex digits may pass. */
export function checkedThumbprint(thumbprint: string): string {
  if (!THUMBPRINT.test(thumbprint)) {
    throw new StoreError('STORE-PARSE-FAILED', 'a certificate thumbprint must be 40 hexadecimal digits');
  }
  return thumbprint.toUpperCase();
}

/** The CN value of a DN string such as `CN=山田 太郎, O=テスト株式会社` (for tools that print only text). */
export function commonNameOf(dn: string): string | undefined {
  const match = /(?:^|,)\s*CN=((?:\\.|"[^"]*"|[^,])*)/i.exec(dn);
  return match?.[1]?.trim().replace(/^"(.*)"$/, '$1');
}

export function verifyFailed(message: string, output?: string): StoreError {
  return new StoreError('STORE-VERIFY-FAILED', message, output === undefined ? {} : { output: output.slice(0, MAX_DETAIL) });
}
