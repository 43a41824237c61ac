// What one enrollment costs the PC and the issuer, counted from outside: the app's
// `enrollment.start` (createApp, as the window asks for it) against a real issuer seen through
// a logging man in the middle, into a real NSS store whose every certutil/pk12util process is
// recorded. The CA list is asked for once, the store read after the install in one batch, and
// the verification still finds certificate and key in the database.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../electron/core/app/create-app';
import { journalDir } from '../../../electron/core/app/state-files';
import { EnrollmentJournal } from '../../../electron/core/enrollment/journal';
import { runProcess, type ProcessRunner } from '../../../electron/core/platform/process-runner';
import { NssStore, nssKeyId, parseCertutilList } from '../../../electron/core/stores/nss-store';
import { readCertificate } from '../../../electron/core/pki';
import { freshHome } from '../../helpers/cli-process';
import { startEstMitm, type EstMitm } from '../../helpers/est-mitm';
import { DEMO_PASSWORD, startTestIssuer, type TestIssuer } from '../../helpers/issuer';
import { MemoryCredentialVault } from '../../helpers/memory-vault';

let issuer: TestIssuer;
let mitm: EstMitm;
let home: string;
let secretParent: string;
let processes: string[];

const recording: ProcessRunner = (command, args, options) => {
  processes.push(`${command} ${args[0] ?? ''}`);
  return runProcess(command, args, options);
};

beforeAll(async () => {
  issuer = await startTestIssuer();
  mitm = await startEstMitm({ issuerDataDir: issuer.dataDir, upstream: issuer.estUrl });
  home = await freshHome('cjs-enroll-requests-');
  secretParent = await mkdtemp(join(tmpdir(), 'cjs-enroll-requests-staging-'));
});

afterAll(async () => {
  await mitm?.close();
  await issuer?.stop();
  for (const dir of [home, secretParent]) if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a first enrollment on a new profile', { timeout: 120_000 }, () => {
  it('asks the issuer for the CA list once, runs six NSS processes, and leaves a verified certificate and key', async () => {
    const env = { HOME: home, XDG_STATE_HOME: join(home, '.local', 'state'), PATH: process.env.PATH };
    const app = createApp({
      env,
      overrides: { issuerUrl: mitm.url, trustFiles: [issuer.tlsCaCertPath] },
      store: new NssStore({ home, runner: recording, secretParentDir: secretParent }),
      journal: new EnrollmentJournal({ dir: journalDir(env), vault: new MemoryCredentialVault() }),
    });
    processes = [];
    const result = await app['enrollment.start']({ operation: 'enroll', loginId: 'user01', password: DEMO_PASSWORD }, () => undefined);
    expect(result.certificate).toMatchObject({ loginId: 'user01', state: 'valid' });

    const requests = mitm.log.map((line) => line.replace(/ -> .*$/, '').replace(/^(\S+) \S*\/([^/?]+).*$/, '$1 $2'));
    // Asked side by side before the request: the CA list, the CRL and what the issuer wants the
    // request to carry (RFC 7030 §4.5; the reference issuer has no list and answers 404).
    expect(requests.sort()).toEqual(['GET cacerts', 'GET crl', 'GET csrattrs', 'POST simpleenroll']);
    // Tools checked, database created and read; import; keys and certificates read back (the
    // new nicknames guessed, so one batch).
    expect(processes.sort()).toEqual(['certutil -B', 'certutil -K', 'certutil -L', 'certutil -N', 'pk12util -H', 'pk12util -i']);

    // What the verification proved, seen with certutil itself: the certificate and its key.
    const db = `sql:${join(home, '.pki', 'nssdb')}`;
    const nickname = parseCertutilList((await runProcess('certutil', ['-L', '-d', db])).stdout).find((e) => e.nickname.includes('user01'));
    const listed = await runProcess('certutil', ['-L', '-d', db, '-n', nickname?.nickname ?? '', '-a']);
    const keys = await runProcess('certutil', ['-K', '-d', db]);
    const installed = readCertificate(listed.stdout);
    expect(installed.serialNumber).toBe(result.certificate.serialNumber);
    expect(keys.stdout).toContain(nssKeyId(installed.publicKey));

    // The Status screen right after reads the same listing from memory.
    processes = [];
    const situation = await app['situation.get']({ loginId: 'user01' }, () => undefined);
    expect(situation).toMatchObject({ kind: 'valid' });
    expect(processes).toEqual([]);
  });
});
