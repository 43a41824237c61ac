// The registry port on real reg.exe captures (tests/fixtures/windows, see SOURCES-registry.md)
// and on constructed samples (labelled *.constructed.*), with a fake process runner.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ProcessRunner, RunOptions } from '../../../electron/core/platform/process-runner';
import { decodeConsoleBuffer } from '../../../electron/core/platform/console-output';
import {
  parseRegQueryOutput,
  readRegistryKey,
  regExePath,
  registryValue,
  RegistryError,
  writeRegistryDword,
  type RegistryKey,
} from '../../../electron/core/platform/windows-registry';

function fixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../../fixtures/windows/${name}`, import.meta.url)), 'utf8');
}

/** The fixtures keep the author's prompt lines (`$ reg query ...`, `PS C:\>`); reg.exe never prints them. */
function withoutPrompts(text: string): string {
  return text
    .split('\n')
    .filter((l) => !/^(\$ |PS [A-Z]:\\|[A-Z]:\\.*>)/.test(l))
    .join('\n');
}

interface Call {
  command: string;
  args: readonly string[];
  options: RunOptions | undefined;
}

/** A runner that answers like reg.exe: bytes in the given encoding, handed back as latin1 as the real runner does. */
function fakeReg(answer: { exitCode: number; stdout?: string | Buffer; stderr?: string | Buffer }, calls: Call[] = []): ProcessRunner {
  const bytes = (v: string | Buffer | undefined) => (Buffer.isBuffer(v) ? v : Buffer.from(v ?? '', 'utf8'));
  return (command, args, options) => {
    calls.push({ command, args, options });
    const encoding = options?.encoding ?? 'utf8';
    return Promise.resolve({
      exitCode: answer.exitCode,
      stdout: bytes(answer.stdout).toString(encoding),
      stderr: bytes(answer.stderr).toString(encoding),
    });
  };
}

const JA_NOT_FOUND = 'エラー: 指定されたレジストリ キーまたは値が見つかりませんでした';
// The same message as CP932 bytes (iconv -f UTF-8 -t CP932), as a default Japanese console prints it.
const JA_NOT_FOUND_CP932 = Buffer.from(
  '83478389815b3a208e7792e882b382ea82bd838c835783588367838a20834c815b82dc82bd82cd926c82aa8ca982c282a982e882dc82b982f182c582b582bd0d0a',
  'hex',
);

describe('parseRegQueryOutput on real captures', () => {
  it('reads Internet Settings (sample a): every type, and subkeys listed without /s', () => {
    const [key] = parseRegQueryOutput(fixture('reg-query-internet-settings.a.en.txt'));
    expect(key!.path).toBe('HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings');
    expect(key!.name).toBe('Internet Settings');
    expect(key!.values).toHaveLength(12);
    expect(registryValue(key!, 'SecureProtocols')).toEqual({ name: 'SecureProtocols', type: 'REG_DWORD', data: 0xa80 });
    expect(registryValue(key!, 'User Agent')).toEqual({
      name: 'User Agent',
      type: 'REG_SZ',
      data: 'Mozilla/4.0 (compatible; MSIE 8.0; Win32)',
    });
    expect(registryValue(key!, 'LockDatabase')).toEqual({ name: 'LockDatabase', type: 'REG_QWORD', data: 0x1d7a580448f2847n });
    const binary = registryValue(key!, 'ZonesSecurityUpgrade');
    expect(binary?.type).toBe('REG_BINARY');
    expect(binary?.data).toEqual(Buffer.from('2BFC14B35BF7D701', 'hex'));
    expect(registryValue(key!, 'proxyenable')?.data).toBe(0);
    expect(key!.subkeys.map((k) => k.name)).toEqual([
      '5.0',
      'Cache',
      'Connections',
      'Http Filters',
      'Lockdown_Zones',
      'P3P',
      'Passport',
      'TemplatePolicies',
      'Wpad',
      'ZoneMap',
      'Zones',
    ]);
    expect(key!.subkeys.every((k) => k.values.length === 0)).toBe(true);
  });

  it('reads sample b: the key as typed (SOFTWARE), the leading blank line, AutoConfigURL', () => {
    const [key] = parseRegQueryOutput(fixture('reg-query-internet-settings.b.en.txt'));
    expect(key!.path).toBe('HKEY_CURRENT_USER\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings');
    expect(registryValue(key!, 'AutoConfigURL')?.data).toBe('http://proxy.domain.com/file.pac');
    expect(registryValue(key!, 'SecureProtocols')?.data).toBe(0x800);
    expect(key!.subkeys).toEqual([]);
  });

  it('reads four keys of one PowerShell session, the value name as queried', () => {
    const keys = parseRegQueryOutput(withoutPrompts(fixture('reg-query-ie-main-start-page.en.txt')));
    expect(keys.map((k) => k.path.split('\\')[0])).toEqual(['HKEY_CURRENT_USER', 'HKEY_LOCAL_MACHINE', 'HKEY_LOCAL_MACHINE', 'HKEY_USERS']);
    for (const k of keys) expect(k.values).toEqual([{ name: 'start page', type: 'REG_SZ', data: 'https://hao.360.com' }]);
  });

  it('ignores the Japanese error lines: they are not keys or values', () => {
    const keys = parseRegQueryOutput(withoutPrompts(fixture('reg-query-not-found.ja.txt')));
    expect(keys).toHaveLength(1);
    expect(keys[0]!.values).toEqual([{ name: 'DetectionFrequency', type: 'REG_DWORD', data: 16 }]);
  });
});

describe('parseRegQueryOutput on constructed samples', () => {
  it('builds the ZoneMap\\Domains tree from /s output (constructed)', () => {
    const [root] = parseRegQueryOutput(fixture('reg-query-zonemap-domains-s.constructed.en.txt'));
    expect(root!.name).toBe('Domains');
    expect(root!.values).toEqual([]);
    const byName = (k: RegistryKey, n: string) => k.subkeys.find((s) => s.name === n);
    const cjs = byName(root!, 'cjs-rokin.jp')!;
    expect(cjs.values).toEqual([]);
    expect(cjs.subkeys.map((s) => s.name)).toEqual(['www']);
    expect(byName(cjs, 'www')!.values).toEqual([{ name: 'https', type: 'REG_DWORD', data: 2 }]);
    // A domain typed with a stray space is its own key (FAQ Q25): kept verbatim.
    expect(byName(root!, 'cjs-rokin.jp ')!.subkeys[0]!.path.endsWith('cjs-rokin.jp \\www')).toBe(true);
    expect(byName(root!, 'example.co.jp')!.values).toEqual([{ name: '*', type: 'REG_DWORD', data: 4 }]);
  });

  it('reads (既定) with empty data, REG_MULTI_SZ separators and REG_EXPAND_SZ unexpanded (constructed)', () => {
    const [key] = parseRegQueryOutput(fixture('reg-query-internet-settings-proxy.constructed.ja.txt'));
    expect(registryValue(key!, '')).toEqual({ name: '', type: 'REG_SZ', data: '' });
    expect(registryValue(key!, 'ExcludedHosts')?.data).toEqual(['a.example', 'b.example']);
    expect(registryValue(key!, 'CachePath')).toEqual({
      name: 'CachePath',
      type: 'REG_EXPAND_SZ',
      data: '%USERPROFILE%\\AppData\\Local\\Microsoft\\Windows\\INetCache',
    });
    expect(registryValue(key!, 'ProxyServer')?.data).toBe(
      'http=proxy.example.co.jp:8080;https=secure-proxy.example.co.jp:8443;ftp=proxy.example.co.jp:2121',
    );
    expect(key!.subkeys.map((s) => s.name)).toEqual(['Connections']);
  });

  it('accepts CRLF line ends and (Default)', () => {
    const [key] = parseRegQueryOutput(
      '\r\nHKEY_CURRENT_USER\\Software\\X\r\n    (Default)    REG_SZ    hello\r\n    Empty    REG_MULTI_SZ    \r\n\r\n',
    );
    expect(key!.values).toEqual([
      { name: '', type: 'REG_SZ', data: 'hello' },
      { name: 'Empty', type: 'REG_MULTI_SZ', data: [] },
    ]);
  });
});

describe('readRegistryKey', () => {
  const KEY = 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings';

  it('runs reg.exe by absolute path, no shell, args as an array, raw bytes', async () => {
    const calls: Call[] = [];
    const result = await readRegistryKey(fakeReg({ exitCode: 0, stdout: fixture('reg-query-internet-settings.a.en.txt') }, calls), KEY, {
      recursive: true,
    });
    expect(result.exists).toBe(true);
    expect(calls[0]!.command.toLowerCase()).toMatch(/\\system32\\reg\.exe$/);
    expect(calls[0]!.args).toEqual(['query', KEY, '/s']);
    expect(calls[0]!.options?.encoding).toBe('latin1');
    expect(regExePath({ SystemRoot: 'D:\\Win' })).toBe('D:\\Win\\System32\\reg.exe');
  });

  it('decides "not found" on exit code 1, with the real Japanese message (no final 。) in UTF-8 or CP932', async () => {
    const solr = fixture('reg-query-not-found.solr.ja.txt').split('\n')[1]!;
    expect(solr).toBe(JA_NOT_FOUND);
    for (const stderr of [`${solr}\r\n`, JA_NOT_FOUND_CP932]) {
      const result = await readRegistryKey(fakeReg({ exitCode: 1, stderr }), 'HKCU\\Software\\Nope');
      expect(result).toMatchObject({ exists: false, values: [], subkeys: [] });
    }
  });

  it('never decides on the text alone: the same message with exit code 0 and a key is a found key', async () => {
    const stdout = `\r\nHKEY_CURRENT_USER\\Software\\X\r\n    A    REG_DWORD    0x1\r\n\r\n${JA_NOT_FOUND}\r\n`;
    const result = await readRegistryKey(fakeReg({ exitCode: 0, stdout }), 'HKCU\\Software\\X');
    expect(result.exists).toBe(true);
    expect(result.values).toEqual([{ name: 'A', type: 'REG_DWORD', data: 1 }]);
  });

  it('reports access denied and other exit codes as RegistryError', async () => {
    await expect(readRegistryKey(fakeReg({ exitCode: 1, stderr: 'ERROR: Access is denied.\r\n' }), 'HKLM\\SAM\\SAM')).rejects.toMatchObject(
      { kind: 'access-denied' },
    );
    await expect(readRegistryKey(fakeReg({ exitCode: 2, stderr: 'ERROR: Invalid syntax.' }), KEY)).rejects.toMatchObject({
      kind: 'failed',
      exitCode: 2,
    });
    await expect(readRegistryKey(fakeReg({ exitCode: 0, stdout: '' }), KEY)).rejects.toMatchObject({ kind: 'bad-output' });
  });

  it('refuses paths that are not registry keys before running anything', async () => {
    const calls: Call[] = [];
    for (const bad of ['C:\\Windows', 'HKCU:\\Software', 'HKCU\\Software\\a"b', 'HKCU\\Software\\a\nb', 'HKCU\\Software\\']) {
      await expect(readRegistryKey(fakeReg({ exitCode: 0 }, calls), bad)).rejects.toBeInstanceOf(RegistryError);
    }
    expect(calls).toEqual([]);
  });
});

describe('decodeConsoleBuffer', () => {
  it('reads UTF-8, CP932 and UTF-16LE console output', () => {
    expect(decodeConsoleBuffer(Buffer.from(`${JA_NOT_FOUND}\r\n`, 'utf8'))).toBe(`${JA_NOT_FOUND}\r\n`);
    expect(decodeConsoleBuffer(JA_NOT_FOUND_CP932)).toBe(`${JA_NOT_FOUND}\r\n`);
    expect(decodeConsoleBuffer(Buffer.from('HKEY_CURRENT_USER\r\n', 'utf16le'))).toBe('HKEY_CURRENT_USER\r\n');
  });
});

describe('writeRegistryDword', () => {
  it('writes an HKCU DWORD with reg add ... /f and accepts exit code 0 (real Japanese success text)', async () => {
    const calls: Call[] = [];
    await writeRegistryDword(
      fakeReg({ exitCode: 0, stdout: fixture('reg-add-success.ja.txt').split('\n')[1]! }, calls),
      'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings',
      'SecureProtocols',
      0xa80,
    );
    expect(calls[0]!.args).toEqual([
      'add',
      'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings',
      '/v',
      'SecureProtocols',
      '/t',
      'REG_DWORD',
      '/d',
      '2688',
      '/f',
    ]);
  });

  it('refuses anything outside HKEY_CURRENT_USER, bad names and non-DWORD values, without running reg.exe', async () => {
    const calls: Call[] = [];
    const run = fakeReg({ exitCode: 0 }, calls);
    await expect(writeRegistryDword(run, 'HKLM\\Software\\Policies\\X', 'A', 1)).rejects.toMatchObject({ kind: 'refused' });
    await expect(writeRegistryDword(run, 'HKEY_USERS\\S-1-5-18\\Software', 'A', 1)).rejects.toMatchObject({ kind: 'refused' });
    await expect(writeRegistryDword(run, 'HKCU\\Software\\X', '', 1)).rejects.toMatchObject({ kind: 'refused' });
    await expect(writeRegistryDword(run, 'HKCU\\Software\\X', 'A', -1)).rejects.toMatchObject({ kind: 'refused' });
    await expect(writeRegistryDword(run, 'HKCU\\Software\\X', 'A', 2 ** 32)).rejects.toMatchObject({ kind: 'refused' });
    await expect(writeRegistryDword(run, 'HKCU\\Software\\X', 'A', 1.5)).rejects.toMatchObject({ kind: 'refused' });
    expect(calls).toEqual([]);
    await expect(
      writeRegistryDword(fakeReg({ exitCode: 1, stderr: 'エラー: アクセスが拒否されました。' }), 'HKEY_CURRENT_USER\\Software\\X', 'A', 1),
    ).rejects.toMatchObject({ kind: 'access-denied' });
  });

  it('refuses every Policies key under HKCU too (any case, any depth), without running reg.exe', async () => {
    const calls: Call[] = [];
    const run = fakeReg({ exitCode: 0 }, calls);
    for (const path of [
      'HKCU\\SOFTWARE\\Policies\\Microsoft\\Windows\\CurrentVersion\\Internet Settings',
      'HKEY_CURRENT_USER\\Software\\policies\\Microsoft\\Internet Explorer\\Main',
      'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer',
      'HKCU\\Software\\POLICIES',
    ]) {
      await expect(writeRegistryDword(run, path, 'SecureProtocols', 0xa80), path).rejects.toMatchObject({
        kind: 'refused',
        message: expect.stringContaining('policy') as string,
      });
    }
    expect(calls).toEqual([]);
    // A key merely containing the word is the user's own.
    await writeRegistryDword(run, 'HKCU\\Software\\PoliciesViewer', 'A', 1);
    expect(calls).toHaveLength(1);
  });
});
