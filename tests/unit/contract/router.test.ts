// The router is the only gate between a window and the core: what it lets through, refuses and
// reports is what a hostile or buggy renderer (or a buggy core) can do.
import { describe, expect, it, vi } from 'vitest';
import type { AppHandlers, ChannelOutput } from '../../../electron/contract/channels';
import type { AppError } from '../../../electron/contract/result';
import { createRouter, type RouterProblem } from '../../../electron/contract/router';

const CERT = {
  loginId: 'user01',
  subject: 'CN=user01',
  issuer: 'CN=Rokin Issuing CA',
  serialNumber: '0A1B',
  thumbprint: 'A'.repeat(40),
  notBefore: '2026-01-01T00:00:00.000Z',
  notAfter: '2027-01-02T00:00:00.000Z',
  daysLeft: 300,
  renewalOpensAt: '2026-12-03T00:00:00.000Z',
  state: 'valid',
  hasPrivateKey: true,
} as const;
const STORE = { kind: 'nss', location: '/home/u/.pki/nssdb' } as const;

const SITUATION: ChannelOutput<'situation.get'> = {
  kind: 'valid',
  loginId: 'user01',
  certificate: CERT,
  certificates: [CERT],
  actions: [{ kind: 'none' }],
  actor: 'none',
  actorIfMaster: null,
  faq: [],
  store: STORE,
  revocationChecked: true,
  issuerReachable: true,
  checkedAt: '2026-03-01T00:00:00.000Z',
};

const notUsed = () => Promise.reject(new Error('not used by this test'));

function fakeHandlers(overrides: Partial<AppHandlers> = {}): AppHandlers {
  return {
    'situation.get': () => Promise.resolve(SITUATION),
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
    'console.signIn': notUsed,
    'console.signOut': notUsed,
    'console.list': notUsed,
    'console.add': notUsed,
    'console.delete': notUsed,
    'console.reregister': notUsed,
    'console.unlock': notUsed,
    'console.resetPassword': notUsed,
    ...overrides,
  };
}

function setup(overrides: Partial<AppHandlers> = {}, toAppError?: (err: unknown) => AppError) {
  const events: [string, unknown][] = [];
  const problems: RouterProblem[] = [];
  const router = createRouter(fakeHandlers(overrides), {
    toAppError: toAppError ?? ((err) => ({ code: 'CORE-FAILED', actor: 'user', faq: ['Q18'], params: { message: String(err) } })),
    onEvent: (event, payload) => events.push([event, payload]),
    onProblem: (p) => problems.push(p),
  });
  return { router, events, problems };
}

const ENROLL_INPUT = { operation: 'enroll', loginId: 'user01', password: 'S3cret-Passw0rd' } as const;

describe('createRouter: channels', () => {
  it('answers a known channel with the handler value', async () => {
    const { router } = setup();
    expect(await router.invoke('situation.get', {})).toEqual({ ok: true, value: SITUATION });
  });

  it.each(['no.such.channel', '__proto__', 'toString', 'constructor', 'hasOwnProperty', ''])(
    'refuses the channel %j without calling anything',
    async (channel) => {
      const spy = vi.fn(() => Promise.resolve(SITUATION));
      const { router } = setup({ 'situation.get': spy });
      expect(await router.invoke(channel, {})).toEqual({
        ok: false,
        error: { code: 'IPC-UNKNOWN-CHANNEL', actor: 'it', faq: [], params: { channel } },
      });
      expect(spy).not.toHaveBeenCalled();
    },
  );

  it('refuses a channel that is not a string, naming only its type', async () => {
    const { router } = setup();
    const res = await router.invoke({ toString: () => 'situation.get' } as unknown as string, {});
    expect(res).toMatchObject({ ok: false, error: { code: 'IPC-UNKNOWN-CHANNEL', params: { channel: '(object)' } } });
  });
});

describe('createRouter: input', () => {
  it('passes the parsed input to the handler (a login ID trimmed as the schema says)', async () => {
    const spy = vi.fn(() => Promise.resolve(SITUATION));
    const { router } = setup({ 'situation.get': spy });
    await router.invoke('situation.get', { loginId: '  user01 ' });
    expect(spy).toHaveBeenCalledWith({ loginId: 'user01' }, expect.any(Function));
  });

  it('refuses a bad input with the fields named, never the values (the password stays out)', async () => {
    const spy = vi.fn(notUsed);
    const { router } = setup({ 'enrollment.start': spy });
    const res = await router.invoke('enrollment.start', { ...ENROLL_INPUT, loginId: 'user 01', keyAlgorithm: 'dsa', note: 'x' });
    expect(res).toEqual({
      ok: false,
      error: {
        code: 'IPC-BAD-INPUT',
        actor: 'it',
        faq: [],
        params: { channel: 'enrollment.start', paths: expect.stringMatching(/loginId/) as string },
      },
    });
    const params = !res.ok ? res.error.params : {};
    expect(String(params.paths).split('; ').sort()).toEqual(['keyAlgorithm', 'loginId', 'note']);
    expect(JSON.stringify(res)).not.toContain('user 01');
    expect(spy).not.toHaveBeenCalled();
  });

  it('does not echo a password refused for its length', async () => {
    const { router } = setup();
    const password = 'Secret!'.repeat(50);
    const res = await router.invoke('enrollment.start', { ...ENROLL_INPUT, password });
    expect(res).toMatchObject({ ok: false, error: { code: 'IPC-BAD-INPUT', params: { paths: 'password' } } });
    expect(JSON.stringify(res)).not.toContain('Secret!');
  });

  it.each([undefined, null, 'text', 42, []])('refuses %j as input for an object channel', async (input) => {
    const { router } = setup();
    expect(await router.invoke('situation.get', input)).toMatchObject({
      ok: false,
      error: { code: 'IPC-BAD-INPUT', params: { paths: '(root)' } },
    });
  });

  it('answers with data even when reading the input throws', async () => {
    const { router } = setup();
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
        ownKeys() {
          throw new Error('boom');
        },
      },
    );
    const res = await router.invoke('situation.get', hostile);
    expect(res.ok).toBe(false);
  });
});

describe('createRouter: output', () => {
  it('refuses an output the contract does not allow, and reports it', async () => {
    const { router, problems } = setup({ 'situation.get': () => Promise.resolve({ ...SITUATION, kind: 'fine' } as never) });
    expect(await router.invoke('situation.get', {})).toEqual({
      ok: false,
      error: { code: 'IPC-BAD-OUTPUT', actor: 'it', faq: [], params: { channel: 'situation.get', paths: 'kind' } },
    });
    expect(problems).toEqual([{ code: 'IPC-BAD-OUTPUT', name: 'situation.get', paths: 'kind' }]);
  });

  it('lets no field through that the contract does not name (a private key stays in the core)', async () => {
    const leaky = { ...SITUATION, certificate: { ...CERT, privateKeyPem: 'key-material-that-must-stay' } };
    const { router } = setup({ 'situation.get': () => Promise.resolve(leaky) });
    const res = await router.invoke('situation.get', {});
    expect(res.ok).toBe(true);
    expect(JSON.stringify(res)).not.toContain('key-material');
  });
});

describe('createRouter: errors', () => {
  it("maps a thrown error with the core's toAppError", async () => {
    const { router } = setup({ 'certificates.list': () => Promise.reject(new Error('store locked')) });
    expect(await router.invoke('certificates.list', {})).toEqual({
      ok: false,
      error: { code: 'CORE-FAILED', actor: 'user', faq: ['Q18'], params: { message: 'Error: store locked' } },
    });
  });

  it('maps a synchronous throw too', async () => {
    const { router } = setup({
      'certificates.list': () => {
        throw new Error('sync');
      },
    });
    expect(await router.invoke('certificates.list', {})).toMatchObject({ ok: false, error: { code: 'CORE-FAILED' } });
  });

  it('answers IPC-INTERNAL when toAppError throws or answers junk', async () => {
    const throwing = setup({ 'certificates.list': notUsed }, () => {
      throw new Error('mapper broken');
    });
    expect(await throwing.router.invoke('certificates.list', {})).toEqual({
      ok: false,
      error: { code: 'IPC-INTERNAL', actor: 'it', faq: [], params: { channel: 'certificates.list' } },
    });
    const junk = setup({ 'certificates.list': notUsed }, () => ({ code: '' }) as AppError);
    expect(await junk.router.invoke('certificates.list', {})).toMatchObject({ ok: false, error: { code: 'IPC-INTERNAL' } });
    expect(junk.problems.map((p) => p.code)).toEqual(['IPC-INTERNAL']);
  });
});

describe('createRouter: events', () => {
  const enrollment = (emitted: (emit: (event: string, payload: unknown) => void) => void): Partial<AppHandlers> => ({
    'enrollment.start': (_input, emit) => {
      emitted(emit as (event: string, payload: unknown) => void);
      return Promise.reject(new Error('stop here'));
    },
  });

  it('passes valid events on, parsed', async () => {
    const { router, events } = setup(
      enrollment((emit) => {
        emit('enrollment.progress', { step: 'keygen', phase: 'done', ms: 12, extra: 'dropped' });
        emit('diagnosis.progress', { checkId: 'dns', status: 'pass', completed: 1, total: 9 });
      }),
    );
    await router.invoke('enrollment.start', ENROLL_INPUT);
    expect(events).toEqual([
      ['enrollment.progress', { step: 'keygen', phase: 'done', ms: 12 }],
      ['diagnosis.progress', { checkId: 'dns', status: 'pass', completed: 1, total: 9 }],
    ]);
  });

  it('drops and reports invalid or unknown events', async () => {
    const { router, events, problems } = setup(
      enrollment((emit) => {
        emit('enrollment.progress', { step: 'teleport', phase: 'done' });
        emit('__proto__', {});
        emit('window.close', {});
      }),
    );
    await router.invoke('enrollment.start', ENROLL_INPUT);
    expect(events).toEqual([]);
    expect(problems).toEqual([
      { code: 'IPC-BAD-EVENT', name: 'enrollment.progress', paths: 'step' },
      { code: 'IPC-BAD-EVENT', name: '__proto__', paths: '(unknown event)' },
      { code: 'IPC-BAD-EVENT', name: 'window.close', paths: '(unknown event)' },
    ]);
  });

  it('keeps the answer when delivering an event fails (the window closed)', async () => {
    const router = createRouter(
      fakeHandlers({
        'situation.get': (_input, emit) => {
          emit('enrollment.progress', { step: 'prepare', phase: 'start' });
          return Promise.resolve(SITUATION);
        },
      }),
      {
        toAppError: () => ({ code: 'X', actor: 'it', faq: [], params: {} }),
        onEvent: () => {
          throw new Error('window destroyed');
        },
      },
    );
    expect(await router.invoke('situation.get', {})).toEqual({ ok: true, value: SITUATION });
  });
});
