// A burst of concurrent EST enrolments, one per login ID, during which the issuing service is
// SIGKILLed and restarted on the same data directory (issue 9's audit: 700 enrolments, 8 kills).
// Each client behaves as `cjs-cert enroll` does: a request that fails at the transport level
// (reset, refused, timed out) is sent again, with the same CSR, once the service is back; an HTTP
// answer is final. Every attempt is recorded for the caller to judge.
import { request } from 'node:https';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  createCsr,
  decodeBase64Strict,
  decodeCertsOnly,
  generateKeyPair,
  readCertificate,
  spkiDer,
  type CertificateInfo,
} from '../../electron/core/pki';
import { basicAuth } from './issuer';
import type { IssuerSupervisor, RunningGeneration } from './issuer-supervisor';

export interface KillBurstOptions {
  readonly loginIds: readonly string[];
  readonly password: string;
  /** SIGKILLs during the burst: the k-th once k/(kills+1) of the login IDs are acknowledged. */
  readonly kills: number;
  /**
   * Loopback source addresses (127.0.0.2 …) the clients are spread over, as distinct machines:
   * the service admits `maxConnectionsPerClient` (32) connections per address.
   */
  readonly addresses: number;
  /** Attempts per login ID before giving up (default 20). */
  readonly maxAttempts?: number;
  /** A request with no complete answer by then is abandoned as a transport failure (default 60 s). */
  readonly requestTimeoutMs?: number;
  readonly progress?: (line: string) => void;
}

export type AttemptOutcome = 'acknowledged' | 'answered' | 'transport';

export interface Attempt {
  readonly loginId: string;
  /** Which service process it was sent to (IssuerSupervisor generation). */
  readonly generation: number;
  /** performance.now() */
  readonly startedAt: number;
  readonly endedAt: number;
  /** acknowledged: 200 with this user's certificate; answered: any other HTTP answer. */
  readonly outcome: AttemptOutcome;
  readonly status?: number;
  /** For transport failures: the error code (ECONNRESET, ECONNREFUSED, TIMEOUT, …). */
  readonly error?: string;
}

export interface Acknowledged {
  readonly loginId: string;
  readonly csrDer: Buffer;
  readonly certificate: CertificateInfo;
  /** 1 when the first attempt was acknowledged. */
  readonly attempt: number;
}

export interface KillBurstRun {
  readonly attempts: readonly Attempt[];
  readonly acknowledged: ReadonlyMap<string, Acknowledged>;
  /** How many attempts were in flight at each mid-burst kill. */
  readonly inFlightAtKills: readonly number[];
  readonly startedAt: number;
  readonly endedAt: number;
}

interface Client {
  readonly loginId: string;
  readonly csrDer: Buffer;
  readonly spki: Buffer;
  readonly localAddress: string;
}

/** Runs the burst against the supervised service; returns once every login ID is settled. */
export async function runKillBurst(supervisor: IssuerSupervisor, options: KillBurstOptions): Promise<KillBurstRun> {
  const clients = await prepareClients(options);
  const attempts: Attempt[] = [];
  const acknowledged = new Map<string, Acknowledged>();
  const inFlightAtKills: number[] = [];
  const total = options.loginIds.length;
  const thresholds = Array.from({ length: options.kills }, (_, k) => Math.round(((k + 1) * total) / (options.kills + 1)));
  let inFlight = 0;
  let kills: Promise<unknown> = Promise.resolve();

  const onAcknowledged = (): void => {
    while (thresholds.length > 0 && acknowledged.size >= thresholds[0]!) {
      thresholds.shift();
      // Serialised: a threshold reached while the previous restart is under way waits for it.
      kills = kills.then(async () => {
        const [acked, flying] = [acknowledged.size, inFlight];
        inFlightAtKills.push(flying);
        const restart = await supervisor.killAndRestart();
        options.progress?.(
          `kill ${inFlightAtKills.length}: ${acked}/${total} acknowledged, ${flying} in flight; ` +
            `ready again ${((restart.readyAt - restart.killedAt) / 1000).toFixed(1)} s later`,
        );
      });
    }
  };

  const enrolOne = async (client: Client): Promise<void> => {
    for (let n = 1; n <= (options.maxAttempts ?? 20); n++) {
      const service = await supervisor.up();
      inFlight += 1;
      const startedAt = performance.now();
      const result = await postCsr(service, client, options).finally(() => (inFlight -= 1));
      const endedAt = performance.now();
      const base = { loginId: client.loginId, generation: service.generation, startedAt, endedAt };
      if ('error' in result) {
        attempts.push({ ...base, outcome: 'transport', error: result.error });
        // The service may be down: up() waits for it; a short pause so a refusal is not hammered.
        await sleep(100);
        continue;
      }
      const certificate = result.status === 200 ? certificateFor(client, result.body) : undefined;
      attempts.push({ ...base, outcome: certificate ? 'acknowledged' : 'answered', status: result.status });
      if (certificate) {
        acknowledged.set(client.loginId, { loginId: client.loginId, csrDer: client.csrDer, certificate, attempt: n });
        onAcknowledged();
      }
      return;
    }
  };

  const startedAt = performance.now();
  await Promise.all(clients.map(enrolOne));
  const endedAt = performance.now();
  await kills;
  return { attempts, acknowledged, inFlightAtKills, startedAt, endedAt };
}

async function prepareClients(options: KillBurstOptions): Promise<Client[]> {
  return Promise.all(
    options.loginIds.map(async (loginId, i) => {
      const keyPair = await generateKeyPair('ecdsa-p256');
      return {
        loginId,
        csrDer: await createCsr(keyPair, loginId),
        spki: spkiDer(keyPair.publicKey),
        localAddress: `127.0.0.${2 + (i % options.addresses)}`,
      };
    }),
  );
}

/** The certificate of a 200 answer, if it is one for this client's login ID and key. */
function certificateFor(client: Client, body: string): CertificateInfo | undefined {
  try {
    const [der] = decodeCertsOnly(decodeBase64Strict(body));
    const certificate = readCertificate(der!);
    const ours = certificate.subjectCommonName === client.loginId && spkiDer(certificate.publicKey).equals(client.spki);
    return ours ? certificate : undefined;
  } catch {
    return undefined;
  }
}

type PostResult = { readonly status: number; readonly body: string } | { readonly error: string };

/** simpleenroll over a fresh connection; resolves with the whole answer or the transport error. */
export function postCsr(
  service: RunningGeneration,
  client: Pick<Client, 'loginId' | 'csrDer' | 'localAddress'>,
  options: Pick<KillBurstOptions, 'password' | 'requestTimeoutMs'>,
): Promise<PostResult> {
  return new Promise((resolve) => {
    const req = request(
      new URL('/.well-known/est/simpleenroll', service.estUrl),
      {
        method: 'POST',
        headers: { 'content-type': 'application/pkcs10', authorization: basicAuth(client.loginId, options.password) },
        ca: service.tlsCaPem,
        localAddress: client.localAddress,
        agent: false,
        timeout: options.requestTimeoutMs ?? 60_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        // An answer cut short (the service died while sending it) was not received.
        res.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    req.end(client.csrDer.toString('base64'));
  });
}
