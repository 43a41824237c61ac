// `npm run bench`: every benchmark in the repository, printed as plain-text tables: the PKI
// benchmark (bench/pki.ts), then the issuer benchmark (bench/issuer.ts).
import { cpus, loadavg, totalmem } from 'node:os';
import { execFileSync } from 'node:child_process';
import { benchIssuer } from './issuer';
import { benchEnrollment } from './enrollment';
import { benchPki } from './pki';
import { formatTable, type BenchTable } from './stats';

function print(result: BenchTable | readonly BenchTable[]): void {
  for (const table of Array.isArray(result) ? (result as readonly BenchTable[]) : [result as BenchTable]) {
    process.stdout.write(`\n${formatTable(table)}`);
  }
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

const pkiDone = Date.now();
print(await benchIssuer());
process.stdout.write(`\nPKI ${((pkiDone - started) / 1000).toFixed(1)} s, issuer ${((Date.now() - pkiDone) / 1000).toFixed(1)} s\n`);

const enrollmentStarted = Date.now();
print(await benchEnrollment()); // bench/enrollment.ts: needs the OS vault (scripts/bench.sh)
process.stdout.write(`\nenrollment ${((Date.now() - enrollmentStarted) / 1000).toFixed(1)} s\n`);

process.stdout.write(`\ntotal: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
