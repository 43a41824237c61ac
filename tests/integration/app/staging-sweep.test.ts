// A run killed while its PKCS#12 and password file were staged for the store's import tool
// leaves them in its staging directory (/dev/shm/cjs-cert-run-<uid>-<pid>). The next start of
// any command removes it, whatever store it composes (the app's tests and the benchmarks bring
// their own), and never the directory of a run still alive. Its own file: the sweep runs once per
// process, at the first composition.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../../electron/core/app/services';
import { EMBEDDED_DEFAULTS } from '../../../electron/core/config';
import { ramBackedTmpDir } from '../../../electron/core/platform/secret-file';
import { NssStore } from '../../../electron/core/stores';
import { freshHome } from '../../helpers/cli-process';

const UID = process.getuid?.() ?? 0;
let home: string;
let alive: ChildProcess;
let leftByDeadRun: string;
let stagedByLiveRun: string;

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('close', resolve));
  return child.pid!;
}

/** What a run leaves staged: its directory, a private one inside, the PKCS#12 and its password. */
async function staged(pid: number): Promise<string> {
  const dir = join(ramBackedTmpDir(), `cjs-cert-run-${UID}-${pid}`);
  await mkdir(join(dir, 'cjs-cert-x'), { recursive: true, mode: 0o700 });
  await writeFile(join(dir, 'cjs-cert-x', 'cert.p12'), 'staged PKCS#12', { mode: 0o600 });
  await writeFile(join(dir, 'cjs-cert-x', 'p12.pw'), 'staged password', { mode: 0o600 });
  return dir;
}

beforeAll(async () => {
  home = await freshHome('cjs-sweep-');
  alive = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
  leftByDeadRun = await staged(await deadPid());
  stagedByLiveRun = await staged(alive.pid!);
});

afterAll(async () => {
  alive?.kill('SIGKILL');
  for (const dir of [leftByDeadRun, stagedByLiveRun]) if (dir) await rm(dir, { recursive: true, force: true });
  if (home) await rm(home, { recursive: true, force: true });
});

describe.runIf(process.platform !== 'win32')('the start of a command', () => {
  it('removes what a killed run staged, also with a store of the caller’s, and leaves a live run’s alone', async () => {
    expect(existsSync(join(leftByDeadRun, 'cjs-cert-x', 'cert.p12'))).toBe(true);
    await createServices(
      { ...EMBEDDED_DEFAULTS },
      { HOME: home, XDG_STATE_HOME: join(home, '.local', 'state') },
      {
        store: new NssStore({ home }),
      },
    );
    expect(existsSync(leftByDeadRun)).toBe(false);
    expect(existsSync(join(stagedByLiveRun, 'cjs-cert-x', 'p12.pw'))).toBe(true);
  });
});
