// The registry port and the Windows checks against the real registry through the real reg.exe,
// on a real Windows (the CI workflow .github/workflows/windows.yml; skipped elsewhere). The unit
// tests pin reg.exe's command lines and parse recorded outputs; here reg.exe itself answers.
// Everything written goes under HKEY_CURRENT_USER and is removed afterwards.
import { randomUUID } from 'node:crypto';
import { release } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { EMBEDDED_DEFAULTS } from '../../electron/core/config';
import type { CheckContext } from '../../electron/core/diagnostics/check';
import { osUpdatesCheck } from '../../electron/core/diagnostics/checks/os-updates';
import { TRUSTED_SITE_KEY, trustedSitesCheck } from '../../electron/core/diagnostics/checks/trusted-sites';
import { CJS_SITE, KEYS } from '../../electron/core/diagnostics/checks/windows-support';
import { windowsTlsSettingsCheck } from '../../electron/core/diagnostics/checks/windows-tls-settings';
import { runProcess } from '../../electron/core/platform/process-runner';
import {
  readRegistryKey,
  regExePath,
  registryValue,
  RegistryError,
  writeRegistryDword,
} from '../../electron/core/platform/windows-registry';
import { WindowsCertStore } from '../../electron/core/stores/windows-store';

const onWindows = process.platform === 'win32';
const TEST_KEY = `HKCU\\Software\\cjs-cert-tests\\${randomUUID()}`;
const SITE_DOMAIN_KEY = `${KEYS.userDomains}\\${CJS_SITE.domain}`;
const cleanUp: string[] = [];

/** `reg.exe delete KEY /f`: the tests' own clean-up (the app itself never deletes keys). */
async function deleteKey(key: string): Promise<void> {
  await runProcess(regExePath(), ['delete', key, '/f'], { timeoutMs: 15_000 });
}

/** What the registry checks read from a context: the process runner and the platform. */
function windowsContext(): CheckContext {
  const unused = () => Promise.reject(new Error('not used by the Windows checks'));
  return {
    settings: EMBEDDED_DEFAULTS,
    platform: 'win32',
    now: () => new Date(),
    runner: runProcess,
    store: new WindowsCertStore(),
    proxy: () => Promise.resolve(undefined),
    trustedCaPem: [],
    shared: {
      issuerCas: unused,
      issuerReachable: unused,
      storeCertificates: unused,
      systemCertificates: unused,
      revokedSerials: unused,
      rememberedEnrollments: unused,
    },
    result: () => undefined,
  };
}

afterAll(async () => {
  for (const key of cleanUp) await deleteKey(key);
});

describe.skipIf(!onWindows)('the registry through reg.exe', () => {
  it('reads an existing key with its values, and tells a missing key by the exit code', async () => {
    const settings = await readRegistryKey(runProcess, KEYS.userInternetSettings);
    expect(settings.exists).toBe(true);
    expect(settings.values.length).toBeGreaterThan(0);
    const missing = await readRegistryKey(runProcess, `${TEST_KEY}\\never-created`);
    expect(missing).toMatchObject({ exists: false, values: [], subkeys: [] });
  });

  it('writes a DWORD under HKEY_CURRENT_USER and reads it back; refuses HKLM without running reg.exe', async () => {
    cleanUp.push(`HKCU\\Software\\cjs-cert-tests`);
    await writeRegistryDword(runProcess, TEST_KEY, 'SecureProtocols', 0xa80);
    const key = await readRegistryKey(runProcess, TEST_KEY);
    expect(registryValue(key, 'securepROTOCOLS')).toEqual({ name: 'SecureProtocols', type: 'REG_DWORD', data: 0xa80 });
    await expect(writeRegistryDword(runProcess, 'HKLM\\Software\\cjs-cert-tests', 'x', 1)).rejects.toBeInstanceOf(RegistryError);
  });

  it('reads a whole subtree with /s', async () => {
    await writeRegistryDword(runProcess, `${TEST_KEY}\\a.example\\www`, 'https', 2);
    const tree = await readRegistryKey(runProcess, TEST_KEY, { recursive: true });
    const www = tree.subkeys.find((k) => k.name === 'a.example')?.subkeys.find((k) => k.name === 'www');
    expect(registryValue(www ?? { values: [] }, 'https')).toMatchObject({ type: 'REG_DWORD', data: 2 });
  });
});

describe.skipIf(!onWindows)('the Windows checks on the real registry', () => {
  it('os-updates reads the build Windows itself reports', async () => {
    const result = await osUpdatesCheck.run(windowsContext(), new AbortController().signal);
    expect(result.evidence.currentBuild).toBe(Number(release().split('.')[2]));
  });

  it('windows-tls-settings reads Internet Options and judges them', async () => {
    const result = await windowsTlsSettingsCheck.run(windowsContext(), new AbortController().signal);
    expect(['pass', 'warn', 'fail']).toContain(result.status);
    expect(Object.keys(result.evidence).length).toBeGreaterThan(0);
  });

  it('trusted-sites: the fix registers https://www.cjs-rokin.jp as a trusted site, and the check then passes', async () => {
    const context = windowsContext();
    const existed = (await readRegistryKey(runProcess, SITE_DOMAIN_KEY)).exists;
    if (!existed) cleanUp.push(SITE_DOMAIN_KEY);
    const before = await trustedSitesCheck.run(context, new AbortController().signal);
    if (before.status === 'fail') {
      await trustedSitesCheck.fix!.apply(context, new AbortController().signal);
      const written = await readRegistryKey(runProcess, TRUSTED_SITE_KEY);
      expect(registryValue(written, 'https')).toMatchObject({ type: 'REG_DWORD', data: 2 });
    }
    const after = await trustedSitesCheck.run(context, new AbortController().signal);
    expect(['pass', 'warn'], JSON.stringify(after.evidence)).toContain(after.status);
  });
});
