import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Writable } from 'node:stream';
import { DEFAULT_POLICY, type PolicySettings } from './domain/api';
import { systemClock, type Clock } from './domain/clock';
import { IssuingService } from './domain/issuing-service';
import { ensureIssuerPki } from './ca/bootstrap';
import { pkiPaths } from './ca/files';
import { buildEstApp } from './http/est-app';
import { createLoginServer } from './login/login-server';

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

/** Starts the reference issuing service: both HTTPS listeners and the expiry-notice job. */
export async function startIssuer(options: IssuerOptions): Promise<RunningIssuer> {
  const clock = options.clock ?? systemClock;
  const host = options.host ?? '127.0.0.1';
  const pki = await ensureIssuerPki(options.dataDir, clock.now());
  const service = await IssuingService.open({
    dataDir: options.dataDir,
    authority: pki.issuing,
    clock,
    policy: { ...DEFAULT_POLICY, ...options.policy },
  });
  const seeded = options.seedDemo === false ? false : await service.seedDemoData();

  const app = buildEstApp({
    service,
    issuingCaDer: pki.issuing.certificate.der,
    tls: pki.server,
    log: { level: options.logLevel ?? 'info', stream: options.logStream },
  });
  const login = createLoginServer({ service, clock, issuingCa: pki.issuing.certificate, tls: pki.server });
  try {
    await app.listen({ host, port: options.port ?? 8443 });
    login.listen(options.loginPort ?? 8444, host);
    await once(login, 'listening');
  } catch (err) {
    await app.close();
    login.close();
    service.close();
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
    },
  };
}
