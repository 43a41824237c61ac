// A small model of an NSS database behind a ProcessRunner that answers certutil and pk12util as
// certutil 3.87 does (output formats recorded in this project's integration runs), batch mode
// included: lines split at white space with "…" quoting, `-o FILE` opened before the command
// runs, the batch stopping at its first failing command. Every call is recorded. The database
// files are SQLite headers whose change counter moves on every write, as SQLite's does.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProcessRunner, RunResult } from '../../../electron/core/platform/process-runner';
import { nssKeyId } from '../../../electron/core/stores/nss-store';
import { toPem, type CertificateInfo } from '../../../electron/core/pki';

export interface FakeCertificate {
  readonly nickname: string;
  readonly trust: string;
  readonly info: CertificateInfo;
}

export interface FakeNss {
  readonly runner: ProcessRunner;
  /** Every process run, as `command arg0` (e.g. `certutil -B`). */
  readonly calls: string[];
  /** Every process run, whole. */
  readonly runs: { readonly command: string; readonly args: readonly string[]; readonly stdin: string | undefined }[];
  /** Every batch command line certutil -B ran. */
  readonly batchLines: string[];
  readonly certificates: FakeCertificate[];
  /** CKA_IDs of the keys in the database. */
  readonly keyIds: Set<string>;
  /** What the next `pk12util -i` imports. */
  nextImport: { readonly certificates: FakeCertificate[]; readonly keyIds: readonly string[] } | undefined;
}

const HEADER = [
  '',
  'Certificate Nickname                                         Trust Attributes',
  '                                                             SSL,S/MIME,JAR/XPI',
  '',
];

/** cert9.db and key4.db in `dir` as SQLite (rollback journal) headers; each call bumps their change counter. */
export function touchDatabase(dir: string): void {
  for (const name of ['cert9.db', 'key4.db']) {
    const path = join(dir, name);
    const header = existsSync(path) ? readFileSync(path) : Buffer.alloc(100);
    if (header.length < 100 || header.toString('latin1', 0, 15) !== 'SQLite format 3') {
      header.fill(0);
      header.write('SQLite format 3\0', 0, 'latin1');
      header[18] = 1;
      header[19] = 1;
    }
    header.writeUInt32BE(header.readUInt32BE(24) + 1, 24);
    writeFileSync(path, header);
  }
}

export function fakeNss(): FakeNss {
  const model: FakeNss = {
    calls: [],
    runs: [],
    batchLines: [],
    certificates: [],
    keyIds: new Set(),
    nextImport: undefined,
    runner: (command, args, options) => {
      model.calls.push(`${command} ${args[0] ?? ''}`.trim());
      model.runs.push({ command, args: [...args], stdin: options?.stdin?.toString() });
      return Promise.resolve(command === 'pk12util' ? pk12util(model, args) : certutil(model, args));
    },
  };
  return model;
}

/** A certificate with its key, as pk12util would import it. */
export function withKey(nickname: string, info: CertificateInfo): { certificate: FakeCertificate; keyId: string } {
  return { certificate: { nickname, trust: 'u,u,u', info }, keyId: nssKeyId(info.publicKey)! };
}

function ok(stdout = ''): RunResult {
  return { exitCode: 0, stdout, stderr: '' };
}

function databaseDir(args: readonly string[]): string {
  return (args[args.indexOf('-d') + 1] ?? '').replace(/^sql:/, '');
}

function pk12util(model: FakeNss, args: readonly string[]): RunResult {
  if (args[0] === '-i') touchDatabase(databaseDir(args));
  if (args[0] === '-i' && model.nextImport) {
    model.certificates.push(...model.nextImport.certificates);
    for (const id of model.nextImport.keyIds) model.keyIds.add(id);
    model.nextImport = undefined;
  }
  return ok();
}

function certutil(model: FakeNss, args: readonly string[]): RunResult {
  if (args[0] !== '-B') return runCommand(model, args).result;
  const file = args[args.indexOf('-i') + 1]!;
  let stdout = '';
  for (const line of readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')) {
    model.batchLines.push(line);
    const step = runCommand(model, splitBatchLine(line));
    stdout += step.result.stdout;
    if (step.result.exitCode !== 0) return { exitCode: 255, stdout, stderr: step.result.stderr };
  }
  return ok(stdout);
}

/** certutil.c's batch splitting: white space separates, "…" holds one argument (no escapes). */
function splitBatchLine(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

function runCommand(model: FakeNss, args: readonly string[]): { result: RunResult } {
  const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const out = option('-o');
  if (out !== undefined) writeFileSync(out, ''); // opened before the command runs, as certutil does
  switch (args[0]) {
    case '-H':
      return { result: ok() };
    case '-N':
      touchDatabase(databaseDir(args));
      return { result: ok() };
    case '-K': {
      const ids = [...model.keyIds];
      if (ids.length === 0) return { result: { exitCode: 255, stdout: '', stderr: 'certutil: no keys found\n' } };
      const label = (id: string) => model.certificates.find((c) => nssKeyId(c.info.publicKey) === id)?.nickname ?? '(orphan)';
      return { result: ok(ids.map((id, i) => `< ${i}> ec       ${id}   ${label(id)}\n`).join('')) };
    }
    case '-L': {
      const nickname = option('-n');
      if (nickname === undefined) {
        const lines = model.certificates.map((c) => `${c.nickname.padEnd(60)} ${c.trust}`);
        return { result: ok([...HEADER, ...lines, ''].join('\n')) };
      }
      const certs = model.certificates.filter((c) => c.nickname === nickname);
      if (certs.length === 0) {
        return { result: { exitCode: 255, stdout: '', stderr: `certutil: Could not find cert: ${nickname}\n: PR_FILE_NOT_FOUND_ERROR` } };
      }
      const pem = certs.map((c) => toPem('CERTIFICATE', c.info.der)).join('');
      if (out === undefined) return { result: ok(pem) };
      writeFileSync(out, pem);
      return { result: ok() };
    }
    default:
      return { result: { exitCode: 255, stdout: '', stderr: `fake certutil: ${args[0] ?? ''} not modelled` } };
  }
}
