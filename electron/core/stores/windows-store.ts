// Windows: Cert:\CurrentUser\My through Windows PowerShell and .NET, the store Chrome and Edge
// take client certificates from. certutil.exe is only a fallback *lister*: its import needs the
// PKCS#12 password on the command line (`-p`), where every local user can read it.
import { runProcess, type ProcessRunner } from '../platform/process-runner';
import { normaliseSerial, readCertificate } from '../pki';
import { StoreError, type CertificateStore, type InstallRequest, type PreCheckResult, type StoredCertificate } from './certificate-store';
import { checkedThumbprint, commonNameOf, runTool, storedFromCertificate, verifyFailed } from './store-support';

export interface WindowsCertStoreOptions {
  readonly runner?: ProcessRunner;
}

export const POWERSHELL = 'powershell.exe';
export const CERTUTIL = 'certutil.exe';
const LOCATION = 'Cert:\\CurrentUser\\My';
const ADVICE = 'Windows PowerShell (powershell.exe) must be available and allowed to run for the current user.';
const TIMEOUT_MS = 120_000;

// Scripts are constants: nothing variable or secret is ever spliced into them except a
// thumbprint that has been checked to be 40 hex digits. Data travels on stdin.
const PRELUDE = [
  "$ErrorActionPreference = 'Stop'",
  // Without this, output is in the OEM code page and Japanese subjects arrive as '?'.
  '[Console]::OutputEncoding = [Text.Encoding]::UTF8',
  // stdin is left in its default encoding on purpose: everything sent there is ASCII (base64 and
  // an ASCII password), and setting InputEncoding can throw when no console is attached.
];

/** stdin: line 1 the PKCS#12 as base64, line 2 its password, line 3 the friendly name as base64 UTF-8. */
export const INSTALL_SCRIPT = [
  ...PRELUDE,
  '$pfx = [Convert]::FromBase64String([Console]::In.ReadLine())',
  '$password = [Console]::In.ReadLine()',
  '$friendlyName = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String([Console]::In.ReadLine()))',
  // UserKeySet|PersistKeySet: the key goes to the user's profile and stays there. Never
  // Exportable (the key must not leave the machine) and never EphemeralKeySet (the browser could not use it).
  '$flags = [System.Security.Cryptography.X509Certificates.X509KeyStorageFlags]::UserKeySet -bor [System.Security.Cryptography.X509Certificates.X509KeyStorageFlags]::PersistKeySet',
  '$cert = New-Object System.Security.Cryptography.X509Certificates.X509Certificate2 -ArgumentList @($pfx, $password, $flags)',
  '$password = $null',
  'if ($friendlyName) { $cert.FriendlyName = $friendlyName }',
  "$store = New-Object System.Security.Cryptography.X509Certificates.X509Store('My', 'CurrentUser')",
  "$store.Open('ReadWrite')",
  'try { $store.Add($cert) } finally { $store.Close() }',
  'Write-Output $cert.Thumbprint',
].join('\n');

export const LIST_SCRIPT = [
  ...PRELUDE,
  "$items = @(Get-ChildItem -Path 'Cert:\\CurrentUser\\My' | ForEach-Object {",
  '  [pscustomobject]@{',
  '    Thumbprint = $_.Thumbprint',
  '    Subject = $_.Subject',
  '    Issuer = $_.Issuer',
  '    SerialNumber = $_.SerialNumber',
  '    FriendlyName = $_.FriendlyName',
  "    NotBefore = $_.NotBefore.ToUniversalTime().ToString('o')",
  "    NotAfter = $_.NotAfter.ToUniversalTime().ToString('o')",
  '    HasPrivateKey = $_.HasPrivateKey',
  '    RawData = [Convert]::ToBase64String($_.RawData)',
  '  }',
  '})',
  'ConvertTo-Json -InputObject @($items) -Depth 3 -Compress',
].join('\n');

export function removeScript(thumbprint: string): string {
  const path = `${LOCATION}\\${checkedThumbprint(thumbprint)}`;
  return [...PRELUDE, `if (Test-Path -LiteralPath '${path}') { Remove-Item -LiteralPath '${path}' -DeleteKey }`].join('\n');
}

/** The arguments for running `script`: -EncodedCommand is UTF-16LE base64, so no quoting issue. */
export function powershellArgs(script: string): string[] {
  return [
    '-NoProfile',
    '-NonInteractive',
    '-ExecutionPolicy',
    'Bypass',
    '-EncodedCommand',
    Buffer.from(script, 'utf16le').toString('base64'),
  ];
}

export function installStdin(request: Pick<InstallRequest, 'pkcs12' | 'password' | 'friendlyName'>): string {
  // ReadLine() would cut a password at a line break, and stdin's code page is not UTF-8: only
  // printable ASCII (randomPkcs12Password's alphabet) arrives intact.
  if (!/^[\x20-\x7e]*$/.test(request.password))
    throw new StoreError('STORE-COMMAND-FAILED', 'the PKCS#12 password must be printable ASCII');
  return `${request.pkcs12.toString('base64')}\n${request.password}\n${Buffer.from(request.friendlyName, 'utf8').toString('base64')}\n`;
}

/** One element of LIST_SCRIPT's JSON (constructed fixtures show both date styles). */
interface PsCertificate {
  readonly Thumbprint?: unknown;
  readonly Subject?: unknown;
  readonly Issuer?: unknown;
  readonly SerialNumber?: unknown;
  readonly NotBefore?: unknown;
  readonly NotAfter?: unknown;
  readonly HasPrivateKey?: unknown;
  readonly RawData?: unknown;
}

const MS_DATE = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/;

/**
 * A date as ConvertTo-Json writes it: the ISO string the script asks for, or Windows
 * PowerShell 5.1's `\/Date(ms)\/` (JSON.parse has already turned `\/` into `/`), possibly
 * wrapped in the `{ value, DisplayHint, DateTime }` object 5.1 makes of a bare DateTime.
 */
export function parsePsDate(value: unknown): Date | undefined {
  if (typeof value === 'object' && value !== null && 'value' in value) return parsePsDate(value.value);
  if (typeof value !== 'string') return undefined;
  const ms = MS_DATE.exec(value.trim());
  const date = ms?.[1] ? new Date(Number(ms[1])) : /^\d{4}-\d\d-\d\dT/.test(value) ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

/** Parses LIST_SCRIPT's output; tolerates a bare object (if `@()` was lost) and empty output. */
export function parsePowerShellList(stdout: string): StoredCertificate[] {
  const text = stdout.replace(/^\uFEFF/, '').trim();
  if (text === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new StoreError('STORE-PARSE-FAILED', 'PowerShell did not print the expected JSON', { output: text.slice(0, 500) });
  }
  const items: unknown[] = Array.isArray(parsed) ? parsed : [parsed];
  return items.map((item) => fromPsCertificate(item));
}

function fromPsCertificate(item: unknown): StoredCertificate {
  if (typeof item !== 'object' || item === null)
    throw new StoreError('STORE-PARSE-FAILED', 'PowerShell printed a JSON value that is not a certificate');
  const ps = item as PsCertificate;
  const hasPrivateKey = ps.HasPrivateKey === true;
  // The DER is the authority: its dates are exact UTC and its serial/thumbprint canonical.
  if (typeof ps.RawData === 'string' && ps.RawData !== '') {
    const info = readCertificate(Buffer.from(ps.RawData, 'base64'));
    return storedFromCertificate('windows', info.thumbprintSha1, info, hasPrivateKey);
  }
  return fromPsFields(ps, hasPrivateKey);
}

function fromPsFields(ps: PsCertificate, hasPrivateKey: boolean): StoredCertificate {
  const notBefore = parsePsDate(ps.NotBefore);
  const notAfter = parsePsDate(ps.NotAfter);
  if (typeof ps.Thumbprint !== 'string' || typeof ps.Subject !== 'string' || typeof ps.Issuer !== 'string' || !notBefore || !notAfter) {
    throw new StoreError('STORE-PARSE-FAILED', 'a certificate in the PowerShell listing lacks Thumbprint, Subject, Issuer or its dates');
  }
  const thumbprint = checkedThumbprint(ps.Thumbprint);
  return {
    store: 'windows',
    handle: thumbprint,
    subject: ps.Subject,
    subjectCommonName: commonNameOf(ps.Subject),
    issuer: ps.Issuer,
    issuerCommonName: commonNameOf(ps.Issuer),
    serialNumber: normaliseSerial(typeof ps.SerialNumber === 'string' ? ps.SerialNumber : ''),
    thumbprintSha1: thumbprint,
    notBefore,
    notAfter,
    hasPrivateKey,
  };
}

const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))? ?(AM|PM)?$/i;
const ISO_LIKE_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{2})(?::(\d{2}))? ?(AM|PM)?$/i;

/**
 * certutil prints NotBefore/NotAfter in the user's locale and local time, to the minute: good
 * enough for a fallback listing, never used when PowerShell gives the DER. en-US (`11/3/2024
 * 3:30 PM`) and the year-first style (`2021-01-06 4:00:51 PM`) are understood.
 */
export function parseCertutilDate(text: string): Date | undefined {
  const t = text.trim();
  const us = US_DATE.exec(t);
  const iso = us ? undefined : ISO_LIKE_DATE.exec(t);
  const m = us ?? iso;
  if (!m) return undefined;
  const [year, month, day] = us ? [m[3], m[1], m[2]] : [m[1], m[2], m[3]];
  let hour = Number(m[4]) % (m[7] ? 12 : 24);
  if (m[7]?.toUpperCase() === 'PM') hour += 12;
  return new Date(Number(year), Number(month) - 1, Number(day), hour, Number(m[5]), Number(m[6] ?? 0));
}

/**
 * Parses `certutil -user -store My` (English labels only: on other display languages the labels
 * are translated and this fails with STORE-PARSE-FAILED). Archived certificates are skipped, as
 * Get-ChildItem skips them. A key counts as present when certutil names a key container and does
 * not say "Missing stored keyset".
 */
export function parseCertutilStore(stdout: string): StoredCertificate[] {
  const blocks = stdout.split(/^=+ Certificate \d+ =+\s*$/m).slice(1);
  if (blocks.length === 0 && !/-store command completed successfully/.test(stdout)) {
    throw new StoreError('STORE-PARSE-FAILED', 'certutil -store printed no certificate blocks and no completion line', {
      output: stdout.slice(0, 500),
    });
  }
  return blocks.filter((b) => !/^Archived!\s*$/m.test(b)).map((b) => fromCertutilBlock(b));
}

function fromCertutilBlock(block: string): StoredCertificate {
  const field = (label: string): string | undefined => new RegExp(`^\\s*${label}:[ \\t]*(.*)$`, 'm').exec(block)?.[1]?.trim();
  const hash = field('Cert Hash\\(sha1\\)')?.replace(/\s/g, '');
  const subject = field('Subject');
  const issuer = field('Issuer');
  const notBefore = parseCertutilDate(field('NotBefore') ?? '');
  const notAfter = parseCertutilDate(field('NotAfter') ?? '');
  if (!hash || subject === undefined || issuer === undefined || !notBefore || !notAfter) {
    throw new StoreError('STORE-PARSE-FAILED', 'a certutil -store block lacks its hash, subject, issuer or dates', {
      output: block.slice(0, 500),
    });
  }
  const thumbprint = checkedThumbprint(hash);
  return {
    store: 'windows',
    handle: thumbprint,
    subject,
    subjectCommonName: commonNameOf(subject),
    issuer,
    issuerCommonName: commonNameOf(issuer),
    serialNumber: normaliseSerial(field('Serial Number') ?? ''),
    thumbprintSha1: thumbprint,
    notBefore,
    notAfter,
    hasPrivateKey: /^\s*Key Container =/m.test(block) && !/^Missing stored keyset\s*$/m.test(block),
  };
}

export class WindowsCertStore implements CertificateStore {
  readonly kind = 'windows' as const;
  readonly location = LOCATION;
  private readonly runner: ProcessRunner;

  constructor(options: WindowsCertStoreOptions = {}) {
    this.runner = options.runner ?? runProcess;
  }

  async preCheck(): Promise<PreCheckResult> {
    try {
      await this.powershell(LIST_SCRIPT);
      return { ok: true, location: LOCATION };
    } catch (e) {
      if (!(e instanceof StoreError)) throw e;
      return { ok: false, code: e.code, message: e.message, advice: e.details.advice ?? ADVICE };
    }
  }

  async install(request: InstallRequest): Promise<StoredCertificate> {
    await this.powershell(INSTALL_SCRIPT, installStdin(request));
    const thumbprint = request.certificate.thumbprintSha1;
    const found = parsePowerShellList((await this.powershell(LIST_SCRIPT)).stdout).find((c) => c.thumbprintSha1 === thumbprint);
    if (!found) throw verifyFailed(`the import reported success but ${thumbprint} is not in ${LOCATION}`);
    if (!found.hasPrivateKey) throw verifyFailed(`${thumbprint} is in ${LOCATION} without its private key`);
    return found;
  }

  /** PowerShell first; if it cannot run (blocked by policy, constrained language, missing), certutil's text. */
  async list(): Promise<StoredCertificate[]> {
    try {
      return parsePowerShellList((await this.powershell(LIST_SCRIPT)).stdout);
    } catch (e) {
      if (!(e instanceof StoreError)) throw e;
      const result = await runTool({
        runner: this.runner,
        command: CERTUTIL,
        args: ['-user', '-store', 'My'],
        options: { timeoutMs: TIMEOUT_MS },
        advice: ADVICE,
      });
      return parseCertutilStore(result.stdout);
    }
  }

  async remove(certificate: Pick<StoredCertificate, 'handle' | 'thumbprintSha1'>): Promise<void> {
    const script = removeScript(certificate.thumbprintSha1);
    await this.powershell(script);
    const thumbprint = certificate.thumbprintSha1.toUpperCase();
    if ((await this.list()).some((c) => c.thumbprintSha1 === thumbprint)) throw verifyFailed(`${thumbprint} is still in ${LOCATION}`);
  }

  private powershell(script: string, stdin?: string) {
    return runTool({
      runner: this.runner,
      command: POWERSHELL,
      args: powershellArgs(script),
      options: { timeoutMs: TIMEOUT_MS, encoding: 'utf8', ...(stdin === undefined ? {} : { stdin }) },
      advice: ADVICE,
    });
  }
}
