// The renderer survives its host: every answer is checked against the contract, junk and
// rejections become explained errors, a host that never answers times out, and malformed events
// are dropped. The password never appears in an error.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WindowApi } from '../../../electron/contract/channels';
import { createApiClient, DEFAULT_TIMEOUTS, isWindowApi } from '../../../renderer/api/client';
import { situation } from './fixtures';

type Listener = (payload: unknown) => void;

function host(
  answer: (channel: string, input: unknown) => unknown,
): WindowApi & { emit(event: string, payload: unknown): void; calls: unknown[] } {
  const listeners = new Map<string, Set<Listener>>();
  const calls: unknown[] = [];
  return {
    calls,
    invoke: (channel, input) => {
      calls.push({ channel, input });
      return answer(channel, input) as Promise<unknown>;
    },
    on: (event, listener) => {
      const set = listeners.get(event) ?? new Set<Listener>();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
    emit: (event, payload) => listeners.get(event)?.forEach((listener) => listener(payload)),
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('answers', () => {
  it('passes on a valid answer as the contract parsed it', async () => {
    const client = createApiClient(host(() => Promise.resolve({ ok: true, value: situation() })));
    const result = await client.call('situation.get', {});
    expect(result).toEqual({ ok: true, value: situation() });
  });

  it('passes on an error result from the core unchanged', async () => {
    const error = { code: 'CJS-E-LOCKED', actor: 'master', faq: ['Q13'], params: { loginId: 'user01' } };
    const client = createApiClient(host(() => Promise.resolve({ ok: false, error })));
    expect(await client.call('situation.get', {})).toEqual({ ok: false, error });
  });

  it.each([
    ['a value that breaks the output schema', { ok: true, value: { ...situation(), kind: 'great' } }],
    ['no result shape at all', 'OK'],
    ['undefined', undefined],
    ['an error without its actor', { ok: false, error: { code: 'X', faq: [], params: {} } }],
  ])('turns %s into IPC-BAD-ANSWER', async (_, junk) => {
    const client = createApiClient(host(() => Promise.resolve(junk)));
    const result = await client.call('situation.get', {});
    expect(result).toEqual({ ok: false, error: { code: 'IPC-BAD-ANSWER', actor: 'it', faq: [], params: { channel: 'situation.get' } } });
  });

  it('turns a rejected call into IPC-REJECTED without quoting its message', async () => {
    const client = createApiClient(host(() => Promise.reject(new Error('secret-password leaked'))));
    const result = await client.call('enrollment.start', { operation: 'enroll', loginId: 'user01', password: 'secret-password' });
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain('secret-password');
    expect(!result.ok && result.error.code).toBe('IPC-REJECTED');
    expect(!result.ok && result.error.actor).toBe('it');
  });

  it('turns a host that throws synchronously into IPC-REJECTED', async () => {
    const client = createApiClient(
      host(() => {
        throw new Error('boom');
      }),
    );
    expect(await client.call('settings.get', {})).toMatchObject({ ok: false, error: { code: 'IPC-REJECTED' } });
  });

  it('without a host explains IPC-NO-HOST, an installation problem for IT', async () => {
    const result = await createApiClient(undefined).call('situation.get', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'IPC-NO-HOST', actor: 'it' } });
  });

  it('refuses input that breaks the contract before asking the host, without echoing it', async () => {
    const fake = host(() => Promise.resolve({ ok: true, value: {} }));
    const result = await createApiClient(fake).call('enrollment.start', { operation: 'enroll', loginId: 'has space', password: 'pw-123' });
    expect(result).toMatchObject({ ok: false, error: { code: 'IPC-BAD-REQUEST', params: { channel: 'enrollment.start' } } });
    expect(JSON.stringify(result)).not.toContain('pw-123');
    expect(fake.calls).toEqual([]);
  });
});

describe('time limits', () => {
  it('answers IPC-TIMEOUT when the host never answers, and ignores a late answer', async () => {
    vi.useFakeTimers();
    let answerLate: (value: unknown) => void = () => undefined;
    const client = createApiClient(host(() => new Promise((resolve) => (answerLate = resolve))));
    const pending = client.call('situation.get', {});
    await vi.advanceTimersByTimeAsync(DEFAULT_TIMEOUTS['situation.get']);
    const result = await pending;
    expect(result).toEqual({
      ok: false,
      error: { code: 'IPC-TIMEOUT', actor: 'user', faq: [], params: { channel: 'situation.get', seconds: 30 } },
    });
    answerLate({ ok: true, value: situation() });
    expect(await pending).toEqual(result);
  });

  it('gives enrollment and diagnosis longer than a quick question', () => {
    expect(DEFAULT_TIMEOUTS['enrollment.start']).toBeGreaterThan(DEFAULT_TIMEOUTS['situation.get']);
    expect(DEFAULT_TIMEOUTS['diagnosis.run']).toBeGreaterThan(DEFAULT_TIMEOUTS['settings.get']);
  });

  it('does not time out an answer that arrives in time', async () => {
    vi.useFakeTimers();
    const client = createApiClient(
      host(() => new Promise((resolve) => setTimeout(() => resolve({ ok: true, value: situation() }), 1_000))),
      {
        timeouts: { 'situation.get': 5_000 },
      },
    );
    const pending = client.call('situation.get', {});
    await vi.advanceTimersByTimeAsync(1_000);
    expect((await pending).ok).toBe(true);
  });
});

describe('events', () => {
  it('delivers payloads that match the contract and drops the rest', () => {
    const fake = host(() => Promise.resolve(undefined));
    const dropped: string[] = [];
    const client = createApiClient(fake, { onDroppedEvent: (event) => dropped.push(event) });
    const seen: unknown[] = [];
    const stop = client.subscribe('diagnosis.progress', (payload) => seen.push(payload));
    fake.emit('diagnosis.progress', { checkId: 'clock', status: 'pass', completed: 1, total: 18 });
    fake.emit('diagnosis.progress', { checkId: 'clock', status: 'splendid', completed: 1, total: 18 });
    fake.emit('diagnosis.progress', 'junk');
    expect(seen).toEqual([{ checkId: 'clock', status: 'pass', completed: 1, total: 18 }]);
    expect(dropped).toEqual(['diagnosis.progress', 'diagnosis.progress']);
    stop();
    fake.emit('diagnosis.progress', { checkId: 'network', status: 'pass', completed: 2, total: 18 });
    expect(seen).toHaveLength(1);
  });

  it('survives a host without events or one whose on() throws', () => {
    expect(() => createApiClient(undefined).subscribe('enrollment.progress', () => undefined)()).not.toThrow();
    const broken: WindowApi = {
      invoke: () => Promise.resolve(undefined),
      on: () => {
        throw new Error('no events here');
      },
    };
    expect(() => createApiClient(broken).subscribe('enrollment.progress', () => undefined)()).not.toThrow();
  });
});

describe('the host check', () => {
  it('accepts exactly an object with invoke and on', () => {
    expect(isWindowApi({ invoke: () => undefined, on: () => undefined })).toBe(true);
    expect(isWindowApi({ invoke: () => undefined })).toBe(false);
    expect(isWindowApi(undefined)).toBe(false);
    expect(isWindowApi('api')).toBe(false);
  });
});
