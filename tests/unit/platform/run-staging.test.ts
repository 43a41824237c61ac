// This process's staging directory for pk12util's files: there only while something is staged,
// gone after the last install whatever happened, and a dead process's one swept at the next start.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDirName, sweepDeadRunDirs, withRunStagingDir } from '../../../electron/core/platform/run-staging';

const UID = process.getuid?.() ?? 0;

let parent: string;
beforeEach(async () => {
  parent = await mkdtemp(join(tmpdir(), 'run-staging-test-'));
});
afterEach(async () => {
  await rm(parent, { recursive: true, force: true });
});

/** The pid of a process that has exited (and been reaped). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('close', resolve));
  return child.pid!;
}

describe('withRunStagingDir', () => {
  it('creates the directory, private, for the duration of the work only', async () => {
    const runDir = runDirName(parent);
    const seen = await withRunStagingDir(async (dir) => {
      await writeFile(join(dir, 'cert.p12'), 'x');
      return { dir, mode: (await stat(dir)).mode & 0o777 };
    }, parent);
    expect(seen).toEqual({ dir: runDir, mode: 0o700 });
    expect(runDir).toBe(join(parent, `cjs-cert-run-${UID}-${process.pid}`));
    expect(existsSync(runDir)).toBe(false);
  });

  it('removes it when the work fails', async () => {
    await expect(
      withRunStagingDir(async (dir) => {
        await writeFile(join(dir, 'cert.p12'), 'x');
        throw new Error('pk12util failed');
      }, parent),
    ).rejects.toThrow('pk12util failed');
    expect(await readdir(parent)).toEqual([]);
  });

  it('is shared by overlapping installs and removed when the last one ends', async () => {
    let finishFirst!: () => void;
    const first = withRunStagingDir((dir) => new Promise<string>((resolve) => (finishFirst = () => resolve(dir))), parent);
    const second = withRunStagingDir(async (dir) => {
      await writeFile(join(dir, 'second'), 'x');
      return dir;
    }, parent);
    // The second ends while the first still stages: the directory stays for the first.
    await second;
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(existsSync(runDirName(parent))).toBe(true);
    finishFirst();
    await first;
    expect(existsSync(runDirName(parent))).toBe(false);
  });

  it('reuses a private directory of ours left under its name (a dead process had our pid), and removes it', async () => {
    await mkdir(runDirName(parent), { mode: 0o700 });
    await writeFile(join(runDirName(parent), 'old.p12'), 'left by a killed run');
    await withRunStagingDir(() => Promise.resolve(), parent);
    expect(existsSync(runDirName(parent))).toBe(false);
  });

  it('refuses a directory under its name that others can enter', async () => {
    await mkdir(runDirName(parent));
    await chmod(runDirName(parent), 0o755);
    let ran = false;
    await expect(
      withRunStagingDir(() => {
        ran = true;
        return Promise.resolve();
      }, parent),
    ).rejects.toThrow(/not a private directory/);
    expect(ran).toBe(false);
  });
});

describe('sweepDeadRunDirs', () => {
  it('removes the directories of this user’s dead processes, and nothing else', async () => {
    const dead = join(parent, `cjs-cert-run-${UID}-${await deadPid()}`);
    const alive = join(parent, `cjs-cert-run-${UID}-${process.pid}`);
    const otherUser = join(parent, `cjs-cert-run-${UID + 1}-${await deadPid()}`);
    const unrelated = join(parent, 'cjs-cert-other');
    for (const dir of [dead, alive, otherUser, unrelated]) {
      await mkdir(dir);
      await writeFile(join(dir, 'cert.p12'), 'x');
    }
    await sweepDeadRunDirs(parent);
    expect((await readdir(parent)).sort()).toEqual([alive, otherUser, unrelated].map((d) => d.slice(parent.length + 1)).sort());
  });

  it('does not fail on a parent that does not exist', async () => {
    await expect(sweepDeadRunDirs(join(parent, 'missing'))).resolves.toBeUndefined();
  });
});
