// Which issuer a command talks to when the user names none: the one of the last successful
// enrollment, below everything the user or the administrator states explicitly.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readRememberedIssuer, rememberedIssuerPath } from '../../../cli/services';
import { EMBEDDED_DEFAULTS, issuerKey, resolveSettings } from '../../../electron/core/config';

const remembered = { issuerUrl: 'https://127.0.0.1:9443', trustFiles: ['/data/tls-ca.pem'] };

describe('resolveSettings with a remembered issuer', () => {
  it('without flag, environment or config file: the remembered issuer and its trust file', () => {
    expect(resolveSettings({}, {}, remembered)).toMatchObject(remembered);
  });

  it('nothing remembered: the embedded default', () => {
    expect(resolveSettings({}, {}, undefined)).toMatchObject({ issuerUrl: EMBEDDED_DEFAULTS.issuerUrl, trustFiles: [] });
  });

  it('--issuer, CJS_ISSUER_URL and the CJS_CONFIG file each win, and the remembered trust file does not follow them', async () => {
    expect(resolveSettings({}, { issuerUrl: 'https://bank.example.jp' }, remembered)).toMatchObject({
      issuerUrl: 'https://bank.example.jp',
      trustFiles: [],
    });
    expect(resolveSettings({ CJS_ISSUER_URL: 'https://env.example.jp' }, {}, remembered)).toMatchObject({
      issuerUrl: 'https://env.example.jp',
      trustFiles: [],
    });
    const dir = await mkdtemp(join(tmpdir(), 'cjs-config-'));
    try {
      await writeFile(join(dir, 'config.json'), JSON.stringify({ issuerUrl: 'https://config.example.jp' }));
      expect(resolveSettings({ CJS_CONFIG: join(dir, 'config.json') }, {}, remembered)).toMatchObject({
        issuerUrl: 'https://config.example.jp',
        trustFiles: [],
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the remembered issuer named again (any spelling): its trust file still applies; --trust replaces it', () => {
    expect(resolveSettings({}, { issuerUrl: 'https://127.0.0.1:9443/' }, remembered)).toMatchObject({ trustFiles: remembered.trustFiles });
    expect(resolveSettings({}, { trustFiles: ['/other.pem'] }, remembered)).toMatchObject({
      issuerUrl: remembered.issuerUrl,
      trustFiles: ['/other.pem'],
    });
  });
});

describe('resolveSettings: the issuing CA pin of the CJS_CONFIG file', () => {
  const PIN = 'AB'.repeat(32);
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cjs-config-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const config = async (content: object): Promise<NodeJS.ProcessEnv> => {
    await writeFile(join(dir, 'config.json'), JSON.stringify(content));
    return { CJS_CONFIG: join(dir, 'config.json') };
  };

  it('normalised (colons, lower case) and applied to the file’s own issuer, however spelled', async () => {
    const env = await config({ issuerUrl: 'https://est.example.jp', issuingCaSha256: PIN.match(/../g)!.join(':').toLowerCase() });
    expect(resolveSettings(env).issuingCaSha256).toBe(PIN);
    expect(resolveSettings(env, { issuerUrl: 'https://est.example.jp/.well-known/est/' }).issuingCaSha256).toBe(PIN);
  });

  it('not applied to another issuer chosen by --issuer or CJS_ISSUER_URL (that one is pinned on first contact)', async () => {
    const env = await config({ issuerUrl: 'https://est.example.jp', issuingCaSha256: PIN });
    expect(resolveSettings(env, { issuerUrl: 'https://127.0.0.1:8443' }).issuingCaSha256).toBeUndefined();
    expect(resolveSettings({ ...env, CJS_ISSUER_URL: 'https://other.example.jp' }).issuingCaSha256).toBeUndefined();
  });

  it.each([
    ['a placeholder text', 'REPLACE-ME'],
    ['a SHA-1 fingerprint', 'AB'.repeat(20)],
    ['a number', 42],
  ])('CONFIG-INVALID for %s: an unreadable pin must not leave the CA unpinned', async (_name, value) => {
    const env = await config({ issuerUrl: 'https://est.example.jp', issuingCaSha256: value });
    expect(() => resolveSettings(env)).toThrow(expect.objectContaining({ code: 'CONFIG-INVALID', actor: 'it' }));
  });
});

describe('issuerKey', () => {
  it('spells one issuer one way: trailing slash, EST path and host case do not matter', () => {
    const key = issuerKey('https://127.0.0.1:8443');
    for (const url of [
      'https://127.0.0.1:8443/',
      'https://127.0.0.1:8443//',
      'https://127.0.0.1:8443/.well-known/est',
      'https://127.0.0.1:8443/.well-known/est/',
    ]) {
      expect(issuerKey(url), url).toBe(key);
    }
    expect(issuerKey('https://EST.Example.jp/')).toBe(issuerKey('https://est.example.jp'));
    expect(issuerKey('https://127.0.0.1:8444')).not.toBe(key);
    expect(issuerKey('https://est.example.jp/tenant-a')).not.toBe(issuerKey('https://est.example.jp/tenant-b'));
  });
});

describe('readRememberedIssuer', () => {
  let home: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'cjs-remember-'));
    env = { XDG_STATE_HOME: join(home, 'state') };
  });
  afterEach(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it('lives next to the journal directory', () => {
    expect(rememberedIssuerPath(env)).toBe(join(home, 'state', 'cjs-cert', 'last-issuer.json'));
  });

  it('reads what an enrollment wrote; ignores a missing, torn or foreign file', async () => {
    expect(await readRememberedIssuer(env)).toBeUndefined();
    await mkdir(join(home, 'state', 'cjs-cert'), { recursive: true });
    const trustFile = join(home, 'tls-ca.pem');
    await writeFile(trustFile, 'PEM');
    await writeFile(rememberedIssuerPath(env), JSON.stringify({ issuerUrl: remembered.issuerUrl, trustFiles: [trustFile] }));
    expect(await readRememberedIssuer(env)).toEqual({ issuerUrl: remembered.issuerUrl, trustFiles: [trustFile] });
    // A trust file deleted since is dropped rather than failing every run on reading it.
    await rm(trustFile);
    expect(await readRememberedIssuer(env)).toEqual({ issuerUrl: remembered.issuerUrl, trustFiles: [] });
    await writeFile(rememberedIssuerPath(env), '{"issuerUrl": "https://127.0.0.1:94');
    expect(await readRememberedIssuer(env)).toBeUndefined();
    await writeFile(rememberedIssuerPath(env), JSON.stringify({ issuerUrl: 'https://x', trustFiles: [42] }));
    expect(await readRememberedIssuer(env)).toBeUndefined();
  });
});
