// Any RFC 7030 client can enrol: the README's recipe, run with openssl and curl alone.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestIssuer, type TestIssuer } from '../../helpers/issuer';

const run = promisify(execFile);
let issuer: TestIssuer;
let work: string;

beforeAll(async () => {
  issuer = await startTestIssuer();
  work = await mkdtemp(join(tmpdir(), 'cjs-interop-'));
});
afterAll(async () => {
  await issuer?.stop();
  await rm(work, { recursive: true, force: true });
});

const sh = (script: string) => run('bash', ['-euo', 'pipefail', '-c', script], { cwd: work, env: { ...process.env, EST: issuer.estUrl, TRUST: issuer.tlsCaCertPath } });

describe('enrolment with openssl + curl', () => {
  it('gets the CA, enrols user01 and logs in with the certificate', async () => {
    // The password goes to curl through a netrc file, not the command line.
    await writeFile(join(work, 'netrc'), 'machine 127.0.0.1 login user01 password demo-password\n', { mode: 0o600 });
    await sh(`
      curl -sS --fail --cacert "$TRUST" "$EST/.well-known/est/cacerts" | base64 -d | openssl pkcs7 -inform DER -print_certs -out ca.pem
      openssl req -new -newkey rsa:2048 -nodes -keyout key.pem -subj /CN=user01 -outform DER 2>/dev/null | base64 > csr.b64
      curl -sS --fail --cacert "$TRUST" --netrc-file netrc -H 'Content-Type: application/pkcs10' \\
           --data-binary @csr.b64 "$EST/.well-known/est/simpleenroll" | base64 -d | openssl pkcs7 -inform DER -print_certs -out cert.pem
    `);
    const { stdout: subject } = await sh('openssl x509 -in cert.pem -noout -subject -issuer -ext extendedKeyUsage');
    expect(subject).toMatch(/subject=CN\s*=\s*user01/);
    expect(subject).toMatch(/issuer=CN\s*=\s*CJS Reference Issuing CA/);
    expect(subject).toContain('TLS Web Client Authentication');
    const { stdout: verified } = await sh('openssl verify -CAfile ca.pem -purpose sslclient cert.pem');
    expect(verified.trim()).toBe('cert.pem: OK');

    const { stdout: page } = await sh(`curl -sS --fail --cacert "$TRUST" --cert cert.pem --key key.pem -H 'Accept: application/json' "${issuer.loginUrl}"`);
    expect(JSON.parse(page)).toMatchObject({ loginId: 'user01' });
  });

  it('shows the problem+json code to a client that sends a wrong password', async () => {
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
    const { stdout } = await sh(`curl -sS --fail --cacert "$TRUST" "$EST/crl" -o crl.der && openssl crl -inform DER -in crl.der -noout -issuer -crlnumber`);
    expect(stdout).toMatch(/issuer=CN\s*=\s*CJS Reference Issuing CA/);
    expect(stdout).toMatch(/crlNumber=/);
    expect(await readFile(join(work, 'crl.der'))).toBeTruthy();
  });
});
