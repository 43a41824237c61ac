// Windows cannot run here: the exact PowerShell command, script and stdin, and the mapping of the
// script's JSON (constructed fixtures, tests/fixtures/windows/SOURCES.md) to answers and errors.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IssuingError } from '../../../electron/core/issuing/errors';
import { ProcessError } from '../../../electron/core/platform/process-runner';
import { StoreError } from '../../../electron/core/stores/certificate-store';
import { StoreTlsError, type StoreTlsRequest } from '../../../electron/core/stores/store-tls';
import {
  parseStoreTlsOutput,
  POWERSHELL_MARGIN_MS,
  responseFromPs,
  STORE_TLS_SCRIPT,
  storeTlsStdin,
  WindowsTlsClient,
} from '../../../electron/core/stores/store-tls-windows';
import { fakeRunner } from './fake-runner';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'windows');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
const THUMBPRINT = 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678';
const ROOT_DER = Buffer.from('3082010a0282010100c0ffee', 'hex');
const ROOT_PEM = `-----BEGIN CERTIFICATE-----\n${ROOT_DER.toString('base64')}\n-----END CERTIFICATE-----\n`;
const URL_ = new URL('https://issuer.example:8443/.well-known/est/simplereenroll');

function request(overrides: Partial<StoreTlsRequest> = {}): StoreTlsRequest {
  return {
    url: URL_,
    method: 'POST',
    headers: { 'Content-Type': 'application/pkcs10', 'Content-Transfer-Encoding': 'base64' },
    body: Buffer.from('MIIBozCC\r\n'),
    certificate: { store: 'windows', handle: THUMBPRINT, thumbprintSha1: THUMBPRINT },
    timeoutMs: 20_000,
    trust: { extraCaPem: [ROOT_PEM] },
    ...overrides,
  };
}

function withoutBody({ body: _body, ...rest }: StoreTlsRequest): StoreTlsRequest {
  return rest;
}

describe('the PowerShell command', () => {
  it('runs a constant script with the request on stdin, within the deadline plus PowerShell start', async () => {
    const { runner, calls } = fakeRunner(() => ({ stdout: fixture('ps-store-tls.constructed.200.json') }));
    await new WindowsTlsClient({ runner }).request(request());
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call?.command).toBe('powershell.exe');
    expect(call?.args.slice(0, 5)).toEqual(['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand']);
    expect(Buffer.from(call?.args[5] ?? '', 'base64').toString('utf16le')).toBe(STORE_TLS_SCRIPT);
    expect(call?.options?.timeoutMs).toBe(20_000 + POWERSHELL_MARGIN_MS);
    // Neither the body nor the thumbprint is in the command line: both travel on stdin.
    expect(call?.args.join(' ')).not.toContain(THUMBPRINT);
    expect(call?.stdin).toBe(storeTlsStdin(request()));
  });

  it('puts the request on stdin as one base64 line of JSON, the roots as DER', () => {
    const line = storeTlsStdin(request());
    expect(line.endsWith('\n')).toBe(true);
    expect(line.trim()).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(JSON.parse(Buffer.from(line, 'base64').toString('utf8'))).toEqual({
      url: URL_.href,
      method: 'POST',
      headerNames: ['Content-Type', 'Content-Transfer-Encoding'],
      headerValues: ['application/pkcs10', 'base64'],
      hasBody: true,
      body: Buffer.from('MIIBozCC\r\n').toString('base64'),
      thumbprint: THUMBPRINT,
      extraCa: [ROOT_DER.toString('base64')],
      timeoutMs: 20_000,
      maxBytes: 1024 * 1024,
    });
    const get = JSON.parse(Buffer.from(storeTlsStdin(withoutBody(request({ method: 'GET' }))), 'base64').toString('utf8')) as Record<
      string,
      unknown
    >;
    expect(get).toMatchObject({ hasBody: false, body: '' });
  });

  it('refuses a thumbprint that is not 40 hex digits before anything runs', async () => {
    const { runner, calls } = fakeRunner(() => ({}));
    const bad = request({ certificate: { store: 'windows', handle: 'x', thumbprintSha1: "'; Remove-Item C:\\ #" } });
    await expect(new WindowsTlsClient({ runner }).request(bad)).rejects.toBeInstanceOf(StoreError);
    expect(calls).toHaveLength(0);
  });

  it('judges the server in C#: name mismatch and missing certificate refused, extra roots only at the end of a faultless chain', () => {
    // The decisions the script makes, pinned in its text (it cannot run here).
    expect(STORE_TLS_SCRIPT).toContain(
      'if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0) return "RemoteCertificateNameMismatch";',
    );
    expect(STORE_TLS_SCRIPT).toContain('if (errors == SslPolicyErrors.None) return null;');
    expect(STORE_TLS_SCRIPT).toContain('chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.1"));');
    expect(STORE_TLS_SCRIPT).toContain('if (!ours) return "UntrustedRoot";');
    expect(STORE_TLS_SCRIPT).toContain(
      'status.Status != X509ChainStatusFlags.NoError && status.Status != X509ChainStatusFlags.UntrustedRoot',
    );
    expect(STORE_TLS_SCRIPT).toContain('ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12;');
    expect(STORE_TLS_SCRIPT).toContain('request.AllowAutoRedirect = false;');
    // The key is used where it is: found by thumbprint in CurrentUser\My, never exported.
    expect(STORE_TLS_SCRIPT).toContain('new X509Store(StoreName.My, StoreLocation.CurrentUser)');
    expect(STORE_TLS_SCRIPT).not.toMatch(/\.Export|\.PrivateKey\b/);
  });
});

describe('the script answer', () => {
  it('returns status, headers and body exactly, for a success and for a problem+json refusal', () => {
    const ok = responseFromPs(parseStoreTlsOutput(fixture('ps-store-tls.constructed.200.json')), URL_);
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toBe('application/pkcs7-mime; smime-type=certs-only');
    expect(ok.body.toString()).toBe('MIIBozCCAQwCAQAwDzENMAsGA1UEAwwEdXNlcjAxMIGfMA0GCSqGSIb3DQEBAQUAA4GN\r\nADCBiQKBgQC0\r\n');
    const refused = responseFromPs(parseStoreTlsOutput(`\uFEFF${fixture('ps-store-tls.constructed.409-problem.json')}`), URL_);
    expect(refused.status).toBe(409);
    expect(JSON.parse(refused.body.toString())).toMatchObject({ code: 'CJS-E-RENEW-WINDOW' });
  });

  it.each([
    [
      'ps-store-tls.constructed.untrusted.json',
      IssuingError,
      { code: 'ISSUE-TLS', tls: { tlsErrorCode: 'UntrustedRoot', kind: 'certificate' } },
    ],
    [
      'ps-store-tls.constructed.name-mismatch.json',
      IssuingError,
      { code: 'ISSUE-TLS', tls: { tlsErrorCode: 'RemoteCertificateNameMismatch' } },
    ],
    ['ps-store-tls.constructed.refused.json', IssuingError, { code: 'ISSUE-REFUSED', errno: 'ECONNREFUSED' }],
    ['ps-store-tls.constructed.dns.json', IssuingError, { code: 'ISSUE-DNS' }],
    ['ps-store-tls.constructed.timeout-after-handshake.json', IssuingError, { code: 'ISSUE-NO-ANSWER' }],
    ['ps-store-tls.constructed.handshake.json', IssuingError, { code: 'ISSUE-TLS-HANDSHAKE' }],
    ['ps-store-tls.constructed.no-key.json', StoreTlsError, { code: 'RENEW-NEEDS-PASSWORD', reason: 'certificate-missing' }],
  ] as const)('maps %s', (file, type, expected) => {
    const result = parseStoreTlsOutput(fixture(file));
    let error: unknown;
    try {
      responseFromPs(result, URL_);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject(expected);
  });

  it('treats output that is not the JSON, a failing script and a hung PowerShell as what they are', async () => {
    expect(() => parseStoreTlsOutput('Add-Type : Cannot add type. Compilation errors occurred.')).toThrow(StoreError);
    expect(() => parseStoreTlsOutput('{"Status":"200"}')).toThrow(StoreError);
    const failing = fakeRunner(() => ({
      exitCode: 1,
      stderr: 'Cannot invoke method. Method invocation is supported only on core types in this language mode.',
    }));
    await expect(new WindowsTlsClient({ runner: failing.runner }).request(request())).rejects.toMatchObject({
      code: 'STORE-COMMAND-FAILED',
      details: { exitCode: 1 },
    });
    const hung = fakeRunner(() => {
      throw new ProcessError('timeout', 'powershell.exe', [], 'did not finish');
    });
    await expect(new WindowsTlsClient({ runner: hung.runner }).request(request())).rejects.toMatchObject({ code: 'ISSUE-TIMEOUT' });
    const missing = fakeRunner(() => {
      throw new ProcessError('not-found', 'powershell.exe', [], 'not installed');
    });
    await expect(new WindowsTlsClient({ runner: missing.runner }).request(request())).rejects.toMatchObject({ code: 'STORE-TOOL-MISSING' });
  });
});
