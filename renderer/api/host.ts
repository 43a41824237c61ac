// `window.api` is the only thing the renderer takes from its host (preload, or a test binding).
import type { WindowApi } from '../../electron/contract/channels';
import { isWindowApi } from './window-api';

declare global {
  interface Window {
    /** Installed by the preload script (or by a test's init script); absent in a plain browser. */
    readonly api?: unknown;
  }
}

export function readHost(): WindowApi | undefined {
  const api: unknown = window.api;
  return isWindowApi(api) ? api : undefined;
}
