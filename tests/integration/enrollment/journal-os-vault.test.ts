// The journal end to end with the real OS vault (gnome-keyring over D-Bus) and the real issuing
// service: a process is killed after submitting its CSR, the next "start" finds the pending
// enrollment, resubmits the same CSR, gets the same certificate, and completes.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnrollmentJournal, newJournalId } from '../../../electron/core/enrollment/journal';
import { OsCredentialVault } from '../../../electron/core/platform/credential-vault';
import { certificateMatchesKey, readCertificate, samePublicKey } from '../../../electron/core/pki';
import { certificateOf, postCsr } from '../../helpers/est-client';
import { startTestIssuer, type TestIssuer } from '../../helpers/issuer';
import { runTool } from '../../helpers/run-tool';

const REPO = join(import.meta.dirname, '..', '..', '..');

let issuer: TestIssuer;
let dir: string;
const vault = new OsCredentialVault();

beforeAll(async () => {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) {
    throw new Error('DBUS_SESSION_BUS_ADDRESS is not set: run under dbus-run-session with an unlocked gnome-keyring (`npm test` does).');
  }
  issuer = await startTestIssuer();
  dir = join(await mkdtemp(join(tmpdir(), 'journal-it-')), 'journal');
});

afterAll(async () => {
  // Leave no test keys behind in the keyring, whatever failed.
  for (const p of await new EnrollmentJournal({ dir, vault }).listPending().catch(() => [])) await vault.delete(`journal:${p.id}`);
  await issuer?.stop();
  if (dir) await rm(join(dir, '..'), { recursive: true, force: true });
});

/**
 * A separate process: generate the key, journal it with the real vault, submit the CSR, then
 * die by SIGKILL (no cleanup, no exit handlers) at `killAt`.
 */
async function enrollAndCrash(loginId: string, killAt: 'after-submit' | 'after-record'): Promise<{ certificateDer: Buffer; id: string }> {
  const id = newJournalId();
  const script = `
    const { EnrollmentJournal } = await import(${JSON.stringify(join(REPO, 'electron/core/enrollment/journal.ts'))});
    const { OsCredentialVault } = await import(${JSON.stringify(join(REPO, 'electron/core/platform/credential-vault.ts'))});
    const pki = await import(${JSON.stringify(join(REPO, 'electron/core/pki/index.ts'))});
    const est = await import(${JSON.stringify(join(REPO, 'tests/helpers/est-client.ts'))});
    const input = JSON.parse(process.env.JOURNAL_TEST_INPUT);
    const journal = new EnrollmentJournal({ dir: input.dir, vault: new OsCredentialVault() });
    const pair = await pki.generateKeyPair('rsa-2048');
    const csrDer = await pki.createCsr(pair, input.loginId);
    await journal.begin({ id: input.id, operation: 'enroll', issuerUrl: input.estUrl, loginId: input.loginId, keyAlgorithm: pair.algorithm, privateKey: pair.privateKey, csrDer });
    const cert = est.certificateOf(await est.postCsr({ estUrl: input.estUrl, tlsCaPem: input.tlsCaPem }, 'simpleenroll', csrDer, input.loginId));
    if (input.killAt === 'after-record') await journal.recordIssued(input.id, cert.der);
    // The answer is "lost": only this line survives the crash, for the test to compare.
    console.log('CERT ' + cert.der.toString('base64'));
    process.kill(process.pid, 'SIGKILL');`;
  const input = { dir, id, loginId, estUrl: issuer.estUrl, tlsCaPem: issuer.tlsCaPem, killAt };
  const result = await runTool(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: REPO,
    env: { ...process.env, JOURNAL_TEST_INPUT: JSON.stringify(input) },
    timeoutMs: 60_000,
  });
  const line = result.stdout.split('\n').find((l) => l.startsWith('CERT '));
  if (!line) throw new Error(`the enrolling process did not get a certificate (code ${String(result.code)}): ${result.stderr}`);
  // Killed, not exited: exit code null (signal).
  expect(result.code).toBeNull();
  return { certificateDer: Buffer.from(line.slice(5), 'base64'), id };
}

describe('EnrollmentJournal with the OS vault and the issuing service', () => {
  it('resumes after a crash after submitting: the same CSR gets the same certificate, then completes', async () => {
    const crashed = await enrollAndCrash('user01', 'after-submit');

    // Nothing in clear on disk, only the journal.
    expect(await readdir(dir)).toEqual([`${crashed.id}.journal`]);
    expect((await vault.get(`journal:${crashed.id}`))?.length).toBe(32);

    // The next start.
    const journal = new EnrollmentJournal({ dir, vault: new OsCredentialVault() });
    const pending = await journal.listPending();
    expect(pending).toHaveLength(1);
    const p = pending[0]!;
    expect(p).toMatchObject({ id: crashed.id, loginId: 'user01', issuerUrl: issuer.estUrl, operation: 'enroll', keyAlgorithm: 'rsa-2048' });
    expect(p.certificateDer).toBeUndefined();

    const again = certificateOf(await postCsr(issuer, 'simpleenroll', p.csrDer, p.loginId));
    expect(again.der.equals(crashed.certificateDer)).toBe(true);
    expect(certificateMatchesKey(again, p.privateKey)).toBe(true);

    await journal.recordIssued(p.id, again.der);
    // "Install + verify" is the stores' job; here the pair is proven usable, then completed.
    await journal.complete(p.id);
    expect(await readdir(dir)).toEqual([]);
    expect(await vault.get(`journal:${p.id}`)).toBeUndefined();
    expect(await journal.listPending()).toEqual([]);
  });

  it('resumes after a crash after recording the certificate, without asking the issuer again', async () => {
    const crashed = await enrollAndCrash('user02', 'after-record');
    const journal = new EnrollmentJournal({ dir, vault: new OsCredentialVault() });
    const [p] = await journal.listPending();
    expect(p?.certificateDer?.equals(crashed.certificateDer)).toBe(true);
    const cert = readCertificate(p!.certificateDer!);
    expect(samePublicKey(cert.publicKey, p!.privateKey)).toBe(true);
    const bytes = await readFile(join(dir, `${crashed.id}.journal`));
    expect(bytes.includes(p!.privateKey.export({ type: 'pkcs8', format: 'der' }))).toBe(false);
    await journal.complete(p!.id);
    expect(await vault.get(`journal:${p!.id}`)).toBeUndefined();
  });

  it('reports a journal whose vault key was removed as JOURNAL-UNREADABLE, without throwing', async () => {
    const crashed = await enrollAndCrash('master01', 'after-submit');
    await vault.delete(`journal:${crashed.id}`);
    const scan = await new EnrollmentJournal({ dir, vault }).scan();
    expect(scan.pending).toEqual([]);
    expect(scan.unreadable.map((u) => [u.id, u.reason, u.error.code])).toEqual([[crashed.id, 'key-missing', 'JOURNAL-UNREADABLE']]);
    expect(await readdir(dir)).toEqual([]);
  });
});
