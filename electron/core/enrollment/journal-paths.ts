import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';

export interface JournalDirContext {
  readonly platform?: NodeJS.Platform;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly home?: string;
}

/**
 * Where pending enrollments are journaled: per-user state that must survive a restart but is
 * neither configuration nor cache (XDG "state"); on Windows the local (non-roaming) profile,
 * because the journal is only meaningful on this PC (P3: the key never moves).
 */
export function defaultJournalDir(context: JournalDirContext = {}): string {
  const platform = context.platform ?? process.platform;
  const env = context.env ?? process.env;
  const home = context.home ?? homedir();
  if (platform === 'win32') {
    const local = nonEmpty(env.LOCALAPPDATA) ?? win32.join(home, 'AppData', 'Local');
    return win32.join(local, 'cjs-cert', 'journal');
  }
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', 'cjs-cert', 'journal');
  // The XDG spec says a relative $XDG_STATE_HOME is invalid and must be ignored.
  const xdg = nonEmpty(env.XDG_STATE_HOME);
  const state = xdg && posix.isAbsolute(xdg) ? xdg : posix.join(home, '.local', 'state');
  return posix.join(state, 'cjs-cert', 'journal');
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
