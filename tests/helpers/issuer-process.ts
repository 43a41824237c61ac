// Runs the issuing service as its own process, with the command `npm run issuer` runs
// (tsx issuer/src/main.ts), and stops it afterwards. npm itself is left out so that a signal
// reaches the service and its exit code comes back unaltered.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface IssuerProcess {
  readonly estUrl: string;
  readonly loginUrl: string;
  readonly tlsCaPem: string;
  readonly output: () => string;
  /** SIGTERM (graceful, relayed by tsx to the service) or SIGKILL (a crash: the whole process group). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const ROOT = join(import.meta.dirname, '..', '..');

export async function spawnIssuer(dataDir: string, extraArgs: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<IssuerProcess> {
  const child: ChildProcess = spawn(
    join(ROOT, 'node_modules', '.bin', 'tsx'),
    ['issuer/src/main.ts', '--data', dataDir, '--port', '0', '--login-port', '0', ...extraArgs],
    {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  const ready = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`issuer did not start within 60 s:\n${output}`)), 60_000);
    const check = (): void => {
      const m = /ready est=(\S+) login=(\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    child.stderr!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`issuer exited with ${code}:\n${output}`));
    });
  });
  const tlsCaPem = await readFile(join(dataDir, 'tls-ca.pem'), 'utf8');
  return {
    estUrl: ready[1]!,
    loginUrl: ready[2]!,
    tlsCaPem,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      try {
        process.kill(signal === 'SIGKILL' ? -child.pid! : child.pid!, signal);
      } catch {
        // already gone
      }
      return exited;
    },
  };
}
