import { mkdtemp, readdir, readFile, rm, stat, writeFile, chmod, mkdir, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  defaultJournalDir,
  EnrollmentJournal,
  JournalError,
  newJournalId,
  type JournalEntry,
} from '../../../electron/core/enrollment/journal';
import { VaultError, type CredentialVault } from '../../../electron/core/platform/credential-vault';
import { createCsr, generateKeyPair, samePublicKey, toPem, type KeyAlgorithm, type KeyPair } from '../../../electron/core/pki';
import { MemoryCredentialVault } from '../../helpers/memory-vault';
import { issueTo, makeCa } from '../pki/pki-fixtures';

const ISSUER = 'https://127.0.0.1:8443';
const NOW = new Date('2025-06-01T09:00:00Z');
const LATER = new Date('2025-06-01T09:05:00Z');

let root: string;
let dir: string;
let vault: MemoryCredentialVault;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'journal-test-'));
  dir = join(root, 'state', 'cjs-cert', 'journal');
  vault = new MemoryCredentialVault();
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function journal(clock: () => Date = () => LATER, v: CredentialVault = vault): EnrollmentJournal {
  return new EnrollmentJournal({ dir, vault: v, clock });
}

async function makeEntry(
  options: { algorithm?: KeyAlgorithm; loginId?: string; id?: string } = {},
): Promise<{ entry: JournalEntry; pair: KeyPair }> {
  const pair = await generateKeyPair(options.algorithm ?? 'ecdsa-p256');
  const loginId = options.loginId ?? 'user01';
  const entry: JournalEntry = {
    id: options.id ?? newJournalId(),
    operation: 'enroll',
    issuerUrl: ISSUER,
    loginId,
    keyAlgorithm: pair.algorithm,
    privateKey: pair.privateKey,
    csrDer: await createCsr(pair, loginId),
    createdAt: NOW,
  };
  return { entry, pair };
}

const journalFile = (id: string): string => join(dir, `${id}.journal`);

async function expectUnreadable(j: EnrollmentJournal, id: string, reason: string): Promise<void> {
  const scan = await j.scan();
  expect(scan.pending).toEqual([]);
  expect(scan.unreadable).toHaveLength(1);
  expect(scan.unreadable[0]?.id).toBe(id);
  expect(scan.unreadable[0]?.reason).toBe(reason);
  expect(scan.unreadable[0]?.error).toBeInstanceOf(JournalError);
  expect(scan.unreadable[0]?.error.code).toBe('JOURNAL-UNREADABLE');
  // Deleted, with its key: nothing could ever decrypt it again.
  await expect(stat(journalFile(id))).rejects.toMatchObject({ code: 'ENOENT' });
  expect(vault.secrets.has(`journal:${id}`)).toBe(false);
  expect(await j.listPending()).toEqual([]);
}

describe('EnrollmentJournal round trip', () => {
  it.each(['rsa-2048', 'ecdsa-p256'] as const)('gives back a %s key with the same public key after a restart', async (algorithm) => {
    const { entry, pair } = await makeEntry({ algorithm });
    await journal().begin(entry);

    // A new instance: what the next start of the app sees.
    const pending = await journal().listPending();
    expect(pending).toHaveLength(1);
    const p = pending[0]!;
    expect(samePublicKey(p.privateKey, pair.publicKey)).toBe(true);
    expect(p.privateKey.type).toBe('private');
    expect(p).toMatchObject({
      id: entry.id,
      operation: 'enroll',
      issuerUrl: ISSUER,
      loginId: 'user01',
      keyAlgorithm: algorithm,
      createdAt: NOW,
    });
    expect(p.csrDer.equals(entry.csrDer)).toBe(true);
    expect(p.certificateDer).toBeUndefined();
  });

  it('persists the certificate recorded by recordIssued, stamped by the clock', async () => {
    const { entry, pair } = await makeEntry();
    const ca = await makeCa();
    const cert = await issueTo(ca, pair);
    await journal().begin(entry);
    const returned = await journal().recordIssued(entry.id, cert.der);
    expect(returned.certificateDer?.equals(cert.der)).toBe(true);

    const [p] = await journal().listPending();
    expect(p?.certificateDer?.equals(cert.der)).toBe(true);
    expect(p?.issuedAt).toEqual(LATER);
    expect(samePublicKey(p!.privateKey, pair.publicKey)).toBe(true);
  });

  it('refuses a certificate for another key, and keeps the journal as it was', async () => {
    const { entry } = await makeEntry();
    const other = await generateKeyPair('ecdsa-p256');
    const cert = await issueTo(await makeCa(), other);
    await journal().begin(entry);
    await expect(journal().recordIssued(entry.id, cert.der)).rejects.toMatchObject({ code: 'JOURNAL-INVALID' });
    await expect(journal().recordIssued(entry.id, Buffer.from('not a certificate'))).rejects.toMatchObject({ code: 'JOURNAL-INVALID' });
    const [p] = await journal().listPending();
    expect(p?.certificateDer).toBeUndefined();
  });

  it('get() returns one entry, and JOURNAL-NOT-FOUND for an unknown id', async () => {
    const { entry } = await makeEntry();
    await journal().begin(entry);
    expect((await journal().get(entry.id)).loginId).toBe('user01');
    await expect(journal().get('nope')).rejects.toMatchObject({ code: 'JOURNAL-NOT-FOUND' });
    await expect(journal().recordIssued('nope', Buffer.alloc(1))).rejects.toMatchObject({ code: 'JOURNAL-UNREADABLE' });
  });

  it('keeps one random 256-bit key per entry in the vault under journal:<id>', async () => {
    const a = await makeEntry({ loginId: 'user01' });
    const b = await makeEntry({ loginId: 'user02' });
    await journal().begin(a.entry);
    await journal().begin(b.entry);
    const ka = vault.secrets.get(`journal:${a.entry.id}`);
    const kb = vault.secrets.get(`journal:${b.entry.id}`);
    expect(ka?.length).toBe(32);
    expect(kb?.length).toBe(32);
    expect(ka?.equals(kb!)).toBe(false);
    expect((await journal().listPending()).map((p) => p.loginId).sort()).toEqual(['user01', 'user02']);
  });
});

describe('EnrollmentJournal never writes the key in clear', () => {
  it.each(['rsa-2048', 'ecdsa-p256'] as const)(
    'the %s journal file holds neither the DER, the base64 nor the PEM of the key',
    async (algorithm) => {
      const { entry, pair } = await makeEntry({ algorithm });
      await journal().begin(entry);
      await journal().recordIssued(entry.id, (await issueTo(await makeCa(), pair)).der);
      const bytes = await readFile(journalFile(entry.id));
      const text = bytes.toString('latin1');

      const pkcs8 = pair.privateKey.export({ type: 'pkcs8', format: 'der' });
      const sec1OrPkcs1 =
        algorithm === 'rsa-2048'
          ? pair.privateKey.export({ type: 'pkcs1', format: 'der' })
          : pair.privateKey.export({ type: 'sec1', format: 'der' });
      for (const der of [pkcs8, sec1OrPkcs1]) {
        expect(bytes.includes(der)).toBe(false);
        // Any 24-byte window of the key would already be a leak.
        expect(bytes.includes(der.subarray(der.length - 24))).toBe(false);
        const b64 = der.toString('base64');
        expect(text.includes(b64)).toBe(false);
        expect(text.includes(b64.slice(40, 80))).toBe(false);
        expect(text.includes(der.toString('hex').slice(80, 160))).toBe(false);
      }
      const pem = toPem('PRIVATE KEY', pkcs8);
      expect(text).not.toContain('PRIVATE KEY');
      expect(text.includes(pem.split('\n')[1]!)).toBe(false);
      // Nor the metadata: the plaintext is all inside the ciphertext.
      expect(text).not.toContain('user01');
      expect(text).not.toContain('127.0.0.1');
      // Nor the vault key.
      const key = vault.secrets.get(`journal:${entry.id}`)!;
      expect(bytes.includes(key)).toBe(false);
      expect(text.includes(key.toString('base64'))).toBe(false);

      const envelope = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
      expect(Object.keys(envelope).sort()).toEqual(['alg', 'ciphertext', 'id', 'iv', 'tag', 'v']);
      expect(envelope).toMatchObject({ v: 1, id: entry.id, alg: 'A256GCM' });
    },
  );
});

describe('EnrollmentJournal unreadable journals', () => {
  it('reports a tampered ciphertext as JOURNAL-UNREADABLE and removes it', async () => {
    const { entry } = await makeEntry();
    await journal().begin(entry);
    const envelope = JSON.parse(await readFile(journalFile(entry.id), 'utf8')) as { ciphertext: string };
    const ct = Buffer.from(envelope.ciphertext, 'base64');
    ct[10] = ct[10]! ^ 0x01;
    await writeFile(journalFile(entry.id), JSON.stringify({ ...envelope, ciphertext: ct.toString('base64') }));
    await expectUnreadable(journal(), entry.id, 'authentication-failed');
  });

  it('binds the header: a changed tag or IV fails authentication', async () => {
    for (const field of ['tag', 'iv'] as const) {
      const { entry } = await makeEntry({ loginId: `user-${field}` });
      await journal().begin(entry);
      const envelope = JSON.parse(await readFile(journalFile(entry.id), 'utf8')) as Record<string, string>;
      const value = Buffer.from(envelope[field]!, 'base64');
      value[0] = value[0]! ^ 0x80;
      await writeFile(journalFile(entry.id), JSON.stringify({ ...envelope, [field]: value.toString('base64') }));
      await expectUnreadable(journal(), entry.id, 'authentication-failed');
    }
  });

  it('binds the id: one journal copied over another (both keys present) does not decrypt', async () => {
    const a = await makeEntry({ loginId: 'user01' });
    const b = await makeEntry({ loginId: 'user02' });
    await journal().begin(a.entry);
    await journal().begin(b.entry);
    // Same header id rewritten to B's: the AAD no longer matches A's ciphertext.
    const envelope = JSON.parse(await readFile(journalFile(a.entry.id), 'utf8')) as Record<string, string>;
    await writeFile(journalFile(b.entry.id), JSON.stringify({ ...envelope, id: b.entry.id }));
    const scan = await journal().scan();
    expect(scan.pending.map((p) => p.id)).toEqual([a.entry.id]);
    expect(scan.unreadable.map((u) => [u.id, u.reason])).toEqual([[b.entry.id, 'authentication-failed']]);
  });

  it('reports a journal whose file name and header disagree as malformed', async () => {
    const { entry } = await makeEntry();
    await journal().begin(entry);
    await copyFile(journalFile(entry.id), journalFile('copied'));
    await vault.set('journal:copied', (await vault.get(`journal:${entry.id}`))!);
    const scan = await journal().scan();
    expect(scan.pending.map((p) => p.id)).toEqual([entry.id]);
    expect(scan.unreadable.map((u) => [u.id, u.reason])).toEqual([['copied', 'malformed']]);
  });

  it('reports a journal whose vault key is missing', async () => {
    const { entry } = await makeEntry();
    await journal().begin(entry);
    await vault.delete(`journal:${entry.id}`);
    await expectUnreadable(journal(), entry.id, 'key-missing');
  });

  it('reports a journal encrypted with another key', async () => {
    const { entry } = await makeEntry();
    await journal().begin(entry);
    await vault.set(`journal:${entry.id}`, Buffer.alloc(32, 7));
    await expectUnreadable(journal(), entry.id, 'authentication-failed');
  });

  it.each([
    ['a truncated file', (s: string) => s.slice(0, s.length / 2)],
    ['not JSON', () => 'garbage'],
    ['another version', (s: string) => s.replace('"v":1', '"v":2')],
    ['another algorithm', (s: string) => s.replace('"alg":"A256GCM"', '"alg":"A128GCM"')],
    ['empty', () => ''],
  ])('reports %s as malformed', async (_label, mangle) => {
    const { entry } = await makeEntry();
    await journal().begin(entry);
    await writeFile(journalFile(entry.id), mangle(await readFile(journalFile(entry.id), 'utf8')));
    await expectUnreadable(journal(), entry.id, 'malformed');
  });

  it('keeps the good journals when one is unreadable', async () => {
    const good = await makeEntry({ loginId: 'user01' });
    const bad = await makeEntry({ loginId: 'user02' });
    await journal().begin(good.entry);
    await journal().begin(bad.entry);
    await writeFile(journalFile(bad.entry.id), '{}');
    const pending = await journal().listPending();
    expect(pending.map((p) => p.id)).toEqual([good.entry.id]);
  });
});

describe('EnrollmentJournal with an unavailable vault', () => {
  class DownVault implements CredentialVault {
    get(): Promise<Buffer | undefined> {
      return Promise.reject(new VaultError('VAULT-UNAVAILABLE', 'no credential vault', 'advice'));
    }
    set(): Promise<void> {
      return Promise.reject(new VaultError('VAULT-UNAVAILABLE', 'no credential vault', 'advice'));
    }
    delete(): Promise<void> {
      return Promise.reject(new VaultError('VAULT-UNAVAILABLE', 'no credential vault', 'advice'));
    }
  }

  it('raises VAULT-UNAVAILABLE on scan and keeps the journal for a later start', async () => {
    const { entry } = await makeEntry();
    await journal().begin(entry);
    await expect(journal(undefined, new DownVault()).scan()).rejects.toMatchObject({ code: 'VAULT-UNAVAILABLE' });
    await expect(stat(journalFile(entry.id))).resolves.toBeDefined();
    expect(await journal().listPending()).toHaveLength(1);
  });

  it('needs no vault when nothing is pending', async () => {
    expect(await journal(undefined, new DownVault()).listPending()).toEqual([]);
  });

  it('begin writes no file when the vault cannot store the key', async () => {
    const { entry } = await makeEntry();
    await expect(journal(undefined, new DownVault()).begin(entry)).rejects.toBeInstanceOf(VaultError);
    await expect(readdir(dir)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('EnrollmentJournal completion', () => {
  it('complete() removes the file and the vault entry', async () => {
    const { entry } = await makeEntry();
    await journal().begin(entry);
    await journal().complete(entry.id);
    await expect(stat(journalFile(entry.id))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(vault.secrets.size).toBe(0);
    expect(await journal().listPending()).toEqual([]);
    // Idempotent: a crash after the delete and a second complete() on restart is fine.
    await journal().complete(entry.id);
  });

  it('discard() removes the file and the vault entry', async () => {
    const { entry } = await makeEntry();
    await journal().begin(entry);
    await journal().discard(entry.id);
    expect(await readdir(dir)).toEqual([]);
    expect(vault.secrets.size).toBe(0);
  });
});

describe('EnrollmentJournal one pending enrollment per issuer and login ID', () => {
  it('refuses a second begin for the same issuer URL and login ID, naming the pending one', async () => {
    const first = await makeEntry();
    await journal().begin(first.entry);
    const second = await makeEntry();
    const withSlash = { ...second.entry, issuerUrl: `${ISSUER}/` };
    await expect(journal().begin(withSlash)).rejects.toMatchObject({ code: 'JOURNAL-EXISTS', details: { existingId: first.entry.id } });
    await expect(journal().begin({ ...second.entry, id: first.entry.id, loginId: 'user09' })).rejects.toMatchObject({
      code: 'JOURNAL-EXISTS',
    });
    // Another login ID, or another issuer, is another enrollment.
    await journal().begin({ ...(await makeEntry({ loginId: 'user02' })).entry });
    await journal().begin({ ...(await makeEntry()).entry, issuerUrl: 'https://issuer.example.jp/' });
    // Once completed, a new one may start.
    await journal().complete(first.entry.id);
    await journal().begin(second.entry);
    expect(await journal().listPending()).toHaveLength(3);
  });

  it('serialises concurrent begins for the same user: exactly one wins', async () => {
    const j = journal();
    const [a, b] = await Promise.all([makeEntry(), makeEntry()]);
    const results = await Promise.allSettled([j.begin(a.entry), j.begin(b.entry)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await j.listPending()).toHaveLength(1);
  });

  it('refuses what the rest of the flow could not use', async () => {
    const { entry } = await makeEntry();
    const other = await generateKeyPair('ecdsa-p256');
    const rsa = await generateKeyPair('rsa-2048');
    const bad: JournalEntry[] = [
      { ...entry, id: '../escape' },
      { ...entry, id: '' },
      { ...entry, csrDer: await createCsr(other, 'user01') },
      { ...entry, keyAlgorithm: 'rsa-2048' },
      { ...entry, privateKey: other.publicKey },
      { ...entry, privateKey: rsa.privateKey, keyAlgorithm: 'rsa-2048' },
      { ...entry, csrDer: Buffer.from('junk') },
      { ...entry, issuerUrl: 'not a url' },
      { ...entry, loginId: '' },
    ];
    for (const e of bad) await expect(journal().begin(e)).rejects.toMatchObject({ code: 'JOURNAL-INVALID' });
    expect(vault.secrets.size).toBe(0);
  });
});

describe('EnrollmentJournal files', () => {
  it.skipIf(process.platform === 'win32')('creates the directory 0700 (parents too) and files 0600', async () => {
    const { entry, pair } = await makeEntry();
    await journal().begin(entry);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(root, 'state', 'cjs-cert'))).mode & 0o777).toBe(0o700);
    expect((await stat(journalFile(entry.id))).mode & 0o777).toBe(0o600);
    await journal().recordIssued(entry.id, (await issueTo(await makeCa(), pair)).der);
    expect((await stat(journalFile(entry.id))).mode & 0o777).toBe(0o600);
  });

  it.skipIf(process.platform === 'win32')('tightens an existing directory that is too open', async () => {
    await mkdir(dir, { recursive: true });
    await chmod(dir, 0o755);
    await journal().begin((await makeEntry()).entry);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
  });

  it('writes atomically: only <id>.journal is left, no temp file', async () => {
    const { entry, pair } = await makeEntry();
    await journal().begin(entry);
    expect(await readdir(dir)).toEqual([`${entry.id}.journal`]);
    await journal().recordIssued(entry.id, (await issueTo(await makeCa(), pair)).der);
    expect(await readdir(dir)).toEqual([`${entry.id}.journal`]);
  });

  it('a write interrupted before its rename leaves the previous journal intact; the stale temp file is removed', async () => {
    const { entry } = await makeEntry();
    await journal().begin(entry);
    const before = await readFile(journalFile(entry.id));
    // What a crash between write and rename leaves behind (possibly torn).
    const stale = `.${entry.id}.journal.0123456789ab.tmp`;
    await writeFile(join(dir, stale), before.subarray(0, 40));
    const pending = await journal().listPending();
    expect(pending.map((p) => p.id)).toEqual([entry.id]);
    expect(await readdir(dir)).toEqual([`${entry.id}.journal`]);
    expect((await readFile(journalFile(entry.id))).equals(before)).toBe(true);
  });

  it('ignores files that are not journals', async () => {
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'README.txt'), 'x');
    await writeFile(join(dir, 'bad name!.journal'), 'x');
    expect(await journal().scan()).toEqual({ pending: [], unreadable: [] });
  });

  it('lists nothing (and creates nothing) when the directory does not exist', async () => {
    expect(await journal().listPending()).toEqual([]);
    await expect(stat(dir)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('defaultJournalDir', () => {
  it('uses $XDG_STATE_HOME on Linux, else ~/.local/state', () => {
    expect(defaultJournalDir({ platform: 'linux', env: { XDG_STATE_HOME: '/x/state' }, home: '/home/u' })).toBe(
      '/x/state/cjs-cert/journal',
    );
    expect(defaultJournalDir({ platform: 'linux', env: {}, home: '/home/u' })).toBe('/home/u/.local/state/cjs-cert/journal');
    expect(defaultJournalDir({ platform: 'linux', env: { XDG_STATE_HOME: '' }, home: '/home/u' })).toBe(
      '/home/u/.local/state/cjs-cert/journal',
    );
    // The XDG spec: relative paths are invalid and ignored.
    expect(defaultJournalDir({ platform: 'linux', env: { XDG_STATE_HOME: 'rel' }, home: '/home/u' })).toBe(
      '/home/u/.local/state/cjs-cert/journal',
    );
  });

  it('uses %LOCALAPPDATA% on Windows', () => {
    expect(defaultJournalDir({ platform: 'win32', env: { LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, home: 'C:\\Users\\u' })).toBe(
      'C:\\Users\\u\\AppData\\Local\\cjs-cert\\journal',
    );
    expect(defaultJournalDir({ platform: 'win32', env: {}, home: 'C:\\Users\\u' })).toBe('C:\\Users\\u\\AppData\\Local\\cjs-cert\\journal');
  });

  it('uses ~/Library/Application Support on macOS', () => {
    expect(defaultJournalDir({ platform: 'darwin', env: { XDG_STATE_HOME: '/ignored' }, home: '/Users/u' })).toBe(
      '/Users/u/Library/Application Support/cjs-cert/journal',
    );
  });
});
