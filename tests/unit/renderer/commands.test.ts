// The flows behind the screens, over a fake host: the zustand store as the screens see it.
import { describe, expect, it } from 'vitest';
import type { ChannelName, WindowApi } from '../../../electron/contract/channels';
import { createApiClient } from '../../../renderer/api/client';
import { connectEvents, createCommands } from '../../../renderer/state/commands';
import { createAppStore } from '../../../renderer/state/store';
import { authError, certificate, situation } from './fixtures';

type Handler = (input: Record<string, unknown>, emit: (event: string, payload: unknown) => void) => unknown;

function setUp(handlers: Partial<Record<ChannelName, Handler>>) {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const emit = (event: string, payload: unknown) => listeners.get(event)?.forEach((listener) => listener(payload));
  const calls: { channel: string; input: unknown }[] = [];
  const host: WindowApi = {
    invoke: (channel, input) => {
      calls.push({ channel, input });
      const handler = handlers[channel as ChannelName];
      return Promise.resolve(handler ? handler(input as Record<string, unknown>, emit) : { ok: false, error: authError });
    },
    on: (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  };
  const client = createApiClient(host);
  const store = createAppStore();
  const { dispatch } = store.getState();
  const wizardShown: number[] = [];
  connectEvents(client, dispatch, () => wizardShown.push(Date.now()));
  return { store, calls, emit, wizardShown, commands: createCommands(client, dispatch, () => store.getState()) };
}

const issued = certificate({ serialNumber: '8D4A77', daysLeft: 366 });
const enrolled = {
  ok: true,
  value: {
    operation: 'enroll',
    loginId: 'user01',
    certificate: issued,
    resumed: false,
    removedSerials: [],
    store: { kind: 'nss', location: '/db' },
  },
};

describe('enrollment', () => {
  it("opens the renewal wizard for the notification's certificate, but never over a running enrolment", async () => {
    let finish: (answer: unknown) => void = () => undefined;
    const { store, emit, wizardShown, commands } = setUp({ 'enrollment.start': () => new Promise((resolve) => (finish = resolve)) });
    emit('enrollment.requested', { operation: 'renew', loginId: 'user01' });
    expect(store.getState().enrollment).toMatchObject({ phase: 'form', operation: 'renew', loginId: 'user01' });
    expect(wizardShown).toHaveLength(1);

    store.getState().dispatch({ type: 'enrollment/opened', operation: 'enroll', loginId: 'user02' });
    const running = commands.startEnrollment('pw');
    emit('enrollment.requested', { operation: 'renew', loginId: 'user01' });
    expect(store.getState().enrollment).toMatchObject({ phase: 'running', operation: 'enroll', loginId: 'user02' });
    finish(enrolled);
    await running;
  });

  it('sends the password once, shows progress, ends verified and refreshes status and certificates', async () => {
    const { store, calls, commands } = setUp({
      'enrollment.start': (_, emit) => {
        emit('enrollment.progress', { step: 'prepare', phase: 'done' });
        emit('enrollment.progress', { step: 'keygen', phase: 'start' });
        return enrolled;
      },
      'situation.get': () => ({ ok: true, value: situation({ certificate: issued, certificates: [issued] }) }),
      'certificates.list': () => ({
        ok: true,
        value: {
          certificates: [issued],
          store: { kind: 'nss', location: '/db' },
          revocationChecked: true,
          checkedAt: '2026-12-04T01:00:00.000Z',
        },
      }),
    });
    store.getState().dispatch({ type: 'enrollment/loginIdChanged', loginId: ' user01 ' });
    await commands.startEnrollment('demo-password');

    expect(calls[0]).toEqual({ channel: 'enrollment.start', input: { operation: 'enroll', loginId: 'user01', password: 'demo-password' } });
    expect(calls.map((c) => c.channel).sort()).toEqual(['certificates.list', 'enrollment.start', 'situation.get']);
    const state = store.getState();
    expect(state.enrollment.phase).toBe('verified');
    expect(state.status.situation?.certificate?.daysLeft).toBe(366);
    expect(state.certificates.list?.certificates.map((c) => c.serialNumber)).toEqual(['8D4A77']);
    expect(JSON.stringify(state)).not.toContain('demo-password');
  });

  it('shows a wrong password as CJS-E-AUTH and lets the user try again', async () => {
    const { store, commands } = setUp({ 'enrollment.start': () => ({ ok: false, error: authError }) });
    store.getState().dispatch({ type: 'enrollment/loginIdChanged', loginId: 'user01' });
    await commands.startEnrollment('wrong');
    expect(store.getState().enrollment).toMatchObject({ phase: 'failed', error: { code: 'CJS-E-AUTH', actor: 'user' } });
    expect(JSON.stringify(store.getState())).not.toContain('wrong');
    store.getState().dispatch({ type: 'enrollment/retry' });
    expect(store.getState().enrollment).toMatchObject({ phase: 'form', loginId: 'user01' });
  });
});

describe('removal', () => {
  it('removes only what the user confirmed, then lists again', async () => {
    const { store, calls, commands } = setUp({
      'certificate.remove': (input) => ({ ok: true, value: { removed: input.serial } }),
      'certificates.list': () => ({
        ok: true,
        value: {
          certificates: [],
          store: { kind: 'nss', location: '/db' },
          revocationChecked: true,
          checkedAt: '2026-12-04T01:00:00.000Z',
        },
      }),
      'situation.get': () => ({
        ok: true,
        value: situation({ kind: 'no-certificate', certificate: null, certificates: [], actions: [{ kind: 'enroll' }], actor: 'user' }),
      }),
    });
    await commands.removeCertificate();
    expect(calls).toEqual([]);
    store.getState().dispatch({ type: 'certificates/removeAsked', serial: '5A1F03' });
    await commands.removeCertificate();
    expect(calls[0]).toEqual({ channel: 'certificate.remove', input: { serial: '5A1F03' } });
    expect(store.getState().certificates).toMatchObject({ removal: null, removed: '5A1F03' });
    expect(store.getState().status.situation?.kind).toBe('no-certificate');
  });
});

describe('language', () => {
  it('applies at once and asks the host to remember it', async () => {
    const { store, calls, commands } = setUp({
      'settings.set': (input) => ({
        ok: true,
        value: {
          language: input.language,
          notifications: true,
          autoRenew: true,
          startAtLogin: false,
          issuerUrl: 'https://i',
          loginUrl: 'https://l',
          renewalWindowDays: 30,
        },
      }),
    });
    const pending = commands.chooseLanguage('en');
    expect(store.getState().settings.language).toBe('en');
    await pending;
    expect(calls).toEqual([{ channel: 'settings.set', input: { language: 'en' } }]);
    expect(store.getState().settings).toMatchObject({ language: 'en', saving: false, settings: { language: 'en' } });
  });
});

describe('diagnosis', () => {
  it('collects live progress from the events during the run', async () => {
    const report = {
      createdAt: '2026-12-04T01:00:00.000Z',
      platform: 'linux',
      issuerUrl: 'https://i',
      loginUrl: 'https://l',
      loginId: null,
      summary: { pass: 0, warn: 0, fail: 0, 'not-applicable': 0, error: 0 },
      checks: [],
    };
    const { store, commands } = setUp({
      'diagnosis.run': (_, emit) => {
        emit('diagnosis.progress', { checkId: 'clock', status: 'pass', completed: 1, total: 2 });
        expect(store.getState().diagnosis.live).toEqual([{ checkId: 'clock', status: 'pass' }]);
        return { ok: true, value: report };
      },
    });
    await commands.runDiagnosis();
    expect(store.getState().diagnosis.phase).toBe('done');
  });

  it('checks for the login ID the situation names (whose certificate it is), none before one is known', async () => {
    const report = {
      createdAt: '2026-12-04T01:00:00.000Z',
      platform: 'linux',
      issuerUrl: 'https://i',
      loginUrl: 'https://l',
      loginId: null,
      summary: { pass: 0, warn: 0, fail: 0, 'not-applicable': 0, error: 0 },
      checks: [],
    };
    const { calls, commands } = setUp({
      'diagnosis.run': () => ({ ok: true, value: report }),
      'situation.get': () => ({ ok: true, value: situation({ loginId: 'user01' }) }),
    });
    await commands.runDiagnosis();
    await commands.loadStatus();
    await commands.runDiagnosis();
    expect(calls.filter((c) => c.channel === 'diagnosis.run').map((c) => c.input)).toEqual([{}, { loginId: 'user01' }]);
  });
});

describe('the situation at start', () => {
  it('is asked for once, however many screens need it at once', async () => {
    const { calls, commands } = setUp({ 'situation.get': () => ({ ok: true, value: situation() }) });
    await Promise.all([commands.ensureStatus(), commands.ensureStatus()]);
    await commands.ensureStatus();
    expect(calls.map((c) => c.channel)).toEqual(['situation.get']);
  });
});

describe('renewal without the password', () => {
  const renewedReport = {
    ok: true,
    value: {
      revocationChecked: true,
      checkedAt: '2026-12-05T09:00:00.000Z',
      items: [
        { kind: 'renewed', loginId: 'user01', previousSerial: '5A17', certificate: issued, removedSerials: ['5A17'], resumed: false },
      ],
    },
  };

  it('shows it running, then the outcome, and reads the store again (the card shows the new certificate)', async () => {
    let finish: (answer: unknown) => void = () => undefined;
    const { store, calls, commands } = setUp({
      'renewal.auto': () => new Promise((resolve) => (finish = resolve)),
      'situation.get': () => ({ ok: true, value: situation({ kind: 'valid', certificate: issued }) }),
      'certificates.list': () => ({
        ok: true,
        value: {
          certificates: [issued],
          store: { kind: 'nss', location: '/db' },
          revocationChecked: true,
          checkedAt: '2026-12-05T09:00:00.000Z',
        },
      }),
    });
    const running = commands.renewAutomatically();
    expect(store.getState().renewal.phase).toBe('running');
    // A second click while it runs asks nothing more.
    await commands.renewAutomatically();
    finish(renewedReport);
    await running;
    expect(store.getState().renewal).toMatchObject({ phase: 'done', report: { items: [{ kind: 'renewed', loginId: 'user01' }] } });
    expect(calls.filter((c) => c.channel === 'renewal.auto')).toHaveLength(1);
    expect(store.getState().status.situation?.kind).toBe('valid');
    expect(store.getState().certificates.list?.certificates[0]?.serialNumber).toBe('8D4A77');
  });

  it('a refusal of the whole run is an error the screen shows, with who acts', async () => {
    const { store, commands } = setUp({ 'renewal.auto': () => ({ ok: false, error: authError }) });
    await commands.renewAutomatically();
    expect(store.getState().renewal).toMatchObject({ phase: 'failed', error: { code: authError.code } });
  });

  it('a background renewal (situation.changed from the host) makes the screens read the store again', () => {
    const reloads: string[] = [];
    const listeners = new Map<string, (payload: unknown) => void>();
    const host: WindowApi = {
      invoke: () => Promise.resolve({ ok: false, error: authError }),
      on: (event, listener) => {
        listeners.set(event, listener);
        return () => listeners.delete(event);
      },
    };
    const store = createAppStore();
    connectEvents(createApiClient(host), store.getState().dispatch, undefined, () => reloads.push('reload'));
    listeners.get('situation.changed')!({});
    expect(reloads).toEqual(['reload']);
  });
});
