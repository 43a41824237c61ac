// Where the shell finds its parts, relative to the application's root (app.getAppPath()): the
// built screens and the bundled preload. One place, so the packaging (issue 8) changes one file.
import { join } from 'node:path';

export interface ShellPaths {
  /** `npm run build:renderer` output, served as app://cjs/. */
  readonly renderer: string;
  /** The preload, bundled to CommonJS (a sandboxed preload cannot load ES modules). */
  readonly preload: string;
}

export function shellPaths(appRoot: string): ShellPaths {
  return { renderer: join(appRoot, 'dist', 'renderer'), preload: join(appRoot, 'dist', 'electron', 'preload.cjs') };
}
