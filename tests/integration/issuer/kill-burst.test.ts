// Issue 9's load-and-kill case, small: a burst of concurrent enrolments while the issuing service
// (its own process) is SIGKILLed and restarted on the same data directory, three times. What an
// operator checks afterwards: nothing it acknowledged is lost, nothing answered 5xx, every client
// that lost its answer got its certificate by retrying, and the database is intact.
// The audit-sized run (700 enrolments, 8 kills) is bench/issuer-kill-burst.ts.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBurstUsers } from '../../helpers/burst-users';
import { checkWithService, readIssuerRecords } from '../../helpers/issuer-records';
import { IssuerSupervisor } from '../../helpers/issuer-supervisor';
import { runKillBurst } from '../../helpers/kill-burst';

const USERS = 80;
const KILLS = 3;
// 20 clients per address, under the service's bound of 32 connections per address.
const ADDRESSES = 4;
// The password checks are not under test: a cheap cost keeps the burst short, so that the kills
// land among requests in flight rather than in a queue of scrypt runs.
const CHEAP_PASSWORD_COST = { N: 2 ** 10, r: 8, p: 1 };

let dataDir: string;
let supervisor: IssuerSupervisor | undefined;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'cjs-kill-burst-'));
});
afterEach(async () => {
  await supervisor?.stop();
  supervisor = undefined;
  await rm(dataDir, { recursive: true, force: true });
});

describe('the issuer killed during a burst of enrolments', () => {
  it(`${USERS} concurrent enrolments, ${KILLS} SIGKILLs and restarts: every acknowledged certificate is kept, no 5xx, every client gets its certificate`, async () => {
    const password = randomBytes(12).toString('base64url');
    const loginIds = await createBurstUsers({ dataDir, count: USERS, password, passwordCost: CHEAP_PASSWORD_COST });
    supervisor = await IssuerSupervisor.start(dataDir, ['--no-demo']);

    const run = await runKillBurst(supervisor, { loginIds, password, kills: KILLS, addresses: ADDRESSES, maxAttempts: 10 });

    // The kills happened mid-burst: requests were in flight and lost their connection.
    expect(supervisor.restarts).toHaveLength(KILLS);
    expect(run.inFlightAtKills.every((n) => n > 0)).toBe(true);
    const transport = run.attempts.filter((a) => a.outcome === 'transport');
    expect(transport.length).toBeGreaterThan(0);
    // Every HTTP answer was a 200 with the user's own certificate: no 5xx, and no refusal of a
    // retry whose first attempt was issued but never answered.
    expect(run.attempts.filter((a) => a.outcome === 'answered')).toEqual([]);
    // Every request that lost its answer was retried to success after a restart.
    expect([...run.acknowledged.keys()].sort()).toEqual([...loginIds].sort());
    const serials = [...run.acknowledged.values()].map((a) => a.certificate.serialNumber);
    expect(new Set(serials).size).toBe(USERS);

    // One more crash after the last acknowledgement, then what a restarted service says about
    // each: its status is good, and the same CSR sent again gets the very same certificate.
    await supervisor.killAndRestart();
    const service = await supervisor.up();
    expect(await checkWithService(service, run.acknowledged.values(), { password, replay: true })).toEqual({
      notGood: [],
      replayDiffers: [],
    });

    // The database as a crash leaves it: intact, exactly one live certificate per user, each the
    // one acknowledged, each audited, and no certificate that nobody was given.
    await supervisor.kill();
    const records = readIssuerRecords(dataDir);
    expect(records.integrity).toBe('ok');
    expect(records.certificates).toHaveLength(USERS);
    expect(records.certificates.filter((c) => c.revoked)).toEqual([]);
    expect(new Set(records.certificates.map((c) => c.loginId)).size).toBe(USERS);
    for (const acknowledged of run.acknowledged.values()) {
      const record = records.certificates.find((c) => c.serial === acknowledged.certificate.serialNumber);
      expect(record?.der.equals(acknowledged.certificate.der), acknowledged.loginId).toBe(true);
      expect(records.auditedIssued.has(acknowledged.certificate.serialNumber), acknowledged.loginId).toBe(true);
    }
  }, 90_000);
});
