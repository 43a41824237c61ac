// The client-certificate login check's command lines and parsers, per OS, and how answers are
// judged. tstclnt outputs are RECORDED (NSS 3.87, Debian 12, against the reference login
// endpoint); the PowerShell and curl outputs are CONSTRUCTED from the documented formats (no
// Windows or Mac here) and say so.
import { describe, expect, it } from 'vitest';
import {
  judgeLogin,
  loginRequestText,
  macosCurlArgs,
  parseHttpResponse,
  parseLoginBody,
  parseTstclntStderr,
  parseWindowsLoginOutput,
  tstclntArgs,
  windowsLoginScript,
  type LoginProbe,
} from '../../../electron/core/diagnostics/checks/client-cert-login';
import type { StoredCertificate } from '../../../electron/core/stores/certificate-store';
import type { NextAction } from '../../../electron/contract/actions';
import { Personal } from '../../../electron/core/diagnostics/personal';
import { say, unmarkedEvidence } from './helpers/message-text';

// Recorded: tstclnt -o, enrolled user01, HTTP/1.0 request file.
const TSTCLNT_200 =
  'HTTP/1.1 200 OK\r\ncache-control: no-store\r\nx-content-type-options: nosniff\r\ncontent-type: application/json; charset=utf-8\r\nDate: Wed, 25 Nov 2026 18:44:34 GMT\r\nConnection: close\r\n\r\n{"loginId":"user01","serialNumber":"17C7B42A44A0F6492B0557BC47E66AD5","notAfter":"2027-11-26T18:44:32.000Z"}';
const TSTCLNT_403 =
  'HTTP/1.1 403 Forbidden\r\ncache-control: no-store\r\nx-content-type-options: nosniff\r\ncontent-type: application/problem+json; charset=utf-8\r\nDate: Wed, 25 Nov 2026 18:44:36 GMT\r\nConnection: close\r\n\r\n{"type":"urn:cjs-rokin:problem:CJS-E-CERT-REVOKED","title":"Forbidden","status":403,"detail":"The certificate has been revoked.","code":"CJS-E-CERT-REVOKED"}';
const TSTCLNT_STDERR_O =
  "Bad server certificate: -8179, Peer's Certificate issuer is not recognized.\nsubject DN: CN=localhost\nissuer  DN: O=Rokin CJS reference service,CN=CJS Reference TLS Root\n0 cache hits; 0 cache misses, 0 cache not reusable\n0 stateless resumes\nReceived 0 Cert Status items (OCSP stapled data)\n";
const TSTCLNT_STDERR_NO_O =
  "tstclnt: authentication of server cert failed: SEC_ERROR_UNKNOWN_ISSUER: Peer's Certificate issuer is not recognized.\n";
const TSTCLNT_STDERR_NO_CERT = `Failed to load a suitable client certificate \n${TSTCLNT_STDERR_O}`;

const cert: StoredCertificate = {
  store: 'nss',
  handle: 'ろうきん賃金控除 user01 E66AD5',
  subject: 'CN=user01',
  subjectCommonName: 'user01',
  issuer: 'CN=CJS Issuing CA',
  issuerCommonName: 'CJS Issuing CA',
  serialNumber: '17C7B42A44A0F6492B0557BC47E66AD5',
  thumbprintSha1: 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678',
  notBefore: new Date('2026-11-25T18:44:32Z'),
  notAfter: new Date('2027-11-26T18:44:32Z'),
  hasPrivateKey: true,
};
const URL_ = new URL('https://127.0.0.1:8444/login?x=1');
const answer = (raw: string, tool = 'tstclnt'): LoginProbe => ({ kind: 'answer', tool, answer: parseHttpResponse(raw)!, notes: {} });

describe('tstclnt (Linux)', () => {
  it('builds the command: host without brackets, port, sql: DB, nickname as one argument, TLS 1.2–1.3, -o, request file', () => {
    expect(
      tstclntArgs({
        url: new URL('https://[::1]:8444/'),
        dbDir: '/home/u/.pki/nssdb',
        nickname: cert.handle,
        requestFile: '/dev/shm/cjs-cert-x/request.txt',
      }),
    ).toEqual([
      '-h',
      '::1',
      '-p',
      '8444',
      '-d',
      'sql:/home/u/.pki/nssdb',
      '-n',
      'ろうきん賃金控除 user01 E66AD5',
      '-V',
      'tls1.2:tls1.3',
      '-o',
      '-A',
      '/dev/shm/cjs-cert-x/request.txt',
    ]);
    expect(tstclntArgs({ url: new URL('https://www.cjs-rokin.jp/'), dbDir: '/d', nickname: 'n', requestFile: 'f' })).toContain('443');
  });

  it('asks for JSON over HTTP/1.0 with the Host header and the path + query', () => {
    expect(loginRequestText(URL_)).toBe(
      'GET /login?x=1 HTTP/1.0\r\nHost: 127.0.0.1:8444\r\nAccept: application/json\r\nUser-Agent: cjs-cert-doctor\r\nConnection: close\r\n\r\n',
    );
  });

  it('parses the recorded answers: status, headers, JSON body', () => {
    const ok = parseHttpResponse(TSTCLNT_200)!;
    expect(ok).toMatchObject({ statusCode: 200, headers: { 'content-type': 'application/json; charset=utf-8' } });
    expect(parseLoginBody(ok.body)).toEqual({
      loginId: 'user01',
      serialNumber: cert.serialNumber,
      notAfter: '2027-11-26T18:44:32.000Z',
      code: undefined,
      detail: undefined,
    });
    const refused = parseHttpResponse(TSTCLNT_403)!;
    expect(refused.statusCode).toBe(403);
    expect(parseLoginBody(refused.body)).toMatchObject({ code: 'CJS-E-CERT-REVOKED' });
  });

  it('exit 0 with empty output (TLS 1.3 rejection) is no answer, not a success', () => {
    expect(parseHttpResponse('')).toBeUndefined();
    expect(parseHttpResponse('garbage without a status line')).toBeUndefined();
  });

  it('reads NSS verdicts from the recorded stderr', () => {
    expect(parseTstclntStderr(TSTCLNT_STDERR_O)).toMatchObject({
      serverTrustProblem: "-8179 Peer's Certificate issuer is not recognized.",
      clientCertMissing: false,
      errorName: undefined,
    });
    expect(parseTstclntStderr(TSTCLNT_STDERR_NO_O)).toMatchObject({
      errorName: 'SEC_ERROR_UNKNOWN_ISSUER',
      errorLine: expect.stringContaining('authentication of server cert failed') as string,
    });
    expect(parseTstclntStderr(TSTCLNT_STDERR_NO_CERT).clientCertMissing).toBe(true);
    // Constructed from NSS's error names: a server that rejects the certificate in the handshake.
    expect(
      parseTstclntStderr('tstclnt: read from socket failed: SSL_ERROR_BAD_CERT_ALERT: SSL peer cannot verify your certificate.\n')
        .errorName,
    ).toBe('SSL_ERROR_BAD_CERT_ALERT');
  });
});

describe('HTTP answer parsing', () => {
  it('skips an interim 100 Continue and a proxy CONNECT answer (curl -i prints them first)', () => {
    const raw =
      'HTTP/1.1 200 Connection established\r\n\r\nHTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 403 Forbidden\r\ncontent-type: application/problem+json\r\n\r\n{"code":"CJS-E-UNKNOWN-CERT"}';
    expect(parseHttpResponse(raw)).toMatchObject({ statusCode: 403, body: '{"code":"CJS-E-UNKNOWN-CERT"}' });
  });

  it('decodes a chunked body', () => {
    expect(
      parseHttpResponse('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{"log\r\nf\r\ninId":"user01"}\r\n0\r\n\r\n')?.body,
    ).toBe('{"loginId":"user01"}');
  });
});

describe('PowerShell (Windows)', () => {
  it('builds the script with the checked thumbprint, the quoted URL, UTF-8 output and JSON', () => {
    const script = windowsLoginScript(new URL("https://example.jp/it's"), cert.thumbprintSha1.toLowerCase());
    expect(script).toContain("Get-Item -LiteralPath 'Cert:\\CurrentUser\\My\\A1B2C3D4E5F60718293A4B5C6D7E8F9012345678'");
    expect(script).toContain(
      "-Uri 'https://example.jp/it''s' -Certificate $cert -UseBasicParsing -Headers @{ Accept = 'application/json' }",
    );
    expect(script).toContain('[Console]::OutputEncoding = [Text.Encoding]::UTF8');
    expect(script).toContain('catch [System.Net.WebException]');
    expect(script).toMatch(/ConvertTo-Json -Compress$/);
  });

  it('refuses a thumbprint that is not 40 hex digits, and a non-https URL', () => {
    expect(() => windowsLoginScript(URL_, "A1B2'; Remove-Item C:\\ -Recurse; '")).toThrow(/thumbprint/);
    expect(() => windowsLoginScript(URL_, 'A1B2')).toThrow(/thumbprint/);
    expect(() => windowsLoginScript(new URL('http://example.jp/'), cert.thumbprintSha1)).toThrow(/https/);
  });

  // CONSTRUCTED (not recorded): the script's ConvertTo-Json -Compress line, with the BOM and
  // CRLF Windows PowerShell may add.
  it('parses the constructed outputs: 200, 403 read from the WebException, and a TLS failure', () => {
    const ok = parseWindowsLoginOutput(
      '\uFEFF{"statusCode":200,"content":"{\\"loginId\\":\\"user01\\",\\"serialNumber\\":\\"17C7\\"}","error":null,"errorStatus":null}\r\n',
    );
    expect(ok).toMatchObject({ ok: true, answer: { statusCode: 200 } });
    expect(ok.ok && parseLoginBody(ok.answer.body).loginId).toBe('user01');
    const refused = parseWindowsLoginOutput(
      '{"statusCode":403,"content":"{\\"code\\":\\"CJS-E-CERT-REVOKED\\",\\"status\\":403}","error":"リモート サーバーがエラーを返しました: (403) 使用不可能","errorStatus":"ProtocolError"}\r\n',
    );
    expect(refused).toMatchObject({ ok: true, answer: { statusCode: 403 } });
    const tls = parseWindowsLoginOutput(
      '{"statusCode":null,"content":null,"error":"要求は中止されました: SSL/TLS のセキュリティで保護されているチャネルを作成できませんでした","errorStatus":"SecureChannelFailure"}',
    );
    expect(tls).toEqual({ ok: false, error: expect.stringContaining('SSL/TLS') as string, errorStatus: 'SecureChannelFailure' });
    expect(parseWindowsLoginOutput('')).toMatchObject({ ok: false });
  });
});

describe('curl (macOS)', () => {
  it('builds curl -i with the keychain identity label, https only, JSON wanted', () => {
    expect(macosCurlArgs(URL_, 'user01')).toEqual([
      '-sS',
      '-i',
      '--proto',
      '=https',
      '--max-time',
      '10',
      '-k',
      '--cert',
      'user01',
      '-H',
      'Accept: application/json',
      'https://127.0.0.1:8444/login?x=1',
    ]);
  });

  it('refuses a label curl would split at ":" and a non-https URL', () => {
    expect(() => macosCurlArgs(URL_, 'user01:secret')).toThrow(/--cert/);
    expect(() => macosCurlArgs(new URL('http://example.jp/'), 'user01')).toThrow(/https/);
  });
});

describe('judging the login', () => {
  const expected = { loginId: 'user01', cert };
  it('200 with the expected login ID passes with status, login ID and serial', () => {
    const res = judgeLogin(answer(TSTCLNT_200), expected, URL_.href);
    expect(res.status).toBe('pass');
    expect(unmarkedEvidence(res.evidence)).toMatchObject({ httpStatus: 200, loginId: 'user01', serialNumber: cert.serialNumber });
    // The login ID and the subject identify the clerk: marked for the export's masking.
    expect(res.evidence.loginId).toBeInstanceOf(Personal);
    expect(res.evidence.subject).toBeInstanceOf(Personal);
  });

  it("200 as another user fails with the other user's name", () => {
    const res = judgeLogin(answer(TSTCLNT_200), { loginId: 'user02', cert }, URL_.href);
    expect(res).toMatchObject({ status: 'fail', codes: ['CERT-OTHER-USER'], actions: [{ kind: 'enroll', loginId: 'user02' }] });
    expect(unmarkedEvidence(res.evidence)).toMatchObject({ loginId: 'user01', expectedLoginId: 'user02' });
    expect(say(res.summary, 'ja')).toBe('user01 としてログインしました (user02 ではありません)');
  });

  it('maps refusal codes to advice and actions: revoked → master + re-obtain, expired → enrol, unknown → choose the right certificate (Q17)', () => {
    const refusal = (code: string, actions?: NextAction[]) =>
      judgeLogin(answer(`HTTP/1.1 403 Forbidden\r\n\r\n{"code":"${code}"}`), { ...expected, actions }, URL_.href);
    expect(refusal('CJS-E-CERT-REVOKED')).toMatchObject({
      status: 'fail',
      codes: ['CJS-E-CERT-REVOKED'],
      actions: [
        { kind: 'contact', actor: 'master', reason: 'revoked' },
        { kind: 'enroll', loginId: 'user01' },
      ],
    });
    expect(say(refusal('CJS-E-CERT-REVOKED').advice, 'ja')).toContain('マスターユーザー');
    expect(refusal('CJS-E-CERT-EXPIRED').actions).toEqual([{ kind: 'enroll', loginId: 'user01' }]);
    expect(say(refusal('CJS-E-CERT-EXPIRED').advice, 'en')).toContain('obtain a new one with your login ID and password');
    // Given the situation model's actions, a revoked/expired refusal takes them (one answer everywhere).
    const situation: NextAction[] = [{ kind: 'contact', actor: 'master', reason: 'lost' }];
    expect(refusal('CJS-E-CERT-EXPIRED', situation).actions).toEqual(situation);
    expect(say(refusal('CJS-E-UNKNOWN-CERT').advice, 'ja')).toContain('ブラウザをすべて閉じて');
    expect(refusal('CJS-E-SOMETHING-NEW')).toMatchObject({ status: 'fail', codes: ['CJS-E-SOMETHING-NEW'] });
  });

  it('no answer fails as a handshake failure with the NSS error; a missing tool is an error, not a refusal', () => {
    const failed = judgeLogin(
      {
        kind: 'no-answer',
        tool: 'tstclnt',
        reason: 'read from socket failed',
        tlsError: 'SSL_ERROR_BAD_CERT_ALERT',
        notes: { exitCode: 1 },
      },
      expected,
      URL_.href,
    );
    expect(failed).toMatchObject({
      status: 'fail',
      codes: ['LOGIN-HANDSHAKE-FAILED', 'SSL_ERROR_BAD_CERT_ALERT'],
      evidence: { exitCode: 1 },
    });
    const missing = judgeLogin(
      { kind: 'no-answer', tool: 'tstclnt', reason: 'tstclnt is not installed', cannotTest: true, notes: {} },
      expected,
      URL_.href,
    );
    expect(missing).toMatchObject({ status: 'error', codes: ['LOGIN-TEST-UNAVAILABLE'] });
  });

  it('an HTML page or other status is an unexpected answer (wrong login URL)', () => {
    expect(judgeLogin(answer('HTTP/1.1 404 Not Found\r\ncontent-type: text/html\r\n\r\n<html></html>'), expected, URL_.href)).toMatchObject(
      { status: 'fail', codes: ['LOGIN-UNEXPECTED-ANSWER'], evidence: { httpStatus: 404, contentType: 'text/html' } },
    );
  });
});
