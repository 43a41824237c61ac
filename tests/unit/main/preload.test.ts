// The preload exposes exactly window.api = { invoke, on } (WindowApi) and nothing of Electron.
import { beforeEach, describe, expect, it, vi } from 'vitest';

type Relay = (event: unknown, name: unknown, payload: unknown) => void;
const exposed = new Map<string, unknown>();
const relays = new Set<Relay>();
const ipcRenderer = {
  invoke: vi.fn((..._args: unknown[]) => Promise.resolve({ ok: true, value: 1 })),
  on: vi.fn((_channel: string, relay: Relay) => relays.add(relay)),
  removeListener: vi.fn((_channel: string, relay: Relay) => relays.delete(relay)),
};

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
  ipcRenderer,
}));

interface ExposedApi {
  invoke(channel: string, input: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

async function loadApi(): Promise<ExposedApi> {
  await import('../../../electron/preload/preload');
  return exposed.get('api') as ExposedApi;
}

const emit = (name: string, payload: unknown) => {
  for (const relay of [...relays]) relay({ sender: 'ipc internals' }, name, payload);
};

beforeEach(() => relays.clear());

describe('preload', () => {
  it('exposes window.api with exactly invoke and on', async () => {
    const api = await loadApi();
    expect([...exposed.keys()]).toEqual(['api']);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
  });

  it('invoke goes to the one invoke channel with the contract channel and input', async () => {
    const api = await loadApi();
    expect(await api.invoke('situation.get', { loginId: 'user01' })).toEqual({ ok: true, value: 1 });
    expect(ipcRenderer.invoke).toHaveBeenCalledWith('cjs:invoke', 'situation.get', { loginId: 'user01' });
  });

  it("on delivers only that event's payload, without the Electron event, until unsubscribed", async () => {
    const api = await loadApi();
    const seen: unknown[] = [];
    const unsubscribe = api.on('enrollment.progress', (payload) => seen.push(payload));
    emit('enrollment.progress', { step: 'keygen', phase: 'start' });
    emit('diagnosis.progress', { checkId: 'dns' });
    unsubscribe();
    emit('enrollment.progress', { step: 'issue', phase: 'start' });
    expect(seen).toEqual([{ step: 'keygen', phase: 'start' }]);
    expect(relays.size).toBe(0);
  });

  it('refuses a listener that is not a function', async () => {
    const api = await loadApi();
    expect(() => api.on('enrollment.progress', 'alert(1)' as unknown as () => void)).toThrow(TypeError);
  });
});
