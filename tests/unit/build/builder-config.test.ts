// The Windows installer's configuration, checked offline (a real package build needs downloads):
// electron-builder's own schema, the security decisions an auditor would look for in the
// configuration, and the production settings the packaged app starts with.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Configuration } from 'electron-builder';
import { describe, expect, it } from 'vitest';
import config, { ICON, PACKAGED_MAIN, PRODUCT_NAMES, PRODUCTION_CONFIG } from '../../../build/electron-builder.config';
import {
  configurationProblems,
  MUST_BE_PACKAGED,
  NEVER_PACKAGED,
  packagedByPatterns,
  packagedFuseProblems,
  productionSettingsProblems,
  schemaProblems,
  validateBuilderConfig,
} from '../../../scripts/validate-builder-config';

const ROOT = resolve(import.meta.dirname, '../../..');
const filePatterns = (config.files as unknown[]).filter((f): f is string => typeof f === 'string');
/** A well-formed issuing CA pin (its value does not matter to the validation). */
const PIN = '9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08';

describe('build/electron-builder.config.ts', () => {
  it('passes electron-builder’s schema and every project check, with the production settings', async () => {
    expect(await validateBuilderConfig()).toEqual([]);
  });

  it('flips the fuses: no Node mode, no NODE_OPTIONS, no inspector, encrypted cookies, only the verified archive', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    expect(config.asar).toBe(true);
    expect(config.disableAsarIntegrity).toBeUndefined();
  });

  it('builds a one-click, per-user NSIS installer in Japanese and English that never asks for elevation', () => {
    expect(config.win?.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.nsis).toMatchObject({ oneClick: true, perMachine: false, installerLanguages: ['ja_JP', 'en_US'], language: '1041' });
    expect(config.win?.requestedExecutionLevel).toBe('asInvoker');
    expect(config.productName).toBe(PRODUCT_NAMES.ja);
    expect(config.nsis?.uninstallDisplayName).toContain(PRODUCT_NAMES.en);
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z0-9-]+)+$/);
  });

  it('packages the built app and the keyring addon, never sources, tests, the issuer, other modules or keys', () => {
    for (const path of MUST_BE_PACKAGED) expect(packagedByPatterns(filePatterns, path), path).toBe(true);
    for (const path of NEVER_PACKAGED) expect(packagedByPatterns(filePatterns, path), path).toBe(false);
    for (const pattern of filePatterns.filter((p) => !p.startsWith('!'))) expect(pattern).toMatch(/^(dist|node_modules\/@napi-rs)\//);
  });

  it('starts the packaged app at its entry, with its icon and files present in the repository', () => {
    expect((config.extraMetadata as { main: string }).main).toBe(PACKAGED_MAIN);
    for (const file of [ICON, PRODUCTION_CONFIG, 'build/app/entry.js', 'build/app/package.json', 'build/cli/cjs-cert.cmd']) {
      expect(existsSync(resolve(ROOT, file)), file).toBe(true);
    }
  });

  it('points the packaged app at a configured https issuer and login page, never the local reference service', async () => {
    const settings = JSON.parse(await readFile(resolve(ROOT, PRODUCTION_CONFIG), 'utf8')) as Record<string, unknown>;
    for (const key of ['issuerUrl', 'loginUrl']) {
      const url = new URL(String(settings[key]));
      expect(url.protocol).toBe('https:');
      expect(url.hostname).not.toMatch(/^(localhost|127\.|\[?::1\]?$)/);
    }
    expect(settings.trustFiles).toEqual([]);
  });
});

describe('the offline validation fails where it should', () => {
  it('reports an option electron-builder does not know, as electron-builder itself would', async () => {
    const misspelt = { ...config, nsis: { ...config.nsis, oneClik: true } } as unknown as Configuration;
    const problems = await schemaProblems(misspelt);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('does not match the API schema');
    expect(problems[0]).toContain('configuration.nsis');
  });

  it('reports a fuse left on, a per-machine install, a missing language and files that take the sources', () => {
    const unsafe: Configuration = {
      ...config,
      electronFuses: { ...config.electronFuses, runAsNode: true, enableNodeOptionsEnvironmentVariable: true },
      nsis: { ...config.nsis, perMachine: true, installerLanguages: ['en_US'] },
      files: ['**/*'],
    };
    const problems = configurationProblems(unsafe).join('\n');
    expect(problems).toContain('fuse runAsNode must be false');
    expect(problems).toContain('fuse enableNodeOptionsEnvironmentVariable must be false');
    expect(problems).toContain('nsis.perMachine must be false');
    expect(problems).toContain('nsis.installerLanguages must include ja_JP');
    expect(problems).toContain('files would package electron/main/main.ts');
    expect(problems).toContain('files would package .issuer-data/ca-key.pem');
    expect(problems).toContain('files would package tests/');
  });

  it('reports a file set that would copy more of build/ than the named files', () => {
    const problems = configurationProblems({ ...config, extraResources: [{ from: 'build', to: 'x' }] });
    expect(problems.join('\n')).toContain('a file set may copy only named files of build/');
  });

  it.each([
    ['the local reference service', { issuerUrl: 'https://127.0.0.1:8443', loginUrl: 'https://www.cjs-rokin.jp/' }, 'issuerUrl must name'],
    ['localhost', { issuerUrl: 'https://est.cjs-rokin.jp', loginUrl: 'https://localhost:8444/' }, 'loginUrl must name'],
    ['an IPv6 loopback', { issuerUrl: 'https://[::1]:8443', loginUrl: 'https://www.cjs-rokin.jp/' }, 'issuerUrl must name'],
    ['plain http', { issuerUrl: 'http://est.cjs-rokin.jp', loginUrl: 'https://www.cjs-rokin.jp/' }, 'issuerUrl must be https'],
    ['no URL at all', { loginUrl: 'https://www.cjs-rokin.jp/' }, 'issuerUrl is not a URL'],
  ])('refuses production settings with %s', (_name, urls, problem) => {
    expect(productionSettingsProblems({ ...urls, trustFiles: [], issuingCaSha256: PIN }).join('\n')).toContain(problem);
  });

  it('refuses a trust file in the production settings (a path of the build machine)', () => {
    const settings = {
      issuerUrl: 'https://est.cjs-rokin.jp',
      loginUrl: 'https://www.cjs-rokin.jp/',
      trustFiles: ['/tmp/ca.pem'],
      issuingCaSha256: PIN,
    };
    expect(productionSettingsProblems(settings)).toEqual(['trustFiles must be [] (the OS trust store is used)']);
  });

  it.each([
    ['no issuing CA pin', undefined],
    ['a pin that is not a SHA-256 fingerprint', 'REPLACE-WITH-THE-BANK-CA'],
    ['a SHA-1 fingerprint', 'AB'.repeat(20)],
  ])('refuses production settings with %s', (_name, issuingCaSha256) => {
    const settings = { issuerUrl: 'https://est.cjs-rokin.jp', loginUrl: 'https://www.cjs-rokin.jp/', trustFiles: [], issuingCaSha256 };
    expect(productionSettingsProblems(settings).join('\n')).toContain('issuingCaSha256 must be the SHA-256 fingerprint');
  });

  it('accepts the pin as openssl prints it (colons, any case), and the repository’s placeholder', () => {
    const urls = { issuerUrl: 'https://est.cjs-rokin.jp', loginUrl: 'https://www.cjs-rokin.jp/', trustFiles: [] };
    expect(productionSettingsProblems({ ...urls, issuingCaSha256: PIN.match(/../g)!.join(':').toLowerCase() })).toEqual([]);
    expect(productionSettingsProblems({ ...urls, issuingCaSha256: '0'.repeat(64) })).toEqual([]);
  });
});

describe('the fuses of a built executable (--packaged, run by the Windows workflow)', () => {
  /** Electron's fuse wire as it sits in the binary: sentinel, version 1, length, one byte per fuse. */
  async function executableWithWire(wire: string): Promise<{ path: string; dispose(): Promise<void> }> {
    const dir = await mkdtemp(join(tmpdir(), 'fuse-wire-'));
    const path = join(dir, 'cjs-cert-assistant.exe');
    const filler = Buffer.alloc(512, 0x90);
    await writeFile(
      path,
      Buffer.concat([filler, Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), Buffer.from([1, wire.length]), Buffer.from(wire), filler]),
    );
    return { path, dispose: () => rm(dir, { recursive: true, force: true }) };
  }

  it('accepts the wire the configuration asks for', async () => {
    // RunAsNode off, cookies encrypted, NODE_OPTIONS off, inspect off, ASAR integrity on, only ASAR on, V8 snapshot as is, file:// privileges off.
    const exe = await executableWithWire('01001100');
    expect(await packagedFuseProblems(exe.path)).toEqual([]);
    await exe.dispose();
  });

  it('names every fuse an unflipped Electron still has in its default state', async () => {
    const exe = await executableWithWire('10110001'); // Electron's defaults
    const problems = await packagedFuseProblems(exe.path);
    await exe.dispose();
    expect(problems.map((p) => p.replace(/^.*: fuse /, ''))).toEqual([
      'runAsNode is on, must be off',
      'enableNodeOptionsEnvironmentVariable is on, must be off',
      'enableNodeCliInspectArguments is on, must be off',
      'enableCookieEncryption is off, must be on',
      'enableEmbeddedAsarIntegrityValidation is off, must be on',
      'onlyLoadAppFromAsar is off, must be on',
      'grantFileProtocolExtraPrivileges is on, must be off',
    ]);
  });

  it('says so when the file is no Electron executable', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fuse-wire-'));
    await writeFile(join(dir, 'app.exe'), 'MZ not electron');
    const problems = await packagedFuseProblems(join(dir, 'app.exe'));
    await rm(dir, { recursive: true, force: true });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('Could not find sentinel');
  });
});
