// Where the shell finds its parts: beside the main bundle itself (dist/electron/main.js), not
// from app.getAppPath(). Started as `electron dist/electron/main.js` (npm start) the app path is
// dist/electron; packaged, it is the archive's root. The layout below the bundle is the same in
// both: dist/electron/{main.js,preload.cjs} and dist/renderer/ (scripts/build-electron.ts).
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface ShellPaths {
  /** `npm run build:renderer` output, served as app://cjs/. */
  readonly renderer: string;
  /** The preload, bundled to CommonJS (a sandboxed preload cannot load ES modules). */
  readonly preload: string;
}

/** `mainDir`: the directory of the running main bundle (dist/electron). */
export function shellPaths(mainDir: string): ShellPaths {
  return { renderer: join(mainDir, '..', 'renderer'), preload: join(mainDir, 'preload.cjs') };
}

/**
 * The files the window cannot do without that are missing, with the command that builds each:
 * without them Electron shows an empty window (no screens) or a page without window.api (no
 * preload), and says nothing.
 */
export function missingParts(paths: ShellPaths, exists: (path: string) => boolean = existsSync): string[] {
  const parts = [
    { file: join(paths.renderer, 'index.html'), build: 'npm run build:renderer' },
    { file: paths.preload, build: 'npm run build:electron' },
  ];
  return parts.filter((part) => !exists(part.file)).map((part) => `${part.file} (${part.build})`);
}
