// cache-ssl-state: the check only reports that the action exists; clearCacheAndSslState runs it
// when the user asks. Tested on its command construction and with a recording fake runner.
import { describe, expect, it } from 'vitest';
import {
  cacheSslStateCheck,
  CLEAR_SSL_STATE_SCRIPT,
  clearCacheAndSslState,
  clearSslStateCommand,
  clearTemporaryInternetFilesCommand,
} from '../../../electron/core/diagnostics/checks/cache-ssl-state';
import { FakeRegistry, windowsCheckContext, withNoResults } from '../../fixtures/windows/fake-registry';

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
    expect(result.advice.ja).toContain('すべてのブラウザー');
    expect(result.advice.en).toContain('(FAQ Q17)');
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
    expect(result.advice.ja).toContain('[SSL 状態のクリア]');

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

describe('cache-ssl-state check', () => {
  it('passes without running anything, says how to clear, and is not an automatic fix', async () => {
    const registry = new FakeRegistry();
    const result = await cacheSslStateCheck.run(withNoResults(windowsCheckContext(registry)), new AbortController().signal);
    expect(registry.calls).toEqual([]);
    expect(result.status).toBe('pass');
    expect(result.evidence).toMatchObject({ action: 'clear-cache-and-ssl-state', automatic: false });
    expect(result.advice?.en).toBe('Close every browser window (including Edge in IE mode), then log in again (FAQ Q17).');
    expect(cacheSslStateCheck.fix).toBeUndefined();
    expect(cacheSslStateCheck.faq).toEqual(['Q17', 'Q18(7)', 'Q19(4)', 'Q19(5)', 'Q24(3)']);
  });
});
