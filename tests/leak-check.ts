// Vitest global set-up: after the whole suite, no PKCS#12, private key or enrollment journal made
// by it may be left anywhere a test could have put one (issue 3: "after the whole suite, no
// PKCS#12, key or journal file is left anywhere"). One test file can prove its own clean-up; only
// a check around the whole run also catches a test that forgets to remove its temporary HOME.
import { existsSync } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where our code or our tests write secrets: the RAM disk, the temp dir, the real profile's journal. */
const ROOTS = [...new Set(['/dev/shm', tmpdir(), join(homedir(), '.local', 'state', 'cjs-cert')])].filter((d) => existsSync(d));
const SECRET_NAME = /\.(p12|pfx|journal|key)$|^cjs-cert-/i;
const MAX_DEPTH = 8;
/** A file this size or smaller is read to look for a PEM private key (keys are a few KiB). */
const MAX_SCAN_BYTES = 64 * 1024;

async function secretsCreatedSince(since: number): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return; // removed meanwhile, or another user's
    }
    for (const name of names) {
      const path = join(dir, name);
      const info = await lstat(path).catch(() => undefined);
      if (!info || info.isSymbolicLink()) continue;
      // Only what appeared during this run: earlier runs and other programs are not ours to judge.
      const recent = info.birthtimeMs >= since || info.ctimeMs >= since;
      if (info.isDirectory()) {
        if (recent && /^cjs-cert-/.test(name)) found.push(`${path}/ (staging directory)`);
        if (depth < MAX_DEPTH && name !== 'node_modules') await walk(path, depth + 1);
        continue;
      }
      if (!recent || !info.isFile()) continue;
      if (SECRET_NAME.test(name)) {
        found.push(path);
      } else if (info.size <= MAX_SCAN_BYTES && /\.(pem|txt|der|b64)$|^[^.]*$/.test(name)) {
        const text = await readFile(path, 'latin1').catch(() => '');
        if (/-----BEGIN (RSA |EC |ENCRYPTED )?PRIVATE KEY-----/.test(text)) found.push(`${path} (PEM private key)`);
      }
    }
  };
  for (const root of ROOTS) await walk(root, 0);
  return found;
}

export default function setup(): () => Promise<void> {
  // Filesystem times are coarse on some filesystems: a second of slack never excuses a leak of
  // this run, it only risks blaming the run on something made just before it.
  const startedAt = Date.now() - 1_000;
  return async () => {
    const left = await secretsCreatedSince(startedAt);
    if (left.length > 0) {
      // Vitest reports an exception thrown here but still exits 0: set the status ourselves.
      console.error(`\nLEAK CHECK FAILED: the test suite left secrets behind:\n  ${left.join('\n  ')}\n`);
      process.exitCode = 1;
    }
  };
}
