// The page's only door to the host: `window.api` with exactly the contract's two members
// (WindowApi). No ipcRenderer, no Electron event object, nothing else crosses into the page.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { WindowApi } from '../contract/channels';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../main/ipc-names';

const api: WindowApi = {
  invoke(channel: string, input: unknown): Promise<unknown> {
    return ipcRenderer.invoke(INVOKE_CHANNEL, channel, input);
  },
  on(event: string, listener: (payload: unknown) => void): () => void {
    if (typeof event !== 'string' || typeof listener !== 'function') throw new TypeError('api.on(event: string, listener: function)');
    const relay = (_ipcEvent: IpcRendererEvent, name: unknown, payload: unknown): void => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, relay);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, relay);
    };
  },
};

contextBridge.exposeInMainWorld('api', api);
