// The console's session in the core, through the real router: the master's password is held in
// this process only, for 10 minutes after the last console request, and never comes back out
// (answers, events, errors, the router's problem reports).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppHandlers } from '../../../electron/contract/channels';
import { createRouter, type RouterProblem } from '../../../electron/contract/router';
import { createConsoleHandlers, type ContractUsersPort, type ListedUsers } from '../../../electron/core/app/console';
import { CONSOLE_IDLE_MS, ConsoleSession, type MasterCredentials } from '../../../electron/core/app/console-session';
import { toAppError } from '../../../electron/core/app/errors';
import type { AppServices } from '../../../electron/core/app/services';
import { CjsError } from '../../../electron/core/errors';

const MASTER_PASSWORD = 'master-secret-1234';
const NEW_PASSWORD = 'initial-secret-5678';

const LISTED: ListedUsers = {
  contractId: 'C-0001',
  name: 'Demo',
  seats: { used: 3, max: 11 },
  users: [
    { loginId: 'master01', role: 'master', state: 'active', validUntil: null, lastIssuedAt: null, lockedUntil: null, serialNumber: '0A' },
    {
      loginId: 'user02',
      role: 'general',
      state: 'active',
      validUntil: '2027-01-01T00:00:00.000Z',
      lastIssuedAt: '2026-01-01T00:00:00.000Z',
      lockedUntil: null,
      serialNumber: '0B',
    },
  ],
};

/** The issuer as contract-users.ts reaches it: records who asked, refuses a wrong password or a general user. */
function fakeUsers() {
  const seen: { call: string; who: MasterCredentials; args: unknown[] }[] = [];
  const check = (who: MasterCredentials) => {
    if (who.password !== MASTER_PASSWORD) throw new CjsError('CJS-E-AUTH', 'wrong password');
    if (who.loginId !== 'master01') throw new CjsError('CJS-E-FORBIDDEN', 'master only');
  };
  const port: ContractUsersPort = {
    listContractUsers: (_s, who) => (seen.push({ call: 'list', who, args: [] }), check(who), Promise.resolve(LISTED)),
    addContractUser: (_s, who, input) => (seen.push({ call: 'add', who, args: [input] }), check(who), Promise.resolve({})),
    deleteContractUser: (_s, who, loginId) => {
      seen.push({ call: 'delete', who, args: [loginId] });
      check(who);
      if (loginId === 'master01') throw new CjsError('CJS-E-BANK-ONLY', 'only the bank');
      return Promise.resolve({ revokedSerial: '0B' });
    },
    reregisterContractUser: (_s, who, loginId, password) => (
      seen.push({ call: 'reregister', who, args: [loginId, password] }),
      check(who),
      Promise.resolve({ revokedSerial: '0B' })
    ),
    unlockContractUser: (_s, who, loginId) => (seen.push({ call: 'unlock', who, args: [loginId] }), check(who), Promise.resolve()),
    resetContractUserPassword: (_s, who, loginId, password) => (
      seen.push({ call: 'reset', who, args: [loginId, password] }),
      check(who),
      Promise.resolve()
    ),
  };
  return { port, seen };
}

const notUsed = () => Promise.reject(new Error('not used by this test'));

function setUp() {
  const { port, seen } = fakeUsers();
  const session = new ConsoleSession();
  const handlers = {
    'situation.get': notUsed,
    'certificates.list': notUsed,
    'enrollment.start': notUsed,
    'renewal.auto': notUsed,
    'certificate.remove': notUsed,
    'diagnosis.run': notUsed,
    'diagnosis.fix': notUsed,
    'report.export': notUsed,
    'settings.get': notUsed,
    'settings.set': notUsed,
    'help.get': notUsed,
    ...createConsoleHandlers({ services: () => Promise.resolve({} as AppServices), users: port, session }),
  } satisfies AppHandlers;
  const events: [string, unknown][] = [];
  const problems: RouterProblem[] = [];
  const router = createRouter(handlers, {
    toAppError,
    onEvent: (event, payload) => events.push([event, payload]),
    onProblem: (problem) => problems.push(problem),
  });
  const answers: unknown[] = [];
  const invoke = async (channel: string, input: unknown) => {
    const answer = await router.invoke(channel, input);
    answers.push(answer);
    return answer;
  };
  const signIn = (password = MASTER_PASSWORD, loginId = 'master01') => invoke('console.signIn', { loginId, password });
  /** Everything that left the core, as text: no password may be in it. */
  const leaked = () => JSON.stringify({ answers, events, problems });
  return { invoke, signIn, seen, events, leaked, session };
}

describe('the console session', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-12-05T09:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('signs in as the master, lists the users, and later requests use the held credentials (never sent again by the screens)', async () => {
    const s = setUp();
    const answer = await s.signIn();
    expect(answer).toMatchObject({ ok: true, value: { signedInAs: 'master01', seats: { used: 3, max: 11 }, idleMinutes: 10 } });
    expect(await s.invoke('console.list', {})).toMatchObject({
      ok: true,
      value: { users: [{ loginId: 'master01' }, { loginId: 'user02' }] },
    });
    expect(s.seen.map((c) => [c.call, c.who])).toEqual([
      ['list', { loginId: 'master01', password: MASTER_PASSWORD }],
      ['list', { loginId: 'master01', password: MASTER_PASSWORD }],
    ]);
    expect(s.leaked()).not.toContain(MASTER_PASSWORD);
  });

  it('forgets the password after 10 minutes without a console request, and says so (CONSOLE-EXPIRED)', async () => {
    const s = setUp();
    await s.signIn();
    await vi.advanceTimersByTimeAsync(CONSOLE_IDLE_MS - 1_000);
    expect(await s.invoke('console.list', {})).toMatchObject({ ok: true }); // a request restarts the 10 minutes
    await vi.advanceTimersByTimeAsync(CONSOLE_IDLE_MS - 1_000);
    expect(s.session.signedInAs).toBe('master01');
    await vi.advanceTimersByTimeAsync(1_000);
    // Gone from memory by the timer, before any request asks.
    expect(s.session.signedInAs).toBeNull();
    expect(await s.invoke('console.list', {})).toMatchObject({
      ok: false,
      error: { code: 'CONSOLE-EXPIRED', actor: 'user', params: { minutes: 10 } },
    });
    expect(s.seen).toHaveLength(2); // the issuer was not asked with forgotten credentials
  });

  it('expires by the clock alone even if the timer is late (a suspended PC)', () => {
    let now = 0;
    const session = new ConsoleSession({ now: () => now, setTimer: () => 0, clearTimer: () => undefined });
    session.begin({ loginId: 'master01', password: MASTER_PASSWORD });
    now = CONSOLE_IDLE_MS;
    expect(() => session.use()).toThrow(expect.objectContaining({ code: 'CONSOLE-EXPIRED' }));
  });

  it('signs out on request (and when the window closes, which calls the same): CONSOLE-SIGNED-OUT', async () => {
    const s = setUp();
    expect(await s.invoke('console.list', {})).toMatchObject({ ok: false, error: { code: 'CONSOLE-SIGNED-OUT' } });
    await s.signIn();
    expect(await s.invoke('console.signOut', {})).toEqual({ ok: true, value: {} });
    expect(s.session.signedInAs).toBeNull();
    expect(await s.invoke('console.delete', { loginId: 'user02' })).toMatchObject({ ok: false, error: { code: 'CONSOLE-SIGNED-OUT' } });
  });

  it('holds nothing after a refused sign-in: a wrong password, or a general user (CJS-E-FORBIDDEN)', async () => {
    const s = setUp();
    expect(await s.signIn('wrong-password')).toMatchObject({ ok: false, error: { code: 'CJS-E-AUTH' } });
    expect(await s.invoke('console.list', {})).toMatchObject({ ok: false, error: { code: 'CONSOLE-SIGNED-OUT' } });
    expect(await s.signIn(MASTER_PASSWORD, 'user01')).toMatchObject({ ok: false, error: { code: 'CJS-E-FORBIDDEN', actor: 'master' } });
    expect(s.session.signedInAs).toBeNull();
    // A failed sign-in also ends an earlier one: never two masters' passwords, never a stale one.
    await s.signIn();
    await s.signIn('wrong-password');
    expect(s.session.signedInAs).toBeNull();
    expect(s.leaked()).not.toContain('wrong-password');
  });

  it('each change answers the new list and re-reads the situation where this PC may be concerned; passwords never come back', async () => {
    const s = setUp();
    await s.signIn();
    expect(await s.invoke('console.add', { loginId: 'user03', password: NEW_PASSWORD })).toMatchObject({
      ok: true,
      value: { revokedSerial: null },
    });
    expect(s.events).toEqual([]); // a new user has no certificate on any PC yet
    expect(await s.invoke('console.delete', { loginId: 'user02' })).toMatchObject({
      ok: true,
      value: { revokedSerial: '0B', list: { signedInAs: 'master01' } },
    });
    expect(await s.invoke('console.reregister', { loginId: 'user02', password: NEW_PASSWORD })).toMatchObject({
      ok: true,
      value: { revokedSerial: '0B' },
    });
    expect(await s.invoke('console.unlock', { loginId: 'user02' })).toMatchObject({ ok: true });
    expect(await s.invoke('console.resetPassword', { loginId: 'user02', password: NEW_PASSWORD })).toMatchObject({ ok: true });
    expect(s.events).toEqual([
      ['situation.changed', {}],
      ['situation.changed', {}],
      ['situation.changed', {}],
      ['situation.changed', {}],
    ]);
    expect(s.seen.filter((c) => c.call !== 'list').map((c) => [c.call, c.args])).toEqual([
      ['add', [{ loginId: 'user03', password: NEW_PASSWORD }]],
      ['delete', ['user02']],
      ['reregister', ['user02', NEW_PASSWORD]],
      ['unlock', ['user02']],
      ['reset', ['user02', NEW_PASSWORD]],
    ]);
    const leaked = s.leaked();
    expect(leaked).not.toContain(MASTER_PASSWORD);
    expect(leaked).not.toContain(NEW_PASSWORD);
  });

  it("passes the issuer's refusal of the master's own deletion on (CJS-E-BANK-ONLY) and stays signed in", async () => {
    const s = setUp();
    await s.signIn();
    expect(await s.invoke('console.delete', { loginId: 'master01' })).toMatchObject({ ok: false, error: { code: 'CJS-E-BANK-ONLY' } });
    expect(s.session.signedInAs).toBe('master01');
    expect(s.events).toEqual([]);
  });

  it('refuses before the issuer a new login ID or initial password the issuer would refuse, without echoing the password', async () => {
    const s = setUp();
    await s.signIn();
    const bad = await s.invoke('console.add', { loginId: 'a b', password: 'short' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'IPC-BAD-INPUT', params: { paths: 'loginId; password' } } });
    expect(await s.invoke('console.signIn', { loginId: 'master01', password: MASTER_PASSWORD, extra: 1 })).toMatchObject({
      ok: false,
      error: { code: 'IPC-BAD-INPUT', params: { paths: 'extra' } },
    });
    expect(s.leaked()).not.toContain(MASTER_PASSWORD);
    expect(s.seen.filter((c) => c.call === 'add')).toEqual([]);
  });

  it('forgets credentials the issuer stops taking (the password changed elsewhere: CJS-E-AUTH)', async () => {
    const s = setUp();
    await s.signIn();
    s.session.begin({ loginId: 'master01', password: 'changed-elsewhere' });
    expect(await s.invoke('console.list', {})).toMatchObject({ ok: false, error: { code: 'CJS-E-AUTH' } });
    expect(s.session.signedInAs).toBeNull();
  });
});
