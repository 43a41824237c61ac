// The services the CLI and the Electron main process compose stage the PKCS#12 for pk12util in a
// directory named after the process (/dev/shm/cjs-cert-run-<uid>-<pid>). It must exist only
// while an install runs: a test worker or the app's main process killed at any other time (the
// common case) leaves nothing behind. One a dead process did leave is removed at the next start.
// The real NssStore and tools in a temporary HOME.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type AppServices } from '../../../electron/core/app/services';
import { EMBEDDED_DEFAULTS } from '../../../electron/core/config';
import { buildPkcs12, generateKeyPair, randomPkcs12Password, type CertificateInfo, type KeyPair } from '../../../electron/core/pki';
import { runDirName } from '../../../electron/core/platform/run-staging';
import { ramBackedTmpDir } from '../../../electron/core/platform/secret-file';
import type { InstallRequest } from '../../../electron/core/stores/certificate-store';
import { freshHome } from '../../helpers/cli-process';
import { issueTo, makeCa, type TestCa } from '../../unit/pki/pki-fixtures';

const UID = process.getuid?.() ?? 0;
const runDir = runDirName(ramBackedTmpDir());
let home: string;
let ca: TestCa;
let leftByDeadRun: string;

/** The pid of a process that has exited (and been reaped). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('close', resolve));
  return child.pid!;
}

async function installRequest(password?: string): Promise<InstallRequest> {
  const key: KeyPair = await generateKeyPair('ecdsa-p256');
  const certificate: CertificateInfo = await issueTo(ca, key, { commonName: 'user01' });
  const real = randomPkcs12Password();
  const pkcs12 = buildPkcs12({
    privateKey: key.privateKey,
    certificate: certificate.der,
    chain: [],
    friendlyName: 'Rokin 給与',
    password: real,
  });
  return { pkcs12, password: password ?? real, certificate, friendlyName: 'Rokin 給与' };
}

beforeAll(async () => {
  home = await freshHome('cjs-staging-');
  ca = await makeCa();
  // What a run killed in the middle of pk12util leaves: its directory with the staged files.
  leftByDeadRun = join(ramBackedTmpDir(), `cjs-cert-run-${UID}-${await deadPid()}`);
  await mkdir(join(leftByDeadRun, 'cjs-cert-x'), { recursive: true, mode: 0o700 });
  await writeFile(join(leftByDeadRun, 'cjs-cert-x', 'cert.p12'), 'staged by a killed run');
});

afterAll(async () => {
  if (home) await rm(home, { recursive: true, force: true });
  if (leftByDeadRun) await rm(leftByDeadRun, { recursive: true, force: true });
});

describe.runIf(process.platform === 'linux')('the PKCS#12 staging directory of the composed services', () => {
  let services: AppServices;

  it('is not made when the services are composed; a dead run’s one is removed then', async () => {
    services = await createServices(EMBEDDED_DEFAULTS, { HOME: home, XDG_STATE_HOME: join(home, '.local', 'state') });
    expect(existsSync(runDir)).toBe(false);
    expect(existsSync(leftByDeadRun)).toBe(false);
  });

  it('is gone right after an install', async () => {
    const installed = await services.store.install(await installRequest());
    expect(installed.hasPrivateKey).toBe(true);
    expect(existsSync(runDir)).toBe(false);
  });

  it('is gone right after a failed install', async () => {
    await expect(services.store.install(await installRequest('not-the-password'))).rejects.toMatchObject({
      code: 'STORE-COMMAND-FAILED',
    });
    expect(existsSync(runDir)).toBe(false);
  });
});
