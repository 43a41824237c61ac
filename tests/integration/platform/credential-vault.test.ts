// The real OS credential vault: @napi-rs/keyring against gnome-keyring over D-Bus. `npm test`
// runs every test inside `dbus-run-session` with an unlocked gnome-keyring (scripts/test.sh).
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OsCredentialVault, VAULT_SERVICE } from '../../../electron/core/platform/credential-vault';
import { runTool } from '../../helpers/run-tool';

const HOW_TO_RUN =
  'The credential-vault tests need a D-Bus session with an unlocked Secret Service (gnome-keyring). Run them with `npm test`, or: ' +
  `dbus-run-session -- sh -c 'printf "test-keyring\\n" | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec npx vitest run tests/integration/platform'`;

const REPO = join(import.meta.dirname, '..', '..', '..');
const MODULE = join(REPO, 'electron', 'core', 'platform', 'credential-vault.ts');

beforeAll(() => {
  // Fail, never skip: a silently skipped vault test would hide that the journal's keys have
  // nowhere to go on this machine.
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) throw new Error(`DBUS_SESSION_BUS_ADDRESS is not set. ${HOW_TO_RUN}`);
});

// Unique accounts per run: the keyring may outlive the test run, and parallel runs must not meet.
const created: string[] = [];
function account(label: string): string {
  const name = `test:${label}:${randomUUID()}`;
  created.push(name);
  return name;
}

const vault = new OsCredentialVault();

afterEach(async () => {
  for (const name of created.splice(0)) await vault.delete(name);
});

describe('OsCredentialVault (gnome-keyring over D-Bus)', () => {
  it('stores, reads and deletes a binary secret', async () => {
    const name = account('roundtrip');
    // Every byte value, including NUL: the vault stores base64, so nothing is lost.
    const secret = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(32)]);
    await vault.set(name, secret);
    expect((await vault.get(name))?.equals(secret)).toBe(true);
    // A new instance, as the next start of the app would make.
    expect((await new OsCredentialVault().get(name))?.equals(secret)).toBe(true);
    await vault.delete(name);
    expect(await vault.get(name)).toBeUndefined();
  });

  it('replaces a secret on set', async () => {
    const name = account('replace');
    await vault.set(name, Buffer.from('first'));
    await vault.set(name, Buffer.from('second'));
    expect((await vault.get(name))?.toString()).toBe('second');
  });

  it('answers undefined for a missing account, and deleting it is not an error', async () => {
    const name = account('missing');
    expect(await vault.get(name)).toBeUndefined();
    await expect(vault.delete(name)).resolves.toBeUndefined();
  });

  it('keeps services apart', async () => {
    const name = account('service');
    const other = new OsCredentialVault({ service: `${VAULT_SERVICE}.other-test` });
    await vault.set(name, Buffer.from('ours'));
    expect(await other.get(name)).toBeUndefined();
  });

  it('refuses to store an empty secret', async () => {
    await expect(vault.set(account('empty'), Buffer.alloc(0))).rejects.toMatchObject({ code: 'VAULT-FAILED' });
  });
});

/** Runs the vault in a fresh node process (the library caches its D-Bus connection per process). */
async function probeInChild(
  env: NodeJS.ProcessEnv,
  wrapper: readonly string[] = [],
): Promise<Array<{ op: string; ok?: boolean; name?: string; code?: string; message?: string; advice?: string }>> {
  const script = `
    const { OsCredentialVault } = await import(${JSON.stringify(MODULE)});
    const vault = new OsCredentialVault({ timeoutMs: 20000 });
    const results = [];
    for (const [op, run] of [['get', () => vault.get('probe')], ['set', () => vault.set('probe', Buffer.from('x'))], ['delete', () => vault.delete('probe')]]) {
      try { await run(); results.push({ op, ok: true }); }
      catch (e) { results.push({ op, name: e.name, code: e.code, message: e.message, advice: e.advice }); }
    }
    console.log('RESULT ' + JSON.stringify(results));`;
  const node = [process.execPath, '--import', 'tsx', '--input-type=module', '-e', script];
  const [file, ...args] = [...wrapper, ...node] as [string, ...string[]];
  const result = await runTool(file, args, { cwd: REPO, env, timeoutMs: 60_000 });
  const line = result.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`the probe printed no result (code ${String(result.code)} ${result.failure ?? ''}): ${result.stderr}`);
  return JSON.parse(line.slice('RESULT '.length)) as Awaited<ReturnType<typeof probeInChild>>;
}

describe('OsCredentialVault without a usable vault', () => {
  it('reports VAULT-UNAVAILABLE, with advice, when the D-Bus session bus does not exist', async () => {
    const results = await probeInChild({ ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' });
    expect(results.map((r) => r.op)).toEqual(['get', 'set', 'delete']);
    for (const r of results) {
      expect(r).toMatchObject({ name: 'VaultError', code: 'VAULT-UNAVAILABLE' });
      expect(r.message).toMatch(/credential vault unavailable/i);
      expect(r.advice).toMatch(/gnome-keyring/);
      expect(r.advice).toMatch(/D-Bus/);
    }
  });

  it('reports VAULT-UNAVAILABLE when there is no session bus at all (no silent fallback to the kernel keyring)', async () => {
    const env = { ...process.env };
    delete env.DBUS_SESSION_BUS_ADDRESS;
    const results = await probeInChild(env);
    for (const r of results) expect(r).toMatchObject({ code: 'VAULT-UNAVAILABLE' });
  });

  it('reports VAULT-UNAVAILABLE when the keyring is locked (no one can answer the unlock prompt)', async () => {
    // A private bus with a keyring daemon that was never unlocked, on a throwaway keyring
    // directory: the login keyring cannot be created or unlocked without a prompt.
    const dataHome = await mkdtemp(join(tmpdir(), 'vault-locked-'));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, XDG_DATA_HOME: dataHome, DISPLAY: '', WAYLAND_DISPLAY: '' };
      delete env.DBUS_SESSION_BUS_ADDRESS;
      const results = await probeInChild(env, [
        'dbus-run-session',
        '--',
        'sh',
        '-c',
        'gnome-keyring-daemon --start --components=secrets >/dev/null 2>&1 </dev/null; exec "$@"',
        'sh',
      ]);
      const set = results.find((r) => r.op === 'set');
      expect(set).toMatchObject({ name: 'VaultError', code: 'VAULT-UNAVAILABLE' });
      expect(set?.advice).toMatch(/unlock/);
    } finally {
      await rm(dataHome, { recursive: true, force: true });
    }
  });
});
