// Where a PKCS#12 and its password file wait for pk12util: a directory named after this process
// (`cjs-cert-run-<uid>-<pid>`, RAM-backed where possible) that exists only while something is
// staged in it. withSecretFiles removes the files in every outcome it lives to see; a process
// killed meanwhile (SIGKILL, OOM killer, a closed terminal, a killed test worker) cannot, so its
// directory is named after it and the next start removes those of this user's processes that are gone.
import { rmSync } from 'node:fs';
import { lstat, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ramBackedTmpDir } from './secret-file';

const RUN_DIR = /^cjs-cert-run-(\d+)-(\d+)$/;

function currentUid(): number {
  return process.getuid?.() ?? 0;
}

/** This process's staging directory under `parent`. */
export function runDirName(parent: string): string {
  return join(parent, `cjs-cert-run-${currentUid()}-${process.pid}`);
}

/** One staging area per parent directory and process, shared by every install of the process. */
class RunStagingArea {
  private holders = 0;
  /** Creation and removal one after the other, so that a removal never races a new hold. */
  private queue: Promise<void> = Promise.resolve();
  private exitHookInstalled = false;

  constructor(readonly dir: string) {}

  /** The directory exists while `use` runs; the last holder to finish removes it, whatever happened. */
  async hold<T>(use: (dir: string) => Promise<T>): Promise<T> {
    await this.step(async () => {
      if (this.holders === 0) await ensurePrivateDir(this.dir);
      this.holders++;
      this.removeOnExit();
    });
    try {
      return await use(this.dir);
    } finally {
      await this.step(async () => {
        if (--this.holders === 0) await rm(this.dir, { recursive: true, force: true });
      });
    }
  }

  private step(work: () => Promise<void>): Promise<void> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** process.exit() in the middle of an install runs no finally block, but does run 'exit' listeners. */
  private removeOnExit(): void {
    if (this.exitHookInstalled) return;
    this.exitHookInstalled = true;
    process.once('exit', () => {
      if (this.holders > 0) rmSync(this.dir, { recursive: true, force: true });
    });
  }
}

/**
 * Creates the directory 0700. One already there is used only if it is a real directory of ours
 * (left by a dead process whose pid we now have): the parent is shared by every account.
 */
async function ensurePrivateDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const info = await lstat(dir);
    if (!info.isDirectory() || info.uid !== currentUid() || (info.mode & 0o077) !== 0)
      throw new Error(`${dir} exists and is not a private directory of this user`, { cause: err });
  }
}

const areas = new Map<string, RunStagingArea>();

/** Runs `use` with this process's staging directory under `parent` (default /dev/shm or tmp). */
export function withRunStagingDir<T>(use: (dir: string) => Promise<T>, parent: string = ramBackedTmpDir()): Promise<T> {
  let area = areas.get(parent);
  if (!area) {
    area = new RunStagingArea(runDirName(parent));
    areas.set(parent, area);
  }
  return area.hold(use);
}

/** Removes the staging directories this user's dead processes left under `parent`. Never throws. */
export async function sweepDeadRunDirs(parent: string = ramBackedTmpDir()): Promise<void> {
  const uid = currentUid();
  for (const name of await readdir(parent).catch(() => [])) {
    const match = RUN_DIR.exec(name);
    if (!match || Number(match[1]) !== uid || isAlive(Number(match[2]))) continue;
    const path = join(parent, name);
    const owner = await stat(path).then(
      (s) => s.uid,
      () => undefined,
    );
    // Only our own: another account's directory under the same name is not ours to judge.
    if (owner === uid) await rm(path, { recursive: true, force: true }).catch(() => undefined);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
