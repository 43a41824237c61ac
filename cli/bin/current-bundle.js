// Which build of the command line may run: dist/cli/cjs-cert.mjs (`npm run build:cli`) only while
// it is current, i.e. none of the files it was built from (listed in dist/cli/sources.json) is
// newer than the build. A listed file that is missing does not count: an installation without
// sources runs the bundle. Plain JavaScript, so that `cjs-cert` and the set-up can ask before any
// TypeScript loader exists; about 2 ms of CPU for the hundred files.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The bundle's path when it is current; undefined when it is missing or older than a source. */
export function currentBundle(root = join(import.meta.dirname, '..', '..')) {
  const bundle = join(root, 'dist', 'cli', 'cjs-cert.mjs');
  if (!existsSync(bundle)) return undefined;
  let sources;
  try {
    sources = JSON.parse(readFileSync(join(root, 'dist', 'cli', 'sources.json'), 'utf8'));
  } catch {
    return undefined;
  }
  const unchanged = sources.inputs.every(
    (path) => (statSync(join(root, path), { throwIfNoEntry: false })?.mtimeMs ?? 0) <= sources.builtAt,
  );
  return unchanged ? bundle : undefined;
}
