// cache-ssl-state: the check measures this user's IE-mode cache, its fix clears the cache and the
// SSL state, and the re-check measures again. Tested on the commands' construction and with a
// recording fake runner answering as the constructed outputs below.
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../../electron/core/diagnostics/report';
import { runChecks } from '../../../electron/core/diagnostics/engine';
import { Personal } from '../../../electron/core/diagnostics/personal';
import {
  CACHE_STATE_SCRIPT,
  cacheSslStateCheck,
  cacheStateCommand,
  CLEAR_SSL_STATE_SCRIPT,
  parseCacheState,
  clearCacheAndSslState,
  clearSslStateCommand,
  clearTemporaryInternetFilesCommand,
} from '../../../electron/core/diagnostics/checks/cache-ssl-state';
import { FakeRegistry, windowsCheckContext, withNoResults } from '../../fixtures/windows/fake-registry';
import { say } from './helpers/message-text';

const ENV = { SystemRoot: 'C:\\Windows' };

describe('cache-ssl-state commands', () => {
  it('temporary Internet files: rundll32 by absolute path, ClearMyTracksByProcess 8 and nothing else', () => {
    expect(clearTemporaryInternetFilesCommand(ENV)).toEqual({
      command: 'C:\\Windows\\System32\\rundll32.exe',
      args: ['InetCpl.cpl,ClearMyTracksByProcess', '8'],
    });
    expect(clearTemporaryInternetFilesCommand({ SystemRoot: 'D:\\WIN' }).command).toBe('D:\\WIN\\System32\\rundll32.exe');
  });

  it('SSL state: Windows PowerShell by absolute path, a constant encoded script calling SslEmptyCacheW(NULL, 0)', () => {
    const { command, args } = clearSslStateCommand(ENV);
    expect(command).toBe('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
    expect(args.slice(0, 5)).toEqual(['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand']);
    const script = Buffer.from(args[5]!, 'base64').toString('utf16le');
    expect(script).toBe(CLEAR_SSL_STATE_SCRIPT);
    expect(script).toContain(
      '[DllImport("schannel.dll", CharSet = CharSet.Unicode)] public static extern bool SslEmptyCacheW(IntPtr pszTargetName, uint dwFlags);',
    );
    // IntPtr.Zero, not $null: PowerShell would pass "" for a $null string, and "" is not "all entries".
    expect(script).toContain('SslEmptyCacheW([IntPtr]::Zero, 0)');
    expect(script).not.toContain('rundll32');
  });
});

describe('clearCacheAndSslState', () => {
  it('runs both steps in order and tells the user to close every browser window (Q17)', async () => {
    const registry = new FakeRegistry();
    const result = await clearCacheAndSslState(registry.runner, undefined, ENV);
    expect(registry.calls.map((c) => [c.command, c.args[0]])).toEqual([
      ['C:\\Windows\\System32\\rundll32.exe', 'InetCpl.cpl,ClearMyTracksByProcess'],
      ['C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', '-NoProfile'],
    ]);
    expect(result.ok).toBe(true);
    expect(result.steps).toEqual([
      { id: 'temporary-internet-files', ok: true, exitCode: 0 },
      { id: 'ssl-state', ok: true, exitCode: 0 },
    ]);
    expect(say(result.advice, 'ja')).toContain('すべてのブラウザー');
    expect(say(result.advice, 'en')).toContain('(FAQ Q17)');
  });

  it('reports a blocked PowerShell step and points to the Internet Options button; a missing program does not throw', async () => {
    const registry = new FakeRegistry();
    registry.otherwise = (command) => {
      if (command.endsWith('powershell.exe'))
        return { exitCode: 1, stdout: '', stderr: 'Cannot add type. Definition of new types is not supported in this language mode.' };
      return { exitCode: 0, stdout: '', stderr: '' };
    };
    const result = await clearCacheAndSslState(registry.runner, undefined, ENV);
    expect(result.ok).toBe(false);
    expect(result.steps[1]).toEqual({
      id: 'ssl-state',
      ok: false,
      exitCode: 1,
      error: 'Cannot add type. Definition of new types is not supported in this language mode.',
    });
    expect(say(result.advice, 'ja')).toContain('[SSL 状態のクリア]');

    const missing = await clearCacheAndSslState(
      () => Promise.reject(new Error('rundll32.exe is not installed or not on PATH')),
      undefined,
      ENV,
    );
    expect(missing.steps.map((s) => [s.id, s.ok, s.error])).toEqual([
      ['temporary-internet-files', false, 'rundll32.exe is not installed or not on PATH'],
      ['ssl-state', false, 'rundll32.exe is not installed or not on PATH'],
    ]);
  });

  it('runs nothing once cancelled', async () => {
    const registry = new FakeRegistry();
    const controller = new AbortController();
    controller.abort();
    const result = await clearCacheAndSslState(registry.runner, controller.signal, ENV);
    expect(registry.calls).toEqual([]);
    expect(result.steps.every((s) => s.error === 'cancelled')).toBe(true);
  });
});

/** Constructed from the script's output format: a clerk's IE-mode cache with 128 files, then emptied. */
const CACHE_PATH = 'C:\\Users\\yamada\\AppData\\Local\\Microsoft\\Windows\\INetCache';
const cacheAnswer = (files: number, bytes: number) =>
  `\uFEFF{"path":"${CACHE_PATH.replaceAll('\\', '\\\\')}","files":${files},"bytes":${bytes}}\r\n`;

/** A PC whose cache is emptied by rundll32 (and whose SSL step answers with `sslExit`). */
function windowsPc(options: { files: number; sslExit?: number }): FakeRegistry {
  const registry = new FakeRegistry();
  let files = options.files;
  registry.otherwise = (command, args) => {
    if (command.endsWith('rundll32.exe')) {
      files = 0;
      return { exitCode: 0, stdout: '', stderr: '' };
    }
    const script = Buffer.from(args[5] ?? '', 'base64').toString('utf16le');
    if (script === CACHE_STATE_SCRIPT) return { exitCode: 0, stdout: cacheAnswer(files, files * 40_960), stderr: '' };
    if (script === CLEAR_SSL_STATE_SCRIPT) return { exitCode: options.sslExit ?? 0, stdout: '', stderr: '' };
    return { exitCode: 1, stdout: '', stderr: 'unexpected command' };
  };
  return registry;
}

describe('parseCacheState', () => {
  it('reads the one JSON line (BOM and blank lines around it), and nothing else', () => {
    expect(parseCacheState(`\r\n${cacheAnswer(3, 1024)}\r\n`)).toEqual({ path: CACHE_PATH, files: 3, bytes: 1024 });
    expect(parseCacheState('')).toBeUndefined();
    expect(parseCacheState('Add-Type : Cannot add type.')).toBeUndefined();
    expect(parseCacheState('{"path":"x","files":-1}')).toBeUndefined();
  });

  it('the measurement is a constant script for the current user: WinINet cache folder, bookkeeping files not counted', () => {
    const { command, args } = cacheStateCommand(ENV);
    expect(command).toBe('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
    expect(Buffer.from(args[5]!, 'base64').toString('utf16le')).toBe(CACHE_STATE_SCRIPT);
    expect(CACHE_STATE_SCRIPT).toContain("[Environment]::GetFolderPath('InternetCache')");
    expect(CACHE_STATE_SCRIPT).toContain("'desktop.ini', 'container.dat', 'index.dat'");
  });
});

describe('cache-ssl-state check and its fix', () => {
  it('an empty cache passes; a cache with files warns, offers the fix, and marks the path (user name) personal', async () => {
    const empty = await cacheSslStateCheck.run(withNoResults(windowsCheckContext(windowsPc({ files: 0 }))), new AbortController().signal);
    expect(empty.status).toBe('pass');
    const full = await cacheSslStateCheck.run(withNoResults(windowsCheckContext(windowsPc({ files: 128 }))), new AbortController().signal);
    expect(full).toMatchObject({ status: 'warn', evidence: { files: 128, bytes: 128 * 40_960 } });
    expect(full.evidence.cachePath).toBeInstanceOf(Personal);
    expect(say(full.summary, 'ja')).toBe('IE モードのキャッシュにファイルが 128 個 (5 MB) 残っています');
    expect(say(full.advice, 'ja')).toContain('すべてのブラウザー');
    expect(cacheSslStateCheck.faq).toEqual(['Q17', 'Q18(7)', 'Q19(4)', 'Q19(5)', 'Q24(3)']);
    expect(cacheSslStateCheck.fix).toBeDefined();
  });

  it('through runChecks with fix: both steps run, the re-check measures an empty cache: fixed; the report offers `fix cache-ssl-state`', async () => {
    const registry = windowsPc({ files: 128 });
    const [before] = await runChecks([cacheSslStateCheck], windowsCheckContext(registry));
    const reported = buildReport([before!], { now: new Date(), platform: 'win32', issuerUrl: 'https://x', loginUrl: 'https://y/' });
    expect(reported.checks[0]!.actions).toEqual([{ kind: 'fix', checkId: 'cache-ssl-state' }]);

    const [fixed] = await runChecks([cacheSslStateCheck], windowsCheckContext(registry), { fix: true });
    expect(fixed).toMatchObject({ fix: { before: 'warn', applied: true }, result: { status: 'pass', evidence: { files: 0 } } });
    const commands = registry.calls.map((c) => c.command.split('\\').pop());
    expect(commands.slice(-4)).toEqual(['powershell.exe', 'rundll32.exe', 'powershell.exe', 'powershell.exe']);
  });

  it('an SSL step that fails (Add-Type blocked) is a failed fix with WIN-SSL-STATE and the Internet Options button', async () => {
    const [outcome] = await runChecks([cacheSslStateCheck], windowsCheckContext(windowsPc({ files: 5, sslExit: 1 })), { fix: true });
    expect(outcome!.fix).toMatchObject({ before: 'warn', applied: false, failure: { code: 'WIN-SSL-STATE' } });
    expect(say(outcome!.fix!.failure!.reason, 'ja')).toContain('[SSL 状態のクリア]');
    expect(say(outcome!.fix!.failure!.reason, 'en')).toContain('Clear SSL state');
  });

  it('a measurement that cannot run still offers the fix (warn), never an error', async () => {
    const registry = new FakeRegistry();
    registry.otherwise = () => ({ exitCode: 1, stdout: '', stderr: 'powershell.exe is blocked by AppLocker' });
    const result = await cacheSslStateCheck.run(withNoResults(windowsCheckContext(registry)), new AbortController().signal);
    expect(result.status).toBe('warn');
    expect(say(result.advice, 'ja')).toContain('[SSL 状態のクリア]');
  });
});
