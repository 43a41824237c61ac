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

// Issue 10, "Must show": renewal by the current certificate, no password anywhere, over plain
// openssl + curl. Certificates live a day and are renewable in their last half; a restart with
// the test clock offset moves the service into the window.
describe('renewal with the client certificate and no password, openssl + curl', () => {
  let renewData: string;
  let renewWork: string;
  let service: IssuerProcess | undefined;
  const SHORT = ['--validity-days', '1', '--renewal-days', '0.5'];

  beforeAll(async () => {
    renewData = await mkdtemp(join(tmpdir(), 'cjs-renew-data-'));
    // mkdtemp makes it 0700: the key files in it are this test's alone, and removed with it.
    renewWork = await mkdtemp(join(tmpdir(), 'cjs-renew-'));
  });
  afterAll(async () => {
    await service?.stop();
    await rm(renewWork, { recursive: true, force: true });
    await rm(renewData, { recursive: true, force: true });
  });

  const inWork = (script: string) =>
    run('bash', ['-euo', 'pipefail', '-c', script], {
      cwd: renewWork,
      env: { ...process.env, EST: `${service!.estUrl}/.well-known/est`, BASE: service!.estUrl, TRUST: join(renewData, 'tls-ca.pem') },
    });
  /** simplereenroll of renew.b64 with cert.pem + key.pem in the handshake: no -u, no netrc. Prints the body, then "status content-type". */
  const renewByCertificate = (out: string) =>
    inWork(`curl -sS --cacert "$TRUST" --cert cert.pem --key key.pem -H 'Content-Type: application/pkcs10' \\
      -H 'Content-Transfer-Encoding: base64' --data-binary @renew.b64 -o ${out} -w '%{http_code} %{content_type}' "$EST/simplereenroll"`);
  const serialOf = async (pem: string) => (await inWork(`openssl x509 -in ${pem} -noout -serial`)).stdout.trim().replace(/^serial=/, '');
  const keyOf = async (pem: string) => (await inWork(`openssl x509 -in ${pem} -noout -pubkey`)).stdout;

  it('the same key: refused with problem+json outside the window, a new certificate inside it, the same one on a retry', async () => {
    service = await spawnIssuer(renewData, SHORT);
    await writeFile(join(renewWork, 'netrc'), 'machine 127.0.0.1 login user01 password demo-password\n', { mode: 0o600 });
    // First enrolment, with the password (a certificate never stands in for it).
    await inWork(`
      curl -sS --fail --cacert "$TRUST" "$EST/cacerts" | base64 -d | openssl pkcs7 -inform DER -print_certs -out ca.pem
      openssl req -new -newkey rsa:2048 -nodes -keyout key.pem -subj /CN=user01 -outform DER 2>/dev/null | base64 > csr.b64
      curl -sS --fail --cacert "$TRUST" --netrc-file netrc -H 'Content-Type: application/pkcs10' --data-binary @csr.b64 -o cert.b64 "$EST/simpleenroll"
      base64 -d cert.b64 | openssl pkcs7 -inform DER -print_certs -out cert.pem
      rm netrc
      # The renewal request: the same key, a CSR made afresh.
      openssl req -new -key key.pem -subj /CN=user01 -outform DER | base64 > renew.b64
    `);
    const oldSerial = await serialOf('cert.pem');

    // Outside the window: refused, as problem+json with its code.
    const early = await renewByCertificate('early.json');
    expect(early.stdout).toBe('409 application/problem+json; charset=utf-8');
    expect(JSON.parse(await readFile(join(renewWork, 'early.json'), 'utf8'))).toMatchObject({ code: 'CJS-E-RENEW-WINDOW', status: 409 });

    // Three quarters of a day later: inside the window.
    await service.stop();
    service = await spawnIssuer(renewData, SHORT, { CJS_ISSUER_CLOCK_OFFSET_DAYS: '0.75' });
    const renewed = await renewByCertificate('new.b64');
    expect(renewed.stdout).toBe('200 application/pkcs7-mime; smime-type=certs-only');
    // Dated by the service's moved clock, so not valid yet by this machine's: the chain is what counts here.
    const { stdout: verified } = await inWork(
      'base64 -d new.b64 | openssl pkcs7 -inform DER -print_certs -out new.pem && openssl verify -no_check_time -CAfile ca.pem -purpose sslclient new.pem',
    );
    expect(verified.trim()).toBe('new.pem: OK');
    const newSerial = await serialOf('new.pem');
    expect(newSerial).not.toBe(oldSerial);
    expect(await keyOf('new.pem')).toBe(await keyOf('cert.pem'));
    const { stdout: subject } = await inWork('openssl x509 -in new.pem -noout -subject');
    expect(subject).toMatch(/subject=CN\s*=\s*user01/);

    // The old certificate is in the CRL, superseded.
    const { stdout: crl } = await inWork(`curl -sS --fail --cacert "$TRUST" "$BASE/crl" | openssl crl -inform DER -noout -text`);
    expect(crl.replace(/\s+/g, ' ')).toContain(`Serial Number: ${oldSerial}`);
    expect(crl.replace(/\s+/g, ' ')).not.toContain(`Serial Number: ${newSerial}`);

    // The client lost the answer and sends the same request again, still with the old certificate.
    const retried = await renewByCertificate('again.b64');
    expect(retried.stdout).toBe('200 application/pkcs7-mime; smime-type=certs-only');
    expect(await readFile(join(renewWork, 'again.b64'), 'utf8')).toBe(await readFile(join(renewWork, 'new.b64'), 'utf8'));
  });
});
