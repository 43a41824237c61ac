// CLI start-up benchmark: `cjs-cert --help` as a user starts it (node cli/bin/cjs-cert.js), from
// the bundle (dist/cli, `npm run build:cli`) and from the TypeScript sources through tsx (what
// every run cost before the bundle), next to the floor of any Node program (`node -e 0`) and to
// standard tools a clerk's PC or a test machine starts (`openssl version`, `certutil -H`).
// Budget (issue 8): --help from the bundle ≤ 300 ms. Run alone: `bash scripts/bench.sh cli-start`.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { currentBundle } from '../cli/bin/current-bundle.js';
import { formatTable, measureInterleaved, row, type BenchTable } from './stats';

const ROOT = join(import.meta.dirname, '..');
const CLI_BIN = join(ROOT, 'cli', 'bin', 'cjs-cert.js');
/** Issue 8: `cjs-cert --help` starts in at most this many milliseconds. */
export const HELP_BUDGET_MS = 300;

export const CLI_START_ITERATIONS = 20;
/** `BENCH_QUICK=1`: a few runs only, to check that the benchmark runs (figures meaningless). */
export const CLI_START_ITERATIONS_QUICK = 3;

interface Program {
  readonly operation: string;
  readonly implementation: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

/** Runs one program to its end, output discarded; its exit status is not judged (certutil -H exits 1). */
function runOnce(program: Program): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program.command, program.args, { cwd: ROOT, env: { ...process.env, ...program.env }, stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', () => resolve());
  });
}

async function available(program: Program): Promise<boolean> {
  return runOnce(program).then(
    () => true,
    () => false,
  );
}

export async function benchCliStart(
  iterations = process.env.BENCH_QUICK ? CLI_START_ITERATIONS_QUICK : CLI_START_ITERATIONS,
): Promise<BenchTable> {
  if (!currentBundle()) throw new Error('dist/cli is missing or older than the sources: run `npm run build:cli` first');
  const candidates: Program[] = [
    { operation: 'cjs-cert --help', implementation: 'bundle (dist/cli)', command: process.execPath, args: [CLI_BIN, '--help'] },
    {
      operation: 'cjs-cert --help',
      implementation: 'sources through tsx',
      command: process.execPath,
      args: [CLI_BIN, '--help'],
      env: { CJS_CLI_FROM_SOURCE: '1' },
    },
    { operation: 'baseline', implementation: 'node -e 0', command: process.execPath, args: ['-e', '0'] },
    { operation: 'baseline', implementation: 'openssl version', command: 'openssl', args: ['version'] },
    { operation: 'baseline', implementation: 'certutil -H', command: 'certutil', args: ['-H'] },
  ];
  const programs: Program[] = [];
  for (const program of candidates) if (await available(program)) programs.push(program);
  // Taking turns, so that a change in the machine's load hits every program alike.
  const samples = await measureInterleaved(
    programs.map((program) => () => runOnce(program)),
    iterations,
  );
  const rows = programs.map((program, i) => row(program.operation, program.implementation, samples[i]!));
  const bundleMedian = rows[0]!.summary.median;
  const tsxMedian = rows[1]!.summary.median;
  return {
    title: `CLI start-up: cjs-cert --help (Node ${process.version})`,
    rows,
    notes: [
      `Each: one process from spawn to exit, wall time; ${iterations} runs per program after 2 unmeasured, taking turns.`,
      `Budget (issue 8): --help from the bundle ≤ ${HELP_BUDGET_MS} ms — median ${bundleMedian.toFixed(0)} ms: ${bundleMedian <= HELP_BUDGET_MS ? 'met' : 'MISSED'}; ${(tsxMedian / bundleMedian).toFixed(1)}× faster than through tsx.`,
      'The bundle: cli/bin/cjs-cert.js checks dist/cli/sources.json against the sources (~100 stat calls), loads the entry (usage, translations);',
      '  the commands and the core are in a chunk --help does not load. Through tsx: the loader plus compiling every imported .ts file (cached after the first run).',
      ...(programs.length < candidates.length
        ? [
            `Not on this machine: ${candidates
              .filter((c) => !programs.includes(c))
              .map((c) => c.implementation)
              .join(', ')}.`,
          ]
        : []),
    ],
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(formatTable(await benchCliStart()));
}
