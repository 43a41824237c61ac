// The console's flows over a fake host: sign-in, a change and its hand-over, the session's end,
// a step prepared by a link; and no password ever in the renderer's state.
import { describe, expect, it } from 'vitest';
import type { ChannelName, WindowApi } from '../../../electron/contract/channels';
import type { ConsoleList } from '../../../electron/contract/console';
import { createApiClient } from '../../../renderer/api/client';
import { createCommands } from '../../../renderer/state/commands';
import { consoleHash, parseRoute, routeHash } from '../../../renderer/state/navigation';
import { createAppStore } from '../../../renderer/state/store';

const LIST: ConsoleList = {
  contractId: 'C-0001',
  name: 'Demo',
  seats: { used: 3, max: 11 },
  users: [
    { loginId: 'master01', role: 'master', state: 'active', validUntil: null, lastIssuedAt: null, lockedUntil: null, serialNumber: '0A' },
    {
      loginId: 'user02',
      role: 'general',
      state: 'locked',
      validUntil: null,
      lastIssuedAt: null,
      lockedUntil: '2026-12-05T10:00:00.000Z',
      serialNumber: null,
    },
  ],
  signedInAs: 'master01',
  idleMinutes: 10,
};

const error = (code: string) => ({ ok: false, error: { code, actor: 'user', faq: [], params: {} } });

function setUp(answers: Partial<Record<ChannelName, (input: Record<string, unknown>) => unknown>>) {
  const calls: { channel: string; input: unknown }[] = [];
  const host: WindowApi = {
    invoke: (channel, input) => {
      calls.push({ channel, input });
      const answer = answers[channel as ChannelName];
      return Promise.resolve(answer ? answer(input as Record<string, unknown>) : error('IPC-UNKNOWN-CHANNEL'));
    },
    on: () => () => undefined,
  };
  const store = createAppStore();
  const commands = createCommands(createApiClient(host), store.getState().dispatch, () => store.getState());
  return { store, calls, commands, state: () => store.getState().console };
}

describe('the console screen state', () => {
  it('signs in, re-registers a user, and shows whom to tell what; no password is kept', async () => {
    const s = setUp({
      'console.signIn': () => ({ ok: true, value: LIST }),
      'console.reregister': () => ({ ok: true, value: { list: LIST, revokedSerial: '0B' } }),
    });
    await s.commands.consoleSignIn(' master01 ', 'master-secret');
    expect(s.state()).toMatchObject({ phase: 'signed-in', list: { signedInAs: 'master01' }, error: null });
    s.store.getState().dispatch({ type: 'console/actionOpened', kind: 'reregister', loginId: 'user02' });
    await s.commands.consoleApply({ password: 'initial-secret' });
    expect(s.calls.map((c) => c.channel)).toEqual(['console.signIn', 'console.reregister']);
    expect(s.calls[0]!.input).toEqual({ loginId: 'master01', password: 'master-secret' });
    expect(s.calls[1]!.input).toEqual({ loginId: 'user02', password: 'initial-secret' });
    expect(s.state()).toMatchObject({ action: null, done: { kind: 'reregister', loginId: 'user02', revokedSerial: '0B' } });
    const kept = JSON.stringify(s.store.getState());
    expect(kept).not.toContain('master-secret');
    expect(kept).not.toContain('initial-secret');
  });

  it('a general user: the sign-in is refused and the login ID kept to name in the explanation', async () => {
    const s = setUp({ 'console.signIn': () => error('CJS-E-FORBIDDEN') });
    await s.commands.consoleSignIn('user01', 'pw');
    expect(s.state()).toMatchObject({ phase: 'signed-out', error: { code: 'CJS-E-FORBIDDEN' }, lastLoginId: 'user01' });
  });

  it('an expired session (on a list or a change) returns to the sign-in with "sign in again"', async () => {
    const s = setUp({ 'console.signIn': () => ({ ok: true, value: LIST }), 'console.unlock': () => error('CONSOLE-EXPIRED') });
    await s.commands.consoleSignIn('master01', 'pw');
    s.store.getState().dispatch({ type: 'console/actionOpened', kind: 'unlock', loginId: 'user02' });
    await s.commands.consoleApply({});
    expect(s.state()).toMatchObject({ phase: 'signed-out', expired: true, list: null, action: null });
  });

  it('a refused change keeps the dialog open with the error; the add sends the typed ID', async () => {
    const s = setUp({ 'console.signIn': () => ({ ok: true, value: LIST }), 'console.add': () => error('CJS-E-USER-LIMIT') });
    await s.commands.consoleSignIn('master01', 'pw');
    s.store.getState().dispatch({ type: 'console/actionOpened', kind: 'add', loginId: '' });
    await s.commands.consoleApply({ loginId: 'user11', password: 'initial-pw' });
    expect(s.calls.at(-1)).toEqual({ channel: 'console.add', input: { loginId: 'user11', password: 'initial-pw' } });
    expect(s.state()).toMatchObject({
      action: { kind: 'add', loginId: 'user11', phase: 'editing' },
      actionError: { code: 'CJS-E-USER-LIMIT' },
    });
  });

  it('a step from a link opens after the sign-in, for a user of the contract only', async () => {
    const s = setUp({ 'console.signIn': () => ({ ok: true, value: LIST }) });
    s.store.getState().dispatch({ type: 'console/stepRequested', step: 'unlock', loginId: 'user02' });
    expect(s.state().action).toBeNull();
    await s.commands.consoleSignIn('master01', 'pw');
    expect(s.state().action).toEqual({ kind: 'unlock', loginId: 'user02', phase: 'editing' });

    const other = setUp({ 'console.signIn': () => ({ ok: true, value: LIST }) });
    other.store.getState().dispatch({ type: 'console/stepRequested', step: 'reregister', loginId: 'user09' });
    await other.commands.consoleSignIn('master01', 'pw');
    expect(other.state()).toMatchObject({ action: null, pending: null });
  });
});

describe('the console route', () => {
  it('reads #/console and #/console/<step>/<loginId>; anything else opens the plain console', () => {
    expect(parseRoute('#/console')).toEqual({ screen: 'console' });
    expect(parseRoute('#/console/reregister/user02')).toEqual({
      screen: 'console',
      consoleStep: { step: 'reregister', loginId: 'user02' },
    });
    expect(parseRoute('#/console/reset-password/user.02')).toMatchObject({ consoleStep: { step: 'reset-password', loginId: 'user.02' } });
    expect(parseRoute('#/console/delete/user02')).toEqual({ screen: 'console' });
    expect(parseRoute('#/console/unlock/a%20b')).toEqual({ screen: 'console' });
    expect(consoleHash('unlock', 'user02')).toBe('#/console/unlock/user02');
    expect(routeHash({ screen: 'console', consoleStep: { step: 'unlock', loginId: 'user02' } })).toBe('#/console/unlock/user02');
  });
});
