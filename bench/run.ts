// `npm run bench`: every benchmark in the repository, in sequence, printed as plain-text tables:
// the PKI benchmark (bench/pki.ts), the issuer benchmark (bench/issuer.ts), the enrollment
// benchmark (bench/enrollment.ts: per-step enrollment vs openssl + curl + pk12util, and
// `cjs-cert status` with 1/10/100 certificates) and the doctor benchmark (bench/doctor.ts: wall
// time vs the sum of the check times, healthy issuer and silent listeners). About 7 minutes on a
// 2-core machine (2026-12-03: PKI 21 s, issuer 54 s, enrollment 90 s, doctor 254 s, most of it
// waiting on the silent listeners' timeouts), then the app benchmark (bench/app.ts: bundle size,
// navigation → Status visible, click → verified next to the same enrollment in process and by the
// CLI), and the renewal benchmark (bench/renewal.ts: a renewal without the password, in process and
// as `cjs-cert renew --auto`, next to one with the password and to openssl + curl --cert + pk12util;
// about 1 minute); `BENCH_QUICK=1` checks that everything runs. The enrollment, renewal
// and doctor benchmarks need the OS credential vault (a D-Bus session with an unlocked keyring):
// run through scripts/bench.sh (`npm run bench`), which provides one; one alone: `bash scripts/bench.sh NAME`.
// First of all, CLI start-up (bench/cli-start.ts: `cjs-cert --help` from the bundle and through
// tsx, next to `node -e 0`, `openssl version`, `certutil -H`; about 30 s).
import { cpus, loadavg, totalmem } from 'node:os';
import { execFileSync } from 'node:child_process';
import { benchIssuer } from './issuer';
import { benchDoctor } from './doctor';
import { benchEnrollment } from './enrollment';
import { benchRenewal } from './renewal';
import { benchPki } from './pki';
import { benchStatus } from './status';
import { benchApp } from './app';
import { benchCliStart } from './cli-start';
import { formatTable, type BenchTable } from './stats';

function print(result: BenchTable | readonly BenchTable[]): void {
  for (const table of Array.isArray(result) ? (result as readonly BenchTable[]) : [result as BenchTable]) {
    process.stdout.write(`\n${formatTable(table)}`);
  }
}

const cpu = cpus();
let opensslVersion = 'openssl not found';
try {
  opensslVersion = execFileSync('openssl', ['version'], { encoding: 'utf8' }).trim();
} catch {
  /* reported as not found */
}
let curlVersion = 'curl not found';
try {
  curlVersion = execFileSync('curl', ['--version'], { encoding: 'utf8' }).split('\n')[0]!.trim();
} catch {
  /* reported as not found */
}
process.stdout.write(
  [
    `date:    ${new Date().toISOString()}`,
    `machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${process.platform}/${process.arch}`,
    `load:    ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (1/5/15 min averages at start; other work on the machine skews the figures)`,
    `node:    ${process.version} (OpenSSL ${process.versions.openssl ?? '?'}); CLI: ${opensslVersion}; ${curlVersion}`,
    '',
  ].join('\n'),
);

const started = Date.now();
print(await benchCliStart());
process.stdout.write(`\nCLI start-up ${((Date.now() - started) / 1000).toFixed(1)} s\n`);

const pkiStarted = Date.now();
print(await benchPki());

const pkiDone = Date.now();
print(await benchIssuer());
process.stdout.write(`\nPKI ${((pkiDone - pkiStarted) / 1000).toFixed(1)} s, issuer ${((Date.now() - pkiDone) / 1000).toFixed(1)} s\n`);

const enrollmentStarted = Date.now();
print(await benchEnrollment()); // bench/enrollment.ts: needs the OS vault (scripts/bench.sh)
print(await benchStatus()); // bench/status.ts: status with 1/10/100 certificates in the NSS store
process.stdout.write(`\nenrollment ${((Date.now() - enrollmentStarted) / 1000).toFixed(1)} s\n`);

const renewalStarted = Date.now();
print(await benchRenewal()); // bench/renewal.ts: silent vs password renewal; the journal needs the OS vault
process.stdout.write(`\nrenewal ${((Date.now() - renewalStarted) / 1000).toFixed(1)} s\n`);

const doctorStarted = Date.now();
print(await benchDoctor()); // bench/doctor.ts: enrolls first, so needs the OS vault too
process.stdout.write(`\ndoctor ${((Date.now() - doctorStarted) / 1000).toFixed(1)} s\n`);

const appStarted = Date.now();
print(await benchApp()); // bench/app.ts: the renderer in Chromium over the real core; needs the OS vault too
process.stdout.write(`\napp ${((Date.now() - appStarted) / 1000).toFixed(1)} s\n`);

process.stdout.write(`\ntotal: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
