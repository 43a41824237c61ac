// `npm run bench`: every benchmark in the repository, printed as plain-text tables.
// bench/issuer.ts is optional: when present it must export `benchIssuer(): Promise<BenchTable | BenchTable[]>`
// (or a default export of that shape); when absent it is skipped with a note.
import { existsSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { benchPki } from './pki';
import { formatTable, type BenchTable } from './stats';

type BenchFunction = () => Promise<BenchTable | readonly BenchTable[]>;

function print(result: BenchTable | readonly BenchTable[]): void {
  for (const table of Array.isArray(result) ? (result as readonly BenchTable[]) : [result as BenchTable]) {
    process.stdout.write(`\n${formatTable(table)}`);
  }
}

async function loadIssuerBench(): Promise<BenchFunction | string> {
  const url = new URL('./issuer.ts', import.meta.url);
  if (!existsSync(fileURLToPath(url))) return 'bench/issuer.ts is not present: issuer benchmark skipped';
  const mod = (await import(url.href)) as { benchIssuer?: unknown; default?: unknown };
  const fn = mod.benchIssuer ?? mod.default;
  return typeof fn === 'function' ? (fn as BenchFunction) : 'bench/issuer.ts exports no benchIssuer(): issuer benchmark skipped';
}

const cpu = cpus();
let opensslVersion = 'openssl not found';
try { opensslVersion = execFileSync('openssl', ['version'], { encoding: 'utf8' }).trim(); } catch { /* reported as not found */ }
process.stdout.write([
  `date:    ${new Date().toISOString()}`,
  `machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${process.platform}/${process.arch}`,
  `load:    ${loadavg().map((l) => l.toFixed(2)).join(' ')} (1/5/15 min averages at start; other work on the machine skews the figures)`,
  `node:    ${process.version} (OpenSSL ${process.versions.openssl ?? '?'}); CLI: ${opensslVersion}`,
  '',
].join('\n'));

const started = Date.now();
print(await benchPki());

const issuer = await loadIssuerBench();
if (typeof issuer === 'string') process.stdout.write(`\n${issuer}\n`);
else print(await issuer());

process.stdout.write(`\ntotal: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
