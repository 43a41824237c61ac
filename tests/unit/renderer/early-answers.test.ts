// The window asks for its settings and the situation before the app's code has loaded
// (renderer/main.tsx): those answers must be held to the same contract as any other, reach the
// screens exactly once, and never turn into a second question to the core or an unhandled failure.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WindowApi } from '../../../electron/contract/channels';
import { createApiClient, DEFAULT_TIMEOUTS } from '../../../renderer/api/client';
import { askEarly } from '../../../renderer/api/early';
import { createCommands } from '../../../renderer/state/commands';
import { createAppStore } from '../../../renderer/state/store';
import { situation } from './fixtures';

const settings = {
  language: 'en',
  notifications: true,
  autoRenew: true,
  startAtLogin: false,
  issuerUrl: 'https://est.example.test/.well-known/est',
  loginUrl: 'https://login.example.test/',
  renewalWindowDays: 30,
} as const;

/** A host that answers each call with the next answer of its channel's list. */
function host(answers: Record<string, (() => unknown)[]>): WindowApi & { calls: { channel: string; input: unknown }[] } {
  const calls: { channel: string; input: unknown }[] = [];
  return {
    calls,
    invoke: (channel, input) => {
      calls.push({ channel, input });
      const next = answers[channel]?.shift();
      return next ? (next() as Promise<unknown>) : Promise.resolve({ ok: false, error: { code: 'X', actor: 'it', faq: [], params: {} } });
    },
    on: () => () => undefined,
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the start-up questions', () => {
  it('are put to the host at once, with no input', () => {
    const fake = host({});
    askEarly(fake);
    expect(fake.calls).toEqual([
      { channel: 'settings.get', input: {} },
      { channel: 'situation.get', input: {} },
    ]);
  });

  it('reach the screens through the first command on each channel, without asking the core again', async () => {
    const fake = host({
      'settings.get': [() => Promise.resolve({ ok: true, value: settings })],
      'situation.get': [() => Promise.resolve({ ok: true, value: situation() })],
    });
    const client = createApiClient(fake, { early: askEarly(fake) });
    const store = createAppStore();
    const commands = createCommands(client, store.getState().dispatch, () => store.getState());
    await Promise.all([commands.loadSettings(), commands.ensureStatus()]);
    expect(store.getState().settings).toMatchObject({ phase: 'loaded', language: 'en' });
    expect(store.getState().status).toMatchObject({ phase: 'loaded', situation: situation() });
    expect(fake.calls).toHaveLength(2);
  });

  it('are taken once: "Check again" asks the core anew and shows its newer answer', async () => {
    const renewed = situation({ kind: 'renewal-window' });
    const fake = host({
      'situation.get': [() => Promise.resolve({ ok: true, value: situation() }), () => Promise.resolve({ ok: true, value: renewed })],
    });
    const client = createApiClient(fake, { early: askEarly(fake) });
    expect(await client.call('situation.get', {})).toEqual({ ok: true, value: situation() });
    expect(await client.call('situation.get', {})).toEqual({ ok: true, value: renewed });
    expect(fake.calls.filter((c) => c.channel === 'situation.get')).toHaveLength(2);
  });

  it('are held to the contract: junk is IPC-BAD-ANSWER, a rejection or a throw IPC-REJECTED without its message', async () => {
    const fake = host({
      'settings.get': [
        () => {
          throw new Error('secret-in-message');
        },
      ],
      'situation.get': [() => Promise.resolve({ ok: true, value: { ...situation(), kind: 'great' } })],
    });
    const client = createApiClient(fake, { early: askEarly(fake) });
    expect(await client.call('situation.get', {})).toMatchObject({ ok: false, error: { code: 'IPC-BAD-ANSWER' } });
    const refused = await client.call('settings.get', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'IPC-REJECTED', actor: 'it' } });
    expect(JSON.stringify(refused)).not.toContain('secret-in-message');
  });

  it('do not stand in for a question with input (the situation of a given login ID)', async () => {
    const fake = host({
      'situation.get': [
        () => Promise.resolve({ ok: true, value: situation() }),
        () => Promise.resolve({ ok: true, value: situation({ loginId: 'user02' }) }),
      ],
    });
    const client = createApiClient(fake, { early: askEarly(fake) });
    expect(await client.call('situation.get', { loginId: 'user02' })).toMatchObject({ ok: true, value: { loginId: 'user02' } });
  });

  it('still time out when the host never answers them', async () => {
    vi.useFakeTimers();
    const fake = host({ 'situation.get': [() => new Promise(() => undefined)] });
    const client = createApiClient(fake, { early: askEarly(fake) });
    const pending = client.call('situation.get', {});
    await vi.advanceTimersByTimeAsync(DEFAULT_TIMEOUTS['situation.get']);
    expect(await pending).toMatchObject({ ok: false, error: { code: 'IPC-TIMEOUT', actor: 'user' } });
    expect(fake.calls.filter((c) => c.channel === 'situation.get')).toHaveLength(1);
  });
});
