// The real Windows store backend on a real Windows (the CI workflow .github/workflows/windows.yml;
// skipped elsewhere): a certificate obtained from the reference issuing service over EST is
// installed into Cert:\CurrentUser\My through WindowsCertStore, listed (PowerShell and the
// certutil fallback), shown to have a key that cannot be exported, used for a real TLS
// client-certificate login by the diagnosis (PowerShell Invoke-WebRequest, Schannel, the key as
// the store holds it), and removed with its key.
//
// Windows must trust the service's TLS root for that login, as it trusts the bank's: the test adds
// it to Cert:\LocalMachine\Root (the runner is an administrator; CurrentUser\Root would open a
// confirmation dialog nobody can answer) and removes it afterwards.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificatePresentCheck } from '../../electron/core/diagnostics/checks/certificate-present';
import { clientCertLoginCheck } from '../../electron/core/diagnostics/checks/client-cert-login';
import { privateKeyCheck } from '../../electron/core/diagnostics/checks/private-key';
import { runChecks } from '../../electron/core/diagnostics/engine';
import { buildPkcs12, randomPkcs12Password, readCertificate, type CertificateInfo } from '../../electron/core/pki';
import { runProcess } from '../../electron/core/platform/process-runner';
import type { InstallRequest, StoredCertificate } from '../../electron/core/stores/certificate-store';
import { CERTUTIL, parseCertutilStore, POWERSHELL, powershellArgs, WindowsCertStore } from '../../electron/core/stores/windows-store';
import { createDiagnosticsContext } from '../helpers/diagnostics-context';
import { enroll } from '../helpers/est-client';
import { startTestIssuer, type TestIssuer } from '../helpers/issuer';

const onWindows = process.platform === 'win32';
const LOGIN_ID = 'user01';

/** A PowerShell literal for a value the test made itself (a temp path, a thumbprint). */
const literal = (value: string) => `'${value.replaceAll("'", "''")}'`;

async function powershell(script: string): Promise<string> {
  const result = await runProcess(POWERSHELL, powershellArgs(["$ErrorActionPreference = 'Stop'", script].join('\n')), {
    timeoutMs: 60_000,
  });
  if (result.exitCode !== 0) throw new Error(`PowerShell exited with ${result.exitCode}: ${result.stderr.trim()}`);
  return result.stdout.trim();
}

let issuer: TestIssuer;
let rootThumbprint: string | undefined;
let certificate: CertificateInfo;
let installed: StoredCertificate | undefined;
const store = new WindowsCertStore();

describe.skipIf(!onWindows)('WindowsCertStore on Windows (Cert:\\CurrentUser\\My)', () => {
  beforeAll(async () => {
    issuer = await startTestIssuer();
    rootThumbprint = await powershell(
      `(Import-Certificate -FilePath ${literal(issuer.tlsCaCertPath)} -CertStoreLocation 'Cert:\\LocalMachine\\Root').Thumbprint`,
    );
  }, 120_000);

  afterAll(async () => {
    // Whatever a failed test left: the user certificate with its key, and the trusted test root.
    if (certificate && (await store.list()).some((c) => c.thumbprintSha1 === certificate.thumbprintSha1.toUpperCase())) {
      await store.remove({ handle: certificate.thumbprintSha1, thumbprintSha1: certificate.thumbprintSha1 });
    }
    if (rootThumbprint) await powershell(`Remove-Item -LiteralPath ${literal(`Cert:\\LocalMachine\\Root\\${rootThumbprint}`)}`);
    await issuer?.stop();
  }, 120_000);

  it('passes its pre-check: PowerShell can open the store', async () => {
    expect(await store.preCheck()).toEqual({ ok: true, location: 'Cert:\\CurrentUser\\My' });
  });

  it('installs the PKCS#12 of a real enrolment and lists the certificate with its key', async () => {
    const enrolled = await enroll(issuer, LOGIN_ID);
    certificate = enrolled.certificate;
    const ca = readCertificate(await readFile(issuer.caCertPath, 'utf8'));
    const password = randomPkcs12Password();
    const friendlyName = `ろうきん賃金控除 ${LOGIN_ID} ${certificate.serialNumber.slice(-8)}`;
    const request: InstallRequest = {
      pkcs12: buildPkcs12({
        privateKey: enrolled.keyPair.privateKey,
        certificate: certificate.der,
        chain: [ca.der],
        friendlyName,
        password,
      }),
      password,
      certificate,
      friendlyName,
    };
    installed = await store.install(request);
    expect(installed).toMatchObject({ store: 'windows', thumbprintSha1: certificate.thumbprintSha1.toUpperCase(), hasPrivateKey: true });
    expect(installed.subjectCommonName).toBe(LOGIN_ID);
    const listed = (await store.list()).find((c) => c.thumbprintSha1 === installed?.thumbprintSha1);
    expect(listed?.serialNumber).toBe(certificate.serialNumber);
    expect(listed?.notAfter.toISOString()).toBe(certificate.notAfter.toISOString());
    // The Japanese friendly name arrives intact (UTF-8 through stdin and back).
    expect(
      await powershell(
        `[Console]::OutputEncoding = [Text.Encoding]::UTF8; (Get-Item ${literal(`Cert:\\CurrentUser\\My\\${listed?.thumbprintSha1}`)}).FriendlyName`,
      ),
    ).toBe(friendlyName);
  }, 120_000);

  it('keeps the private key non-exportable: Windows refuses to export it', async () => {
    expect(installed).toBeDefined();
    const answer = await powershell(
      [
        `$cert = Get-Item ${literal(`Cert:\\CurrentUser\\My\\${installed?.thumbprintSha1}`)}`,
        "try { [void]$cert.Export([System.Security.Cryptography.X509Certificates.X509ContentType]::Pkcs12, 'probe'); 'exported' } catch { 'refused' }",
      ].join('\n'),
    );
    expect(answer).toBe('refused');
  });

  it('is listed the same by the certutil fallback, parsed from its real output', async () => {
    const result = await runProcess(CERTUTIL, ['-user', '-store', 'My'], { timeoutMs: 60_000 });
    expect(result.exitCode).toBe(0);
    const listed = parseCertutilStore(result.stdout).find((c) => c.thumbprintSha1 === installed?.thumbprintSha1);
    expect(listed).toMatchObject({ hasPrivateKey: true, serialNumber: certificate.serialNumber });
  });

  it('logs in to the login page with it: the diagnosis’ TLS client-certificate check passes', async () => {
    const context = createDiagnosticsContext({ issuer, store, loginId: LOGIN_ID });
    const outcomes = await runChecks([certificatePresentCheck, privateKeyCheck, clientCertLoginCheck], context, {
      deadlineMs: 90_000,
      perCheckTimeoutMs: 60_000,
    });
    const login = outcomes.find((o) => o.id === 'client-cert-login');
    expect(login?.result.status, JSON.stringify(login?.result.evidence)).toBe('pass');
    expect(login?.result.evidence).toMatchObject({ tool: 'powershell', httpStatus: 200 });
  }, 120_000);

  it('removes the certificate with its key: the key file is gone from the profile', async () => {
    expect(installed).toBeDefined();
    const item = literal(`Cert:\\CurrentUser\\My\\${installed?.thumbprintSha1}`);
    // The key's file name, as CNG (Crypto\Keys) or the legacy CSP (Crypto\RSA\<SID>) stores it.
    const keyName = await powershell(
      [
        `$rsa = [System.Security.Cryptography.X509Certificates.RSACertificateExtensions]::GetRSAPrivateKey((Get-Item ${item}))`,
        'if ($rsa -is [System.Security.Cryptography.RSACng]) { $rsa.Key.UniqueName } else { $rsa.CspKeyContainerInfo.UniqueKeyContainerName }',
      ].join('\n'),
    );
    const keyFiles = () =>
      powershell(
        `@(Get-ChildItem -Path (Join-Path $env:APPDATA 'Microsoft\\Crypto') -Recurse -Force -ErrorAction SilentlyContinue -Filter ${literal(keyName)}).Count`,
      );
    expect(await keyFiles()).toBe('1');
    await store.remove(installed!);
    expect((await store.list()).some((c) => c.thumbprintSha1 === installed?.thumbprintSha1)).toBe(false);
    expect(await keyFiles()).toBe('0');
  }, 120_000);
});
