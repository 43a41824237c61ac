// Issue 7, "Why": the doctor blamed a server outage on the user's network. Here the issuing
// service's address is a real HTTPS server on 127.0.0.1 with a valid, trusted certificate that
// answers every request with "503 Service Unavailable" (a maintenance page): DNS, TCP and TLS are
// fine, the service is down. The network checks pass; the checks that need the service's answers
// say it is the service, whose operator is the bank — never "see the network checks", never IT.
import { readFile, rm } from 'node:fs/promises';
import { createServer as createHttpsServer } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NextAction } from '../../../electron/contract/actions';
import type { CheckContext } from '../../../electron/core/diagnostics/check';
import { ALL_CHECKS } from '../../../electron/core/diagnostics/checks';
import { runChecks, type CheckOutcome } from '../../../electron/core/diagnostics/engine';
import { createSharedFacts } from '../../../electron/core/diagnostics/shared-facts';
import { EstClient } from '../../../electron/core/issuing';
import { buildPkcs12, randomPkcs12Password, readCertificate } from '../../../electron/core/pki';
import { NssStore } from '../../../electron/core/stores';
import { freshHome } from '../../helpers/cli-process';
import { createDiagnosticsContext, networkTrust } from '../../helpers/diagnostics-context';
import { enroll } from '../../helpers/est-client';
import { startTestIssuer, type TestIssuer } from '../../helpers/issuer';
import { LoopbackServers } from '../../helpers/loopback-servers';
import { createLoopbackTlsIdentity } from '../../helpers/loopback-tls';
import { say } from '../../unit/diagnostics/helpers/message-text';

const NETWORK = ['https-address', 'network', 'tls-handshake', 'server-certificate', 'clock'];
const servers = new LoopbackServers();
const homes: string[] = [];
let issuer: TestIssuer;
let outageUrl: string;
let outageCaPem: string;
let trust: string[];

beforeAll(async () => {
  issuer = await startTestIssuer();
  const identity = await createLoopbackTlsIdentity('CJS Outage Test Root');
  outageCaPem = identity.caPem;
  trust = await networkTrust(outageCaPem);
  const port = await servers.listen(
    createHttpsServer(identity.tls, (_req, res) =>
      res.writeHead(503, { 'content-type': 'text/html', 'retry-after': '600' }).end('<html>メンテナンス中です</html>'),
    ),
  );
  outageUrl = `https://127.0.0.1:${port}`;
});

afterAll(async () => {
  await servers.closeAll();
  await issuer?.stop();
  await Promise.all(homes.map((h) => rm(h, { recursive: true, force: true })));
});

async function emptyStore(): Promise<NssStore> {
  const home = await freshHome('cjs-outage-');
  homes.push(home);
  const store = new NssStore({ home });
  await store.preCheck();
  return store;
}

/** user01's certificate, enrolled from the real issuer before the outage. */
async function storeWithUser01(): Promise<NssStore> {
  const store = await emptyStore();
  const enrolled = await enroll(issuer, 'user01');
  const caCert = readCertificate(await readFile(issuer.caCertPath, 'utf8'));
  const password = randomPkcs12Password();
  const friendlyName = `ろうきん賃金控除 user01 ${enrolled.certificate.serialNumber.slice(-8)}`;
  const pkcs12 = buildPkcs12({
    privateKey: enrolled.keyPair.privateKey,
    certificate: enrolled.certificate.der,
    chain: [caCert.der],
    friendlyName,
    password,
  });
  await store.install({ pkcs12, password, certificate: enrolled.certificate, friendlyName });
  return store;
}

/** The doctor's context with the issuing address on the outage server; `rememberedCa` as after an earlier enrolment. */
async function diagnose(store: NssStore, rememberedCa: boolean): Promise<Map<string, CheckOutcome>> {
  const base = createDiagnosticsContext({
    issuer,
    store,
    loginId: 'user01',
    trustedCaPem: trust,
    settings: { issuerUrl: outageUrl, loginUrl: `${outageUrl}/`, trustFiles: [] },
  });
  const caPem = await readFile(issuer.caCertPath, 'utf8');
  const context: Omit<CheckContext, 'result'> = {
    ...base,
    shared: createSharedFacts({
      store,
      issuing: new EstClient({ baseUrl: outageUrl, trust: { extraCaPem: [outageCaPem] }, timeoutMs: 5_000 }),
      cachedIssuerCas: () => Promise.resolve(rememberedCa ? [readCertificate(caPem)] : undefined),
    }),
  };
  const only = [...NETWORK, 'certificate-present', 'certificate-validity', 'revocation'];
  const checks = ALL_CHECKS.filter((c) => only.includes(c.id));
  const outcomes = await runChecks(checks, context, { deadlineMs: 60_000, perCheckTimeoutMs: 20_000 });
  return new Map(outcomes.map((o) => [o.id, o]));
}

const actionsOf = (outcomes: Map<string, CheckOutcome>): NextAction[] => [...outcomes.values()].flatMap((o) => o.result.actions ?? []);

describe('the issuing service answers 503 over a healthy network', () => {
  it('nothing remembered: the network checks pass, certificate-present says the service is down and the bank acts', async () => {
    const outcomes = await diagnose(await emptyStore(), false);
    for (const id of NETWORK) expect(outcomes.get(id)?.result.status, `${id}: ${say(outcomes.get(id)?.result.summary, 'en')}`).toBe('pass');
    const present = outcomes.get('certificate-present')!;
    expect(present.faq).toEqual(['Q19(1)', 'Q22']);
    expect(present.result).toMatchObject({
      status: 'error',
      codes: ['ISSUE-HTTP-STATUS'],
      actions: [{ kind: 'contact', actor: 'bank', reason: 'issuer-outage' }],
      evidence: { issuerAnswered: true, httpStatus: 503 },
    });
    expect(say(present.result.summary, 'ja')).toContain('HTTP 503');
    // The old advice: "ネットワークの確認結果を見て…" (see the network checks).
    expect(say(present.result.advice, 'ja')).not.toContain('ネットワークの確認結果');
    expect(say(present.result.advice, 'ja')).toContain('ネットワークの問題ではなく');
    expect(actionsOf(outcomes).filter((a) => a.kind === 'contact' && a.actor === 'it')).toEqual([]);
  });

  it("the CA remembered from the enrolment: the certificate is recognised; the CRL's 503 is the service's, not the network's", async () => {
    const outcomes = await diagnose(await storeWithUser01(), true);
    expect(outcomes.get('certificate-present')?.result.status).toBe('pass');
    expect(outcomes.get('certificate-validity')?.result.status).toBe('pass');
    const revocation = outcomes.get('revocation')!;
    expect(revocation.faq).toEqual(['Q12', 'Q13']);
    expect(revocation.result).toMatchObject({
      status: 'warn',
      codes: ['CRL-UNAVAILABLE'],
      actions: [{ kind: 'contact', actor: 'bank', reason: 'issuer-outage' }],
    });
    expect(say(revocation.result.advice, 'en')).toContain('not a problem of your PC or network');
    expect(say(revocation.result.advice, 'en')).not.toContain('see the network checks');
    expect(actionsOf(outcomes).filter((a) => a.kind === 'contact' && a.actor === 'it')).toEqual([]);
  });
});
