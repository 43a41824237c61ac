// The issuing service as an operator runs it: its own process on fixed ports and one data
// directory, SIGKILLed (a crash) and started again on the same ports and directory. Clients ask
// `up()` for the running service; while it is down, that waits for the restart.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawnIssuer, type IssuerProcess } from './issuer-process';

export interface RunningGeneration {
  /** 1 for the first start, +1 for each restart. */
  readonly generation: number;
  readonly estUrl: string;
  readonly tlsCaPem: string;
}

export interface Restart {
  /** performance.now() when SIGKILL was sent, when the new process was started, when it was ready. */
  readonly killedAt: number;
  readonly spawnedAt: number;
  readonly readyAt: number;
}

interface Live extends RunningGeneration {
  readonly process: IssuerProcess;
  /** The service's own pid (tsx runs it one process below the one spawned). */
  readonly pid: number;
}

export class IssuerSupervisor {
  readonly restarts: Restart[] = [];
  private live: Live | undefined;
  private pending: Promise<Live>;
  private readonly outputs: (() => string)[] = [];
  private generation = 0;

  private constructor(
    private readonly dataDir: string,
    private readonly args: readonly string[],
  ) {
    this.pending = this.spawn();
  }

  /** Starts the service on two free loopback ports that every restart keeps. */
  static async start(dataDir: string, extraArgs: readonly string[] = []): Promise<IssuerSupervisor> {
    const [port, loginPort] = [await freePort(), await freePort()];
    const supervisor = new IssuerSupervisor(dataDir, ['--port', String(port), '--login-port', String(loginPort), ...extraArgs]);
    await supervisor.up();
    return supervisor;
  }

  /** The running service, or the one being started. */
  up(): Promise<RunningGeneration> {
    return this.live ? Promise.resolve(this.live) : this.pending;
  }

  /** SIGKILL to the whole process; once it is gone, the same command again on the same directory. */
  async killAndRestart(): Promise<Restart> {
    let restarted: (live: Promise<Live>) => void = () => undefined;
    // Clients that ask while it is down wait for the new process, not the dead one.
    this.pending = new Promise<Live>((resolve) => (restarted = resolve));
    const killedAt = await this.kill();
    const spawnedAt = performance.now();
    restarted(this.spawn());
    await this.pending;
    const restart = { killedAt, spawnedAt, readyAt: performance.now() };
    this.restarts.push(restart);
    return restart;
  }

  /** SIGKILL, and wait until the service's process is gone (and with it the directory's lock). */
  async kill(): Promise<number> {
    const victim = this.live;
    this.live = undefined;
    if (!victim) return performance.now();
    const killedAt = performance.now();
    await victim.process.stop('SIGKILL');
    await untilGone(victim.pid);
    return killedAt;
  }

  /** For clean-up: kills the service if one is running or starting; never throws. */
  async stop(): Promise<void> {
    await this.pending.catch(() => undefined);
    await this.kill().catch(() => undefined);
  }

  /** Everything every process so far wrote (one JSON log line per request at info). */
  output(): string {
    return this.outputs.map((o) => o()).join('');
  }

  private async spawn(): Promise<Live> {
    const child = await spawnIssuer(this.dataDir, [...this.args]);
    this.outputs.push(child.output);
    const pid = Number((await readFile(join(this.dataDir, 'issuer.pid'), 'utf8')).trim());
    this.generation += 1;
    this.live = { generation: this.generation, estUrl: child.estUrl, tlsCaPem: child.tlsCaPem, process: child, pid };
    return this.live;
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function untilGone(pid: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await sleep(25);
  }
  throw new Error(`issuer process ${pid} still alive 5 s after SIGKILL`);
}
