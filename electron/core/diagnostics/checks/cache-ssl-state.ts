// FAQ Q17, Q18(7), Q19(4)(5), Q24(3): stale pages in the IE-mode cache and a remembered SSL
// state (the client certificate chosen earlier) make a good certificate look broken. The check
// measures this user's IE-mode cache (WinINet's Temporary Internet Files, per user) and warns
// when it holds files; its fix (`cjs-cert doctor --fix --only cache-ssl-state`, the app's fix
// button) clears the cache and the SSL state, and the engine re-verifies by measuring again. It
// only runs when the user asks for fixes: it deletes temporary Internet files of every site
// (cookies and passwords stay). The SSL state cannot be read back; its step's own result says
// whether it was emptied, and a failure is the fix's failure.
//
// The commands, and what each one does:
// 1. Temporary Internet files: `%SystemRoot%\System32\rundll32.exe InetCpl.cpl,ClearMyTracksByProcess 8`.
//    ClearMyTracksByProcess is the entry point behind Internet Options > General > Browsing
//    history > Delete; its argument is a bit mask (1 history, 2 cookies, 8 temporary Internet
//    files, 16 form data, 32 passwords, 255 all), as used in many admin scripts (e.g. find_string
//    ids 14538593332, 17123019382). 8 is exactly the FAQ's "インターネット一時ファイル" box, nothing
//    else: cookies and passwords stay. This is WinINet's cache, i.e. IE mode's; Edge's normal-mode
//    cache is Edge's own (Settings > Privacy > Clear browsing data, FAQ Q18(7)).
//    rundll32 reports no result (its exit code is 0 whatever the function did).
// 2. SSL state: the "SSL 状態のクリア" button (Internet Options > Content) empties the cache of SSL
//    sessions, including which client certificate was chosen for a site (security.stackexchange
//    q. 40179). No command-line tool exposes it. The documented API is schannel.dll's
//    SslEmptyCacheW(pszTargetName, dwFlags): "If the value of this parameter is NULL, all
//    entries are removed from the cache" (learn.microsoft.com, nf-schannel-sslemptycachea). We
//    call it from Windows PowerShell through Add-Type/P/Invoke with IntPtr.Zero (a `$null`
//    string would arrive as "" in PowerShell, not NULL). Calling it with rundll32 would be wrong:
//    rundll32 passes (HWND, HINSTANCE, LPSTR, int), not (LPWSTR, DWORD). That the button calls
//    exactly this API is our understanding, not documented; where Add-Type is blocked
//    (Constrained Language Mode, AppLocker), the result says so and the advice names the button.
// 3. Neither empties what a running browser keeps in memory (its chosen certificate, its SSL
//    sessions): that only ends when every browser window is closed (FAQ Q17), which is why the
//    advice always says so.
// Not used: `certutil -urlcache * delete` clears CryptoAPI's CRL/OCSP download cache, a
// different thing from the FAQ's cache or SSL state.
import { win32 } from 'node:path';
import type { ProcessRunner } from '../../platform/process-runner';
import { powershellArgs } from '../../stores/windows-store';
import { defineCheck, FixRefusedError, type CheckResult } from '../check';
import { checkMessages, type MessageSpec } from '../messages';
import { personal } from '../personal';

/** `ClearMyTracksByProcess` flag for temporary Internet files only. */
export const CLEAR_TEMPORARY_INTERNET_FILES = 8;

export interface ActionCommand {
  readonly command: string;
  readonly args: readonly string[];
}

function system32(env: NodeJS.ProcessEnv, ...parts: string[]): string {
  // Absolute paths: a same-named program in the current directory must not run instead.
  return win32.join(env.SystemRoot ?? env.SYSTEMROOT ?? 'C:\\Windows', 'System32', ...parts);
}

export function clearTemporaryInternetFilesCommand(env: NodeJS.ProcessEnv = process.env): ActionCommand {
  // rundll32 takes `dll,entry` as one argument and hands the rest of the line (" 8") to the entry.
  return { command: system32(env, 'rundll32.exe'), args: ['InetCpl.cpl,ClearMyTracksByProcess', String(CLEAR_TEMPORARY_INTERNET_FILES)] };
}

/** A constant script: nothing variable is spliced in. Exit 0 = emptied, 3 = the API said no. */
export const CLEAR_SSL_STATE_SCRIPT = [
  "$ErrorActionPreference = 'Stop'",
  'Add-Type -Namespace CjsCert -Name Schannel -MemberDefinition \'[DllImport("schannel.dll", CharSet = CharSet.Unicode)] public static extern bool SslEmptyCacheW(IntPtr pszTargetName, uint dwFlags);\'',
  'if ([CjsCert.Schannel]::SslEmptyCacheW([IntPtr]::Zero, 0)) { exit 0 } else { exit 3 }',
].join('\n');

export function clearSslStateCommand(env: NodeJS.ProcessEnv = process.env): ActionCommand {
  return { command: system32(env, 'WindowsPowerShell', 'v1.0', 'powershell.exe'), args: powershellArgs(CLEAR_SSL_STATE_SCRIPT) };
}

export interface ActionStep {
  readonly id: 'temporary-internet-files' | 'ssl-state';
  readonly ok: boolean;
  readonly exitCode: number | null;
  /** Why it did not work, for the report (no secrets: these commands carry none). */
  readonly error?: string;
}

export interface ClearResult {
  readonly ok: boolean;
  readonly steps: readonly ActionStep[];
  /** What the user must do now, whatever happened. */
  readonly advice: MessageSpec;
}

const m = checkMessages('cache-ssl-state');

/**
 * Clears the IE-mode temporary Internet files and the SSL state, one step after the other (the
 * second runs even if the first failed). Never throws for a failed step: the result says which
 * step failed, and the advice is the same either way.
 */
export async function clearCacheAndSslState(
  runner: ProcessRunner,
  signal?: AbortSignal,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ClearResult> {
  const steps: ActionStep[] = [];
  const run = async (id: ActionStep['id'], { command, args }: ActionCommand, timeoutMs: number) => {
    if (signal?.aborted) {
      steps.push({ id, ok: false, exitCode: null, error: 'cancelled' });
      return;
    }
    try {
      const result = await runner(command, args, { timeoutMs, encoding: 'utf8' });
      steps.push({
        id,
        ok: result.exitCode === 0,
        exitCode: result.exitCode,
        ...(result.exitCode === 0 ? {} : { error: (result.stderr.trim() || `exit code ${result.exitCode}`).slice(0, 500) }),
      });
    } catch (err) {
      steps.push({ id, ok: false, exitCode: null, error: err instanceof Error ? err.message : String(err) });
    }
  };
  await run('temporary-internet-files', clearTemporaryInternetFilesCommand(env), 120_000);
  // Add-Type compiles C#: allow for a slow first start of Windows PowerShell.
  await run('ssl-state', clearSslStateCommand(env), 60_000);
  const ok = steps.every((s) => s.ok);
  const sslFailed = steps.some((s) => s.id === 'ssl-state' && !s.ok);
  return { ok, steps, advice: sslFailed ? m.advice('sslManual') : m.advice('closeBrowsers') };
}

// ---------------------------------------------------------------------------------------------
// Measuring the cache (the check, and the re-verification after the fix)

/**
 * A constant script: the current user's WinINet cache folder and the files in it. The folder's
 * own bookkeeping files (desktop.ini, container.dat, index.dat) stay after a clear and are not
 * counted. One line of JSON: {"path":…,"files":N,"bytes":N}.
 */
export const CACHE_STATE_SCRIPT = [
  "$ErrorActionPreference = 'Stop'",
  '[Console]::OutputEncoding = [Text.Encoding]::UTF8',
  "$dir = [Environment]::GetFolderPath('InternetCache')",
  "$files = @(Get-ChildItem -LiteralPath $dir -Recurse -Force -File -ErrorAction SilentlyContinue | Where-Object { $_.Name -notin @('desktop.ini', 'container.dat', 'index.dat') })",
  '$bytes = [int64]($files | Measure-Object -Property Length -Sum).Sum',
  '[ordered]@{ path = $dir; files = $files.Count; bytes = $bytes } | ConvertTo-Json -Compress',
].join('\n');

export function cacheStateCommand(env: NodeJS.ProcessEnv = process.env): ActionCommand {
  return { command: system32(env, 'WindowsPowerShell', 'v1.0', 'powershell.exe'), args: powershellArgs(CACHE_STATE_SCRIPT) };
}

export interface CacheState {
  /** Under the user's profile (C:\Users\<name>\…): personal data. */
  readonly path: string;
  readonly files: number;
  readonly bytes: number;
}

/** The script's JSON line (PowerShell may add a BOM or blank lines); undefined when it is not there. */
export function parseCacheState(stdout: string): CacheState | undefined {
  const line = stdout
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.startsWith('{'))
    .pop();
  if (!line) return undefined;
  try {
    const value = JSON.parse(line) as Record<string, unknown>;
    const { path, files, bytes } = value;
    if (typeof path !== 'string' || typeof files !== 'number' || !Number.isInteger(files) || files < 0) return undefined;
    return { path, files, bytes: typeof bytes === 'number' && bytes >= 0 ? bytes : 0 };
  } catch {
    return undefined;
  }
}

/** Measuring takes a PowerShell start (seconds on a cold PC); clearing takes longer (the fix's budget). */
const MEASURE_TIMEOUT_MS = 15_000;
export const CACHE_CHECK_TIMEOUT_MS = 90_000;

function judgeCache(state: CacheState | undefined, evidence: CheckResult['evidence']): CheckResult {
  if (!state) {
    // Not measurable (PowerShell blocked or missing): the fix can still clear, so it is offered.
    return { status: 'warn', summary: m.summary('unknown'), evidence, advice: m.advice('unknown') };
  }
  const facts = { ...evidence, cachePath: personal(state.path), files: state.files, bytes: state.bytes };
  if (state.files === 0) return { status: 'pass', summary: m.summary('empty'), evidence: facts, advice: m.advice('closeBrowsers') };
  const megabytes = Math.round((state.bytes / 1_048_576) * 10) / 10;
  return { status: 'warn', summary: m.summary('cached', { files: state.files, megabytes }), evidence: facts, advice: m.advice('cached') };
}

export const cacheSslStateCheck = defineCheck({
  id: 'cache-ssl-state',
  group: 'windows',
  faq: ['Q17', 'Q18(7)', 'Q19(4)', 'Q19(5)', 'Q24(3)'],
  platforms: ['win32'],
  timeoutMs: CACHE_CHECK_TIMEOUT_MS,
  async run(context, signal) {
    const { command, args } = cacheStateCommand(process.env);
    const evidence = { sslStateMethod: 'schannel.dll SslEmptyCacheW(NULL, 0) via Windows PowerShell', platform: context.platform };
    try {
      const result = await context.runner(command, args, { timeoutMs: MEASURE_TIMEOUT_MS, encoding: 'utf8', signal });
      return judgeCache(result.exitCode === 0 ? parseCacheState(result.stdout) : undefined, {
        ...evidence,
        exitCode: result.exitCode,
      });
    } catch (err) {
      return judgeCache(undefined, { ...evidence, error: err instanceof Error ? err.message : String(err) });
    }
  },
  fix: {
    async apply(context, signal) {
      const result = await clearCacheAndSslState(context.runner, signal, process.env);
      // The re-check sees what is left in the cache; the SSL state it cannot see, so its failure is said here.
      const failed = result.steps.find((s) => !s.ok);
      if (failed?.id === 'ssl-state') throw new FixRefusedError(m.advice('sslManual'), 'WIN-SSL-STATE');
      if (failed) throw new FixRefusedError(m.advice('cacheManual'), 'WIN-CACHE');
    },
  },
});
