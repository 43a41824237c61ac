// What the renderer accepts as its host: an object with the contract's two members. No schemas
// and no DOM here, so the entry (through api/host.ts) loads it before the app's code.
import type { WindowApi } from '../../electron/contract/channels';

/** Is this object shaped like the contract's WindowApi? (The host is not trusted to be.) */
export function isWindowApi(candidate: unknown): candidate is WindowApi {
  if (typeof candidate !== 'object' || candidate === null) return false;
  const api = candidate as Record<string, unknown>;
  return typeof api.invoke === 'function' && typeof api.on === 'function';
}
