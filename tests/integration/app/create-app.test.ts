// The app's handlers as the router will call them: a real issuer, the real use cases and an NSS
// store in a temporary HOME. What crosses the boundary must parse with the contract, the password
// must never come back in any event, result or error, and errors become data with the right actor.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, EVENTS, type AppHandlers, type ChannelName, type EventName } from '../../../electron/contract/channels';
import { appErrorSchema, type AppError } from '../../../electron/contract/result';
import { createApp } from '../../../electron/core/app/create-app';
import { toAppError } from '../../../electron/core/app/errors';
import { EnrollmentJournal } from '../../../electron/core/enrollment/journal';
import { NssStore } from '../../../electron/core/stores';
import { freshHome } from '../../helpers/cli-process';
import { issuerCertificates, nssContents } from '../../helpers/enrollment-state';
import { DEMO_PASSWORD, startTestIssuer, type TestIssuer } from '../../helpers/issuer';
import { MemoryCredentialVault } from '../../helpers/memory-vault';

let issuer: TestIssuer;
let home: string;
let env: NodeJS.ProcessEnv;
let app: AppHandlers;
const emitted: { event: EventName; payload: unknown }[] = [];

function newApp(): AppHandlers {
  return createApp({
    env,
    overrides: { issuerUrl: issuer.estUrl, trustFiles: [issuer.tlsCaCertPath] },
    // The HOME's own NSS database (the secret files are staged only while an install runs).
    store: new NssStore({ home }),
    journal: new EnrollmentJournal({ dir: join(home, 'journal'), vault: new MemoryCredentialVault() }),
  });
}

/** Calls a handler as the router does: input parsed, output parsed, every event parsed. */
async function call<C extends ChannelName>(channel: C, input: unknown): Promise<unknown> {
  const parsed = CHANNELS[channel].input.parse(input) as Parameters<AppHandlers[C]>[0];
  const handler = app[channel] as (input: unknown, emit: (event: EventName, payload: unknown) => void) => Promise<unknown>;
  const output = await handler(parsed, (event, payload) => emitted.push({ event, payload: EVENTS[event].parse(payload) }));
  return CHANNELS[channel].output.parse(output);
}

/** The failure as data, as the router sends it. */
async function failure(channel: ChannelName, input: unknown): Promise<AppError> {
  const err = await call(channel, input).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `${channel} should fail`).toBeDefined();
  return appErrorSchema.parse(toAppError(err));
}

beforeAll(async () => {
  issuer = await startTestIssuer();
  home = await freshHome('cjs-app-home-');
  env = { HOME: home, XDG_STATE_HOME: join(home, '.local', 'state'), PATH: process.env.PATH };
  app = newApp();
});

afterAll(async () => {
  await issuer?.stop();
  if (home) await rm(home, { recursive: true, force: true });
});

describe('createApp', { timeout: 90_000 }, () => {
  it('settings: Japanese, notifications on, start at login off; the system URLs from the configuration', async () => {
    expect(await call('settings.get', {})).toEqual({
      language: 'ja',
      notifications: true,
      autoRenew: true,
      startAtLogin: false,
      issuerUrl: issuer.estUrl,
      loginUrl: 'https://127.0.0.1:8444/',
      renewalWindowDays: 30,
    });
  });

  it('settings.set persists next to last-issuer.json and a new app reads it back', async () => {
    expect(await call('settings.set', { language: 'en', startAtLogin: true })).toMatchObject({
      language: 'en',
      startAtLogin: true,
      notifications: true,
    });
    const stored = JSON.parse(await readFile(join(home, '.local', 'state', 'cjs-cert', 'preferences.json'), 'utf8')) as unknown;
    expect(stored).toEqual({ language: 'en', notifications: true, autoRenew: true, startAtLogin: true });
    app = newApp();
    expect(await call('settings.get', {})).toMatchObject({ language: 'en', startAtLogin: true });
    await call('settings.set', { language: 'ja', startAtLogin: false });
  });

  it('an empty store: no certificate, obtain one (the user acts)', async () => {
    expect(await call('situation.get', { loginId: 'user01' })).toMatchObject({
      kind: 'no-certificate',
      actor: 'user',
      actions: [{ kind: 'enroll', loginId: 'user01' }],
      issuerReachable: true,
      revocationChecked: true,
    });
  });

  it('enrollment.start: progress per step, a valid certificate for 365–366 days, and the password nowhere', async () => {
    emitted.length = 0;
    const result = (await call('enrollment.start', {
      operation: 'enroll',
      loginId: 'user01',
      password: DEMO_PASSWORD,
      keyAlgorithm: 'ec',
    })) as { certificate: { state: string; daysLeft: number; serialNumber: string }; operation: string };
    expect(result.operation).toBe('enroll');
    expect(result.certificate.state).toBe('valid');
    expect([365, 366]).toContain(result.certificate.daysLeft);
    const progress = emitted.filter((e) => e.event === 'enrollment.progress').map((e) => e.payload as { step: string; phase: string });
    expect(progress.filter((p) => p.phase === 'done').map((p) => p.step)).toEqual([
      'prepare',
      'resume',
      'keygen',
      'request',
      'issue',
      'validate',
      'install',
      'cleanup',
    ]);
    expect(JSON.stringify({ result, emitted })).not.toContain(DEMO_PASSWORD);
    expect(await (await nssContents(home)).serialsOf('user01')).toEqual([result.certificate.serialNumber]);
  });

  it('situation and certificate list then show user01 valid', async () => {
    expect(await call('situation.get', {})).toMatchObject({ kind: 'valid', loginId: 'user01', actor: 'none', actions: [{ kind: 'none' }] });
    const list = (await call('certificates.list', {})) as { certificates: { loginId: string }[]; store: { kind: string } };
    expect(list.certificates.map((c) => c.loginId)).toEqual(['user01']);
    expect(list.store.kind).toBe('nss');
  });

  it('enrolling again while valid: ENROLL-ALREADY-VALID, nobody needs to act, nothing asked of the issuer', async () => {
    const error = await failure('enrollment.start', { operation: 'enroll', loginId: 'user01', password: DEMO_PASSWORD });
    expect(error).toMatchObject({ code: 'ENROLL-ALREADY-VALID', actor: 'none', params: { loginId: 'user01' } });
    expect(issuerCertificates(issuer.dataDir, 'user01')).toHaveLength(1);
  });

  it('a wrong password: CJS-E-AUTH is the user’s to fix, and the password is not in the error', async () => {
    // user01's certificate is on this PC: user02 confirms the second user (Q6), so the password is what is tested.
    const error = await failure('enrollment.start', {
      operation: 'enroll',
      loginId: 'user02',
      password: 'not-the-password',
      allowSecondUser: true,
    });
    expect(error).toMatchObject({ code: 'CJS-E-AUTH', actor: 'user' });
    expect(JSON.stringify(error)).not.toContain('not-the-password');
  });

  it('a removed certificate that the issuer still holds is lost: the master acts (the bank for a master), enroll says the same', async () => {
    const [serial] = await (await nssContents(home)).serialsOf('user01');
    expect(await call('certificate.remove', { serial })).toEqual({ removed: serial });
    expect(await call('situation.get', { loginId: 'user01' })).toMatchObject({
      kind: 'lost',
      actor: 'master',
      actorIfMaster: 'bank',
      actions: [
        { kind: 'contact', actor: 'master', reason: 'lost' },
        { kind: 'reissue', loginId: 'user01' },
      ],
    });
    const error = await failure('enrollment.start', { operation: 'enroll', loginId: 'user01', password: DEMO_PASSWORD });
    expect(error).toMatchObject({ code: 'ENROLL-LOST', actor: 'master', params: { loginId: 'user01', situation: 'lost' } });
  });

  it('removing an unknown serial: CLI-NOT-FOUND, as data', async () => {
    expect(await failure('certificate.remove', { serial: '0BADC0FFEE' })).toMatchObject({ code: 'CLI-NOT-FOUND', actor: 'user' });
  });

  it('help.get: the 25 FAQ entries', async () => {
    const help = (await call('help.get', { language: 'ja' })) as { entries: unknown[] };
    expect(help.entries).toHaveLength(25);
  });
});

describe('toAppError', () => {
  it('an error that is not ours is UNEXPECTED and carries none of its text', () => {
    const error = toAppError(new Error(`cannot open ${home}/secret.p12`));
    expect(error).toEqual({ code: 'UNEXPECTED', actor: 'it', faq: [], params: {} });
  });
});
