import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Writable } from 'node:stream';
import { DEFAULT_POLICY, type PolicySettings } from './domain/api';
import { systemClock, type Clock } from './domain/clock';
import { IssuingService } from './domain/issuing-service';
import { ensureIssuerPki } from './ca/bootstrap';
import { pkiPaths } from './ca/files';
import type { ReapLog } from './http/connection-guard';
import { checkConnectionLimits, DEFAULT_CONNECTION_LIMITS, type ConnectionLimits } from './http/connection-limits';
import { buildEstApp } from './http/est-app';
import { createLoginServer } from './login/login-server';
import { lockDataDir, type DataDirLock } from './storage/data-dir-lock';
import { ensurePrivateDir } from './storage/private-files';

export interface IssuerOptions {
  readonly dataDir: string;
  /** Loopback by default: the reference service is not meant to face a network. */
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly loginPort?: number;
  readonly policy?: Partial<PolicySettings>;
  readonly clock?: Clock;
  readonly seedDemo?: boolean;
  readonly logLevel?: string;
  readonly logStream?: Writable;
  /** How often the P5 expiry-notice job runs. */
  readonly expiryCheckIntervalMs?: number;
  /** Timeouts and the per-client connection bound of both listeners; tests shorten them. */
  readonly connectionLimits?: Partial<ConnectionLimits>;
}

export interface RunningIssuer {
  /** Base URL of the EST service, e.g. https://127.0.0.1:8443 (EST lives under /.well-known/est). */
  readonly estUrl: string;
  /** The client-certificate login endpoint. */
  readonly loginUrl: string;
  readonly dataDir: string;
  readonly caCertPath: string;
  readonly tlsCaCertPath: string;
  readonly service: IssuingService;
  /** True when this start created the demo contract. */
  readonly seeded: boolean;
  close(): Promise<void>;
}

/**
 * Starts the reference issuing service: both HTTPS listeners and the expiry-notice job. The data
 * directory is made private and locked for this process first (a second service on it refuses to
 * start); close() releases it.
 */
export async function startIssuer(options: IssuerOptions): Promise<RunningIssuer> {
  const clock = options.clock ?? systemClock;
  const host = options.host ?? '127.0.0.1';
  const limits = { ...DEFAULT_CONNECTION_LIMITS, ...options.connectionLimits };
  checkConnectionLimits(limits);
  ensurePrivateDir(options.dataDir);
  const lock = lockDataDir(options.dataDir);
  let service: IssuingService | undefined;
  try {
    const pki = await ensureIssuerPki(options.dataDir, clock.now());
    service = await IssuingService.open({
      dataDir: options.dataDir,
      authority: pki.issuing,
      clock,
      policy: { ...DEFAULT_POLICY, ...options.policy },
    });
    return await listen(options, { service, pki, clock, host, limits, lock });
  } catch (err) {
    service?.close();
    lock.release();
    throw err;
  }
}

interface Started {
  readonly service: IssuingService;
  readonly pki: Awaited<ReturnType<typeof ensureIssuerPki>>;
  readonly clock: Clock;
  readonly host: string;
  readonly limits: ConnectionLimits;
  readonly lock: DataDirLock;
}

async function listen(options: IssuerOptions, { service, pki, clock, host, limits, lock }: Started): Promise<RunningIssuer> {
  const seeded = options.seedDemo === false ? false : await service.seedDemoData();

  const app = buildEstApp({
    service,
    issuingCaDer: pki.issuing.certificate.der,
    tls: pki.server,
    log: { level: options.logLevel ?? 'info', stream: options.logStream },
    limits,
  });
  const loginLog: ReapLog = (level, notice) => app.log[level](notice, 'connection closed by the service');
  const login = createLoginServer({ service, clock, issuingCa: pki.issuing.certificate, tls: pki.server, limits, log: loginLog });
  try {
    await app.listen({ host, port: options.port ?? 8443 });
    login.listen(options.loginPort ?? 8444, host);
    await once(login, 'listening');
  } catch (err) {
    await app.close();
    login.close();
    throw err;
  }

  service.recordExpiryNotices();
  const expiryJob = setInterval(() => {
    try {
      service.recordExpiryNotices();
    } catch (err) {
      app.log.error({ err }, 'expiry notice job failed');
    }
  }, options.expiryCheckIntervalMs ?? 3_600_000);
  expiryJob.unref();

  const urlHost = host.includes(':') ? `[${host}]` : host;
  const estPort = (app.server.address() as AddressInfo).port;
  const loginPort = (login.address() as AddressInfo).port;
  const paths = pkiPaths(options.dataDir);
  let closed = false;
  return {
    estUrl: `https://${urlHost}:${estPort}`,
    loginUrl: `https://${urlHost}:${loginPort}/`,
    dataDir: options.dataDir,
    caCertPath: paths.caCert,
    tlsCaCertPath: paths.tlsCaCert,
    service,
    seeded,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(expiryJob);
      login.closeAllConnections();
      await Promise.all([app.close(), new Promise<void>((resolve) => login.close(() => resolve()))]);
      service.close();
      lock.release();
    },
  };
}
