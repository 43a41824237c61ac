// Any RFC 7030 client can enrol: the README's recipe, run with openssl and curl alone, against
// the service started as `npm run issuer` starts it.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../helpers/issuer';
import { spawnIssuer, type IssuerProcess } from '../../helpers/issuer-process';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const run = promisify(execFile);
let issuer: IssuerProcess;
let dataDir: string;
let work: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'cjs-interop-data-'));
  work = await mkdtemp(join(tmpdir(), 'cjs-interop-'));
  issuer = await spawnIssuer(dataDir);
});
afterAll(async () => {
  await issuer?.stop();
  await rm(work, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
});

const sh = (script: string, cwd = work) =>
  run('bash', ['-euo', 'pipefail', '-c', script], { cwd, env: { ...process.env, EST: issuer.estUrl, TRUST: join(dataDir, 'tls-ca.pem') } });

/** The README section's shell blocks, in order. */
async function readmeRecipe(): Promise<string[]> {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
  const section = /^## Enrol with nothing but openssl and curl\n([\s\S]*?)^## /m.exec(readme)?.[1];
  expect(section, 'README section "Enrol with nothing but openssl and curl"').toBeDefined();
  return [...section!.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

/** Replaces every occurrence of `from`, insisting there is one: the test must follow the README. */
function adapt(script: string, from: string, to: string): string {
  expect(script, `the README recipe mentions ${from}`).toContain(from);
  return script.split(from).join(to);
}

/**
 * Runs a script the way a user pastes it into a terminal, except that it has no terminal: curl
 * then reads the password it asks for from stdin instead of /dev/tty.
 */
function runAsUser(script: string, stdin: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-euo', 'pipefail', '-c', script], {
      cwd: ROOT,
      // A new session has no controlling terminal, so curl cannot open /dev/tty.
      detached: true,
      // `cd "$(mktemp -d)"` lands inside the test's directory, which afterAll removes.
      env: { ...process.env, TMPDIR: work },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(stdin);
  });
}

describe('enrolment with openssl + curl', () => {
  it("the README's recipe, run as written, enrols user01 and logs in with the certificate", async () => {
    const [start, recipe] = await readmeRecipe();
    // The service is started on a fresh data directory, as the README says: same program, free ports.
    expect(start).toMatch(/^npm run issuer -- --data \/tmp\/est-demo\b/);
    let script = adapt(recipe!, '/tmp/est-demo', dataDir);
    script = adapt(script, 'https://127.0.0.1:8443', issuer.estUrl);
    script = adapt(script, 'https://127.0.0.1:8444/', issuer.loginUrl);
    // Where the recipe left its files, for the checks below.
    script += '\nprintf "\\nWORKDIR=%s\\n" "$PWD"\n';

    const { code, stdout, stderr } = await runAsUser(script, `${DEMO_PASSWORD}\n`);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain("Enter host password for user 'user01'");
    expect(JSON.parse(stdout.split('\n')[0]!)).toMatchObject({ loginId: 'user01' });

    const scratch = /WORKDIR=(\S+)/.exec(stdout)![1]!;
    expect(scratch.startsWith(work)).toBe(true);
    const { stdout: subject } = await sh('openssl x509 -in cert.pem -noout -subject -issuer -ext extendedKeyUsage', scratch);
    expect(subject).toMatch(/subject=CN\s*=\s*user01/);
    expect(subject).toMatch(/issuer=CN\s*=\s*CJS Reference Issuing CA/);
    expect(subject).toContain('TLS Web Client Authentication');
    const { stdout: verified } = await sh('openssl verify -CAfile ca.pem -purpose sslclient cert.pem', scratch);
    expect(verified.trim()).toBe('cert.pem: OK');
  });

  it("run again, the README's recipe shows the refusal's code instead of decoding it as a certificate", async () => {
    const [, recipe] = await readmeRecipe();
    let script = adapt(recipe!, '/tmp/est-demo', dataDir);
    script = adapt(script, 'https://127.0.0.1:8443', issuer.estUrl);
    script = adapt(script, 'https://127.0.0.1:8444/', issuer.loginUrl);
    const before = new Set(await readdir(work));
    const { code, stdout, stderr } = await runAsUser(script, `${DEMO_PASSWORD}\n`);
    // user01 now has a valid certificate: a second key is refused, and the user sees why.
    expect(code).not.toBe(0);
    expect(stderr).toContain('returned error: 409');
    expect(JSON.parse(stdout.trim())).toMatchObject({ code: 'CJS-E-ACTIVE-CERT', status: 409 });
    // The refusal was not decoded into a certificate file.
    const scratch = (await readdir(work)).filter((d) => !before.has(d));
    expect(scratch).toHaveLength(1);
    const files = await readdir(join(work, scratch[0]!));
    expect(files).toContain('cert.b64');
    expect(files).not.toContain('cert.pem');
  });

  it('shows the problem+json code to a client that sends a wrong password', async () => {
    // The password goes to curl through a netrc file, not the command line.
    await writeFile(join(work, 'netrc-bad'), 'machine 127.0.0.1 login user01 password nope-nope\n', { mode: 0o600 });
    const { stdout } = await sh(`
      openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout k2.pem -subj /CN=user01 -outform DER 2>/dev/null | base64 > c2.b64
      curl -sS --cacert "$TRUST" --netrc-file netrc-bad -H 'Content-Type: application/pkcs10' --data-binary @c2.b64 -w '\\n%{http_code} %{content_type}' "$EST/.well-known/est/simpleenroll"
    `);
    const [body, meta] = stdout.split('\n');
    expect(meta).toBe('401 application/problem+json; charset=utf-8');
    expect(JSON.parse(body!)).toMatchObject({ code: 'CJS-E-AUTH', status: 401 });
  });

  it('reads the CRL with openssl', async () => {
    const { stdout } = await sh(
      `curl -sS --fail --cacert "$TRUST" "$EST/crl" -o crl.der && openssl crl -inform DER -in crl.der -noout -issuer -crlnumber`,
    );
    expect(stdout).toMatch(/issuer=CN\s*=\s*CJS Reference Issuing CA/);
    expect(stdout).toMatch(/crlNumber=/);
    expect((await readFile(join(work, 'crl.der'))).length).toBeGreaterThan(0);
  });
});
