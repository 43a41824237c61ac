// The PKCS#12 and its password for pk12util: readable by this user only while the tool runs,
// gone afterwards whatever happened.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ramBackedTmpDir, withSecretFiles } from '../../../electron/core/platform/secret-file';

let parent: string;
beforeEach(async () => {
  parent = await mkdtemp(join(tmpdir(), 'secret-file-test-'));
});
afterEach(async () => {
  await rm(parent, { recursive: true, force: true });
});

const mode = async (path: string) => (await stat(path)).mode & 0o777;

describe('withSecretFiles', () => {
  it('writes each file 0600 in a private 0700 directory, and removes the directory afterwards', async () => {
    let seen: Record<string, string> = {};
    const result = await withSecretFiles(
      { 'bundle.p12': Buffer.from([1, 2, 3]), password: 'one-time' },
      async (paths) => {
        seen = { ...paths };
        expect(dirname(paths['bundle.p12']!)).toBe(dirname(paths.password!));
        expect(dirname(dirname(paths.password!))).toBe(parent);
        expect(await mode(dirname(paths.password!))).toBe(0o700);
        expect(await mode(paths['bundle.p12']!)).toBe(0o600);
        expect(await mode(paths.password!)).toBe(0o600);
        expect([...(await readFile(paths['bundle.p12']!))]).toEqual([1, 2, 3]);
        expect(await readFile(paths.password!, 'utf8')).toBe('one-time');
        return 'imported';
      },
      { parentDir: parent },
    );
    expect(result).toBe('imported');
    expect(existsSync(dirname(seen.password!))).toBe(false);
    expect(await readdir(parent)).toEqual([]);
  });

  it('keeps the modes under a permissive umask', async () => {
    const previous = process.umask(0o000);
    try {
      await withSecretFiles(
        { password: 'x' },
        async (paths) => {
          expect(await mode(dirname(paths.password!))).toBe(0o700);
          expect(await mode(paths.password!)).toBe(0o600);
        },
        { parentDir: parent },
      );
    } finally {
      process.umask(previous);
    }
  });

  it('removes the files when `use` fails, and passes its error on', async () => {
    let dir = '';
    const failure = new Error('pk12util failed');
    await expect(
      withSecretFiles(
        { password: 'x' },
        (paths) => {
          dir = dirname(paths.password!);
          return Promise.reject(failure);
        },
        { parentDir: parent },
      ),
    ).rejects.toBe(failure);
    expect(dir).not.toBe('');
    expect(existsSync(dir)).toBe(false);
    expect(await readdir(parent)).toEqual([]);
  });

  it('refuses a file name that would escape the directory, and leaves nothing behind', async () => {
    let used = false;
    const use = () => {
      used = true;
      return Promise.resolve();
    };
    await expect(withSecretFiles({ '../escape': 'x' }, use, { parentDir: parent })).rejects.toThrow(/invalid secret file name/);
    expect(used).toBe(false);
    expect(await readdir(parent)).toEqual([]);
  });

  it('stages on /dev/shm (RAM, never the disk) on Linux', () => {
    if (process.platform === 'linux' && existsSync('/dev/shm')) expect(ramBackedTmpDir()).toBe('/dev/shm');
    else expect(ramBackedTmpDir()).toBe(tmpdir());
  });
});
