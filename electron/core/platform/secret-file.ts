import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * For the store tools that cannot read a secret from stdin (pk12util needs a seekable file):
 * writes the files into a fresh private directory (0700; files 0600), on a RAM-backed
 * filesystem where there is one, runs `use`, and removes the directory in every outcome.
 */
export async function withSecretFiles<T>(
  files: Readonly<Record<string, string | Uint8Array>>,
  use: (paths: Readonly<Record<string, string>>) => Promise<T>,
  options: { readonly parentDir?: string } = {},
): Promise<T> {
  const parent = options.parentDir ?? ramBackedTmpDir();
  const dir = await mkdtemp(join(parent, 'cjs-cert-'));
  try {
    const paths: Record<string, string> = {};
    for (const [name, content] of Object.entries(files)) {
      if (name.includes('/') || name.includes('\\') || name.startsWith('.')) throw new Error(`invalid secret file name ${name}`);
      const path = join(dir, name);
      await writeFile(path, content, { mode: 0o600, flag: 'wx' });
      paths[name] = path;
    }
    return await use(paths);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** /dev/shm (tmpfs) on Linux keeps the file off the disk; elsewhere the user's temp dir. */
export function ramBackedTmpDir(): string {
  return process.platform === 'linux' && existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
}
