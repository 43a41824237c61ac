// File primitives for the journal: a private directory and crash-atomic writes. A crash at any
// point leaves either the previous complete file or the new complete file, never a torn one.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

const isWindows = process.platform === 'win32';

/** Temp files are hidden and carry a random suffix: `.<name>.<hex>.tmp`. */
export const TEMP_FILE = /^\..+\.[0-9a-f]{12}\.tmp$/;

/** Creates the directory (and missing parents) 0700, and tightens it if it exists looser. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const info = await stat(dir);
  if (!info.isDirectory()) throw new Error(`${dir} is not a directory`);
  // POSIX modes only; on Windows the per-user profile's ACL is what protects it.
  if (!isWindows && (info.mode & 0o077) !== 0) await chmod(dir, 0o700);
}

/** temp file (0600, exclusive) + fsync + rename over the target + fsync of the directory. */
export async function writeFileAtomic(dir: string, name: string, data: Uint8Array): Promise<void> {
  const temp = join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, join(dir, name));
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDir(dir);
}

/** Removes a file (missing is fine) and makes the removal durable. */
export async function removeFileDurably(dir: string, name: string): Promise<void> {
  await rm(join(dir, name), { force: true });
  await syncDir(dir);
}

/** Makes a rename/unlink in `dir` durable. Windows cannot open a directory for fsync (NTFS journals metadata). */
async function syncDir(dir: string): Promise<void> {
  if (isWindows) return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
