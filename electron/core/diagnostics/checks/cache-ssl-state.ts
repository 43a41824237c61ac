// FAQ Q17, Q18(7), Q19(4)(5), Q24(3): stale pages in the IE-mode cache and a remembered SSL
// state (the client certificate chosen earlier) make a good certificate look broken. Clearing
// both is an *action*, not a fix: it deletes the user's temporary Internet files for every site,
// so it only runs when the user asks (`clearCacheAndSslState`, for `cjs-cert doctor
// --clear-cache` and the app's button). The check itself only says the action is available and
// what to do afterwards; it runs nothing.
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
import { defineCheck, text, type LocalizedText } from '../check';

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
  readonly advice: LocalizedText;
}

export const CLOSE_BROWSERS = text(
  'すべてのブラウザー (Edge の IE モードを含む) のウィンドウをいったん閉じてから、もう一度ログインしてください (FAQ Q17)。',
  'Close every browser window (including Edge in IE mode), then log in again (FAQ Q17).',
);

const MANUAL_SSL = text(
  'SSL 状態を消去できなかった場合は、インターネット オプションの [コンテンツ] タブで [SSL 状態のクリア] を押してください (FAQ Q18(7))。',
  'If the SSL state could not be cleared, press "Clear SSL state" in Internet Options > Content (FAQ Q18(7)).',
);

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
  return {
    ok,
    steps,
    advice: sslFailed ? text(`${MANUAL_SSL.ja} ${CLOSE_BROWSERS.ja}`, `${MANUAL_SSL.en} ${CLOSE_BROWSERS.en}`) : CLOSE_BROWSERS,
  };
}

export const cacheSslStateCheck = defineCheck({
  id: 'cache-ssl-state',
  title: text('閲覧履歴 (キャッシュ) と SSL 状態', 'Browser cache and SSL state'),
  faq: ['Q17', 'Q18(7)', 'Q19(4)', 'Q19(5)', 'Q24(3)'],
  platforms: ['win32'],
  run(context) {
    const env = process.env;
    const tif = clearTemporaryInternetFilesCommand(env);
    return Promise.resolve({
      status: 'pass',
      summary: text(
        'IE モードのキャッシュと SSL 状態は `cjs-cert doctor --clear-cache` (アプリでは「キャッシュと SSL 状態のクリア」) で消去できます',
        'The IE-mode cache and SSL state can be cleared with `cjs-cert doctor --clear-cache` (in the app: "Clear cache and SSL state")',
      ),
      evidence: {
        action: 'clear-cache-and-ssl-state',
        automatic: false,
        temporaryInternetFilesCommand: `${tif.command} ${tif.args.join(' ')}`,
        sslStateMethod: 'schannel.dll SslEmptyCacheW(NULL, 0) via Windows PowerShell',
        platform: context.platform,
      },
      advice: CLOSE_BROWSERS,
    });
  },
});
