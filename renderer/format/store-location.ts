// Where the certificates are kept, as a user reads it. On Linux the NSS database is the one under
// the user's home (Chromium and Firefox read `$HOME/.pki/nssdb`); the home directory's own path
// says nothing to the user and may be long, so it reads `~`. Windows' `Cert:\CurrentUser\My`
// and other places are shown as they are.
import type { Situation } from '../../electron/contract/situation';

type Store = Situation['store'];

const NSS_IN_HOME = /^\/.*\/\.pki\/nssdb\/?$/u;
/** `/home/<user>/…` (Linux) and `/Users/<user>/…` (macOS). */
const UNDER_HOME = /^\/(?:home|Users)\/[^/]+(?=\/|$)/u;

export function storeLocation(store: Store): string {
  if (store.kind === 'nss' && NSS_IN_HOME.test(store.location)) return '~/.pki/nssdb';
  return store.location.replace(UNDER_HOME, '~');
}
