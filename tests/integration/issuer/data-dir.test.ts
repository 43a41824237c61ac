// The data directory (issue 9, finding 5): the owner's alone whatever existed before, and one
// issuing service at a time. It holds the CA keys, password hashes, e-mail addresses and the
// audit log.
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startIssuer } from '../../../issuer/src/service';
import { enroll } from '../../helpers/est-client';
import { startTestIssuer, type TestIssuer } from '../../helpers/issuer';
import { spawnIssuer, type IssuerProcess } from '../../helpers/issuer-process';

let root: string;
let dataDir: string;
const running: TestIssuer[] = [];
let child: IssuerProcess | undefined;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'cjs-issuer-dir-'));
  dataDir = join(root, 'data');
});
afterEach(async () => {
  await child?.stop('SIGKILL');
  child = undefined;
  for (const issuer of running.splice(0)) await issuer.stop();
  await rm(root, { recursive: true, force: true });
});

/** The service runs under tsx, one process below the one the helper kills: wait for it to be gone. */
async function untilGone(pid: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await sleep(50);
  }
  throw new Error(`process ${pid} still alive 5 s after SIGKILL`);
}

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;
const start = async () => {
  const issuer = await startTestIssuer({ dataDir });
  running.push(issuer);
  return issuer;
};

describe('file modes', () => {
  it('a directory made beforehand 0755 with issuer.db, -wal and -shm 0644 → 0700 and 0600 after start, and after a write', async () => {
    // A directory and database from a previous run, left open to everyone (as a restore or a
    // umask 022 leaves them), with the files a crash leaves beside the database.
    await (await start()).stop();
    running.length = 0;
    await chmod(dataDir, 0o755);
    await chmod(join(dataDir, 'issuer.db'), 0o644);
    await writeFile(join(dataDir, 'issuer.db-wal'), '', { mode: 0o644 });
    await writeFile(join(dataDir, 'issuer.db-shm'), '', { mode: 0o644 });
    await chmod(join(dataDir, 'tls-server-key.pem'), 0o644);

    const issuer = await start();
    await enroll(issuer, 'user01', { algorithm: 'ecdsa-p256' });
    expect(await modeOf(dataDir)).toBe(0o700);
    for (const name of ['issuer.db', 'issuer.db-wal', 'issuer.db-shm', 'tls-server-key.pem', 'ca-key.pem', 'issuer.lock']) {
      expect([name, await modeOf(join(dataDir, name))]).toEqual([name, 0o600]);
    }
  });

  it('a fresh directory is created 0700, with its database files 0600 from their first write', async () => {
    const issuer = await start();
    await enroll(issuer, 'user02', { algorithm: 'ecdsa-p256' });
    expect(await modeOf(dataDir)).toBe(0o700);
    for (const name of ['issuer.db', 'issuer.db-wal', 'issuer.db-shm'])
      expect([name, await modeOf(join(dataDir, name))]).toEqual([name, 0o600]);
  });

  it('refuses to start, saying what to do, when the data path is not a directory', async () => {
    await writeFile(dataDir, 'not a directory');
    await expect(startIssuer({ dataDir, port: 0, loginPort: 0, logLevel: 'silent' })).rejects.toThrow(
      new RegExp(`the data directory ${dataDir} is not a directory; choose another --data path`),
    );
  });
});

describe('one issuing service per data directory', () => {
  it('a second start on the same directory refuses with a clear message; after close() a new start works', async () => {
    const first = await start();
    await expect(startIssuer({ dataDir, port: 0, loginPort: 0, logLevel: 'silent' })).rejects.toThrow(
      `the data directory ${dataDir} is in use by another issuing service (pid ${process.pid}) (it holds ${join(dataDir, 'issuer.lock')}); ` +
        'stop that service first, or give this one another --data directory',
    );
    // The refused start changed nothing: the first one still serves.
    await enroll(first, 'user01', { algorithm: 'ecdsa-p256' });
    await first.stop();
    running.length = 0;
    const second = await start();
    await enroll(second, 'user02', { algorithm: 'ecdsa-p256' });
  });

  it('a service in another process holds the directory; once that process is killed, its leftovers do not block a start', async () => {
    await mkdir(dataDir, { recursive: true });
    child = await spawnIssuer(dataDir);
    await expect(startIssuer({ dataDir, port: 0, loginPort: 0, logLevel: 'silent' })).rejects.toThrow(
      /is in use by another issuing service \(pid \d+\)/,
    );
    // `npm run issuer` says it in one line, without a stack trace.
    const refused = spawnIssuer(dataDir);
    await expect(refused).rejects.toThrow(
      /exited with 1:\nissuer: the data directory \S+ is in use by another issuing service \(pid \d+\)[^\n]*\n$/,
    );
    // A crash: the lock file and the pid file stay behind, naming a process that is gone.
    const holder = Number((await readFile(join(dataDir, 'issuer.pid'), 'utf8')).trim());
    await child.stop('SIGKILL');
    child = undefined;
    await untilGone(holder);
    await stat(join(dataDir, 'issuer.lock'));
    await stat(join(dataDir, 'issuer.pid'));
    const issuer = await start();
    await enroll(issuer, 'user01', { algorithm: 'ecdsa-p256' });
  });
});
