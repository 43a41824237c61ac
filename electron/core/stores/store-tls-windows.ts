// Windows: the request is sent by .NET's HttpWebRequest inside Windows PowerShell 5.1, with the
// certificate of Cert:\CurrentUser\My chosen by thumbprint. SChannel signs the handshake with the
// key where it lives (CNG or CAPI); a non-exportable key works, and never leaves the store.
//
// The server is judged in ServerCertificateValidationCallback, before any byte of the request
// is sent: a wrong host name or no certificate is refused; a chain Windows trusts is accepted
// (the OS roots: what the EstClient also reads on Windows); otherwise the chain is built again
// with the configured extra CAs, and accepted only when it ends at one of them with no other
// fault (dates, serverAuth purpose, a broken signature). The work is in C# (Add-Type) because
// .NET calls the callback on a thread where a PowerShell script block cannot run.
//
// Nothing variable is spliced into the script: the request travels on stdin, as one line of
// base64 (UTF-8 JSON), and the answer comes back as JSON on stdout.
import { IssuingError } from '../issuing/errors';
import { runProcess, ProcessError, type ProcessRunner } from '../platform/process-runner';
import { StoreError } from './certificate-store';
import { checkedThumbprint, describeCommand } from './store-support';
import {
  MAX_ANSWER_BYTES,
  checkedRequest,
  StoreTlsError,
  type StoreTlsClient,
  type StoreTlsRequest,
  type StoreTlsResponse,
} from './store-tls';
import { POWERSHELL, powershellArgs } from './windows-store';

/** PowerShell's start and the C# compilation come on top of the request's own deadline. */
export const POWERSHELL_MARGIN_MS = 30_000;
const ADVICE = 'Windows PowerShell (powershell.exe) must be available, and allowed to compile C# (Add-Type), for the current user.';

/** C# 5: what Windows PowerShell 5.1's Add-Type compiles. */
const CSHARP = String.raw`
using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

public class CjsStoreTlsResult {
  public int Status { get; set; }
  public Dictionary<string, string> Headers { get; set; }
  public string Body { get; set; }
  public string Error { get; set; }
  public string Socket { get; set; }
  public string TlsError { get; set; }
  public bool Secured { get; set; }
  public string Detail { get; set; }
}

public static class CjsStoreTls {
  public static CjsStoreTlsResult Send(string url, string method, string[] names, string[] values, bool hasBody, string bodyBase64,
      string thumbprint, string[] extraCaBase64, int timeoutMs, int maxBytes) {
    CjsStoreTlsResult result = new CjsStoreTlsResult();
    result.Headers = new Dictionary<string, string>();
    result.Body = ""; result.Error = ""; result.Socket = ""; result.TlsError = ""; result.Detail = "";
    X509Certificate2 certificate = Find(thumbprint);
    if (certificate == null) { result.Error = "CertificateMissing"; return result; }
    if (!certificate.HasPrivateKey) { result.Error = "NoPrivateKey"; return result; }
    X509Certificate2Collection roots = new X509Certificate2Collection();
    foreach (string ca in extraCaBase64 ?? new string[0]) roots.Add(new X509Certificate2(Convert.FromBase64String(ca)));

    ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12;
    HttpWebRequest request = (HttpWebRequest)WebRequest.Create(url);
    request.Method = method;
    request.Timeout = timeoutMs;
    request.ReadWriteTimeout = timeoutMs;
    request.AllowAutoRedirect = false;
    request.KeepAlive = false;
    request.ServicePoint.Expect100Continue = false;
    request.ClientCertificates.Add(certificate);
    request.ServerCertificateValidationCallback = delegate(object sender, X509Certificate presented, X509Chain chain, SslPolicyErrors errors) {
      string refusal = Judge(presented, chain, errors, roots);
      result.TlsError = refusal ?? "";
      result.Secured = refusal == null;
      return refusal == null;
    };
    for (int i = 0; names != null && i < names.Length; i++) SetHeader(request, names[i], values[i]);
    try {
      if (hasBody) {
        byte[] body = Convert.FromBase64String(bodyBase64);
        request.ContentLength = body.Length;
        using (Stream stream = request.GetRequestStream()) stream.Write(body, 0, body.Length);
      }
      using (HttpWebResponse response = (HttpWebResponse)request.GetResponse()) Read(response, result, maxBytes);
    } catch (WebException e) {
      HttpWebResponse response = e.Response as HttpWebResponse;
      if (response != null) { using (response) Read(response, result, maxBytes); }
      else {
        result.Error = e.Status.ToString();
        result.Detail = e.Message;
        for (Exception inner = e.InnerException; inner != null; inner = inner.InnerException) {
          SocketException socket = inner as SocketException;
          if (socket != null) result.Socket = socket.SocketErrorCode.ToString();
        }
      }
    }
    return result;
  }

  static X509Certificate2 Find(string thumbprint) {
    X509Store store = new X509Store(StoreName.My, StoreLocation.CurrentUser);
    store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
    try {
      X509Certificate2Collection found = store.Certificates.Find(X509FindType.FindByThumbprint, thumbprint, false);
      return found.Count == 0 ? null : found[0];
    } finally { store.Close(); }
  }

  // Null when the server is trusted for the URL's host; else why not.
  static string Judge(X509Certificate presented, X509Chain sent, SslPolicyErrors errors, X509Certificate2Collection roots) {
    if (presented == null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0) return "RemoteCertificateNotAvailable";
    if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0) return "RemoteCertificateNameMismatch";
    if (errors == SslPolicyErrors.None) return null;
    if (roots.Count == 0) return "RemoteCertificateChainErrors";
    X509Chain chain = new X509Chain();
    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
    chain.ChainPolicy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority;
    chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.1"));
    chain.ChainPolicy.ExtraStore.AddRange(roots);
    if (sent != null) foreach (X509ChainElement element in sent.ChainElements) chain.ChainPolicy.ExtraStore.Add(element.Certificate);
    chain.Build(new X509Certificate2(presented));
    X509Certificate2 top = chain.ChainElements[chain.ChainElements.Count - 1].Certificate;
    bool ours = false;
    foreach (X509Certificate2 root in roots) if (root.Thumbprint == top.Thumbprint) ours = true;
    if (!ours) return "UntrustedRoot";
    foreach (X509ChainStatus status in chain.ChainStatus) {
      if (status.Status != X509ChainStatusFlags.NoError && status.Status != X509ChainStatusFlags.UntrustedRoot) return status.Status.ToString();
    }
    return null;
  }

  // Some headers are set through properties; HttpWebRequest refuses them in Headers.
  static void SetHeader(HttpWebRequest request, string name, string value) {
    switch (name.ToLowerInvariant()) {
      case "accept": request.Accept = value; break;
      case "content-type": request.ContentType = value; break;
      case "user-agent": request.UserAgent = value; break;
      default: request.Headers[name] = value; break;
    }
  }

  static void Read(HttpWebResponse response, CjsStoreTlsResult result, int maxBytes) {
    result.Status = (int)response.StatusCode;
    foreach (string name in response.Headers.AllKeys) result.Headers[name.ToLowerInvariant()] = response.Headers[name];
    MemoryStream body = new MemoryStream();
    byte[] buffer = new byte[16384];
    using (Stream stream = response.GetResponseStream()) {
      int read;
      while ((read = stream.Read(buffer, 0, buffer.Length)) > 0) {
        body.Write(buffer, 0, read);
        if (body.Length > maxBytes) { result.Error = "TooLarge"; return; }
      }
    }
    result.Body = Convert.ToBase64String(body.ToArray());
  }
}
`;

/** stdin: one line, base64 of the UTF-8 JSON made by storeTlsStdin. */
export const STORE_TLS_SCRIPT = [
  "$ErrorActionPreference = 'Stop'",
  '[Console]::OutputEncoding = [Text.Encoding]::UTF8',
  '$in = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String([Console]::In.ReadLine())) | ConvertFrom-Json',
  `Add-Type -TypeDefinition @'\n${CSHARP}\n'@`,
  '$r = [CjsStoreTls]::Send($in.url, $in.method, [string[]]$in.headerNames, [string[]]$in.headerValues, [bool]$in.hasBody, [string]$in.body, $in.thumbprint, [string[]]$in.extraCa, [int]$in.timeoutMs, [int]$in.maxBytes)',
  'ConvertTo-Json -InputObject $r -Depth 3 -Compress',
].join('\n');

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/g;

/** What the script reads: the request, the certificate's thumbprint and the extra roots (DER, base64). */
export function storeTlsStdin(request: StoreTlsRequest): string {
  const headers = Object.entries(request.headers);
  const extraCa = request.trust.extraCaPem.flatMap((pem) => [...pem.matchAll(PEM_BLOCK)].map((m) => (m[1] ?? '').replace(/\s+/g, '')));
  const input = {
    url: request.url.href,
    method: request.method,
    headerNames: headers.map(([name]) => name),
    headerValues: headers.map(([, value]) => value),
    // PowerShell passes $null to a .NET string as "": whether there is a body is said apart.
    hasBody: request.body !== undefined || request.method === 'POST',
    body: request.body?.toString('base64') ?? '',
    thumbprint: checkedThumbprint(request.certificate.thumbprintSha1),
    extraCa,
    timeoutMs: request.timeoutMs,
    maxBytes: MAX_ANSWER_BYTES,
  };
  return `${Buffer.from(JSON.stringify(input), 'utf8').toString('base64')}\n`;
}

/** One CjsStoreTlsResult as ConvertTo-Json prints it. */
interface PsResult {
  readonly Status: number;
  readonly Headers: Record<string, string>;
  readonly Body: string;
  readonly Error: string;
  readonly Socket: string;
  readonly TlsError: string;
  readonly Secured: boolean;
  readonly Detail: string;
}

/** Parses the script's JSON; anything else is the script failing, not the server answering. */
export function parseStoreTlsOutput(stdout: string): PsResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout.replace(/^\uFEFF/, '').trim());
  } catch {
    throw new StoreError('STORE-PARSE-FAILED', 'PowerShell did not print the expected JSON', { output: stdout.slice(0, 500) });
  }
  const r = parsed as Partial<Record<keyof PsResult, unknown>> | null;
  const text = (v: unknown) => typeof v === 'string' || v === null || v === undefined;
  const headersOk = typeof r?.Headers === 'object' && r.Headers !== null && Object.values(r.Headers).every((v) => typeof v === 'string');
  if (!r || typeof r.Status !== 'number' || !headersOk || ![r.Body, r.Error, r.Socket, r.TlsError, r.Detail].every(text)) {
    throw new StoreError('STORE-PARSE-FAILED', 'the PowerShell answer lacks its fields', { output: stdout.slice(0, 500) });
  }
  return {
    Status: r.Status,
    Headers: r.Headers as Record<string, string>,
    Body: (r.Body as string | null) ?? '',
    Error: (r.Error as string | null) ?? '',
    Socket: (r.Socket as string | null) ?? '',
    TlsError: (r.TlsError as string | null) ?? '',
    Secured: r.Secured === true,
    Detail: (r.Detail as string | null) ?? '',
  };
}

/** The script's result as the answer, or the EstClient's code for the same failure. */
export function responseFromPs(result: PsResult, url: URL): StoreTlsResponse {
  if (result.Error === '') {
    return { status: result.Status, headers: result.Headers, body: Buffer.from(result.Body, 'base64') };
  }
  throw failureFromPs(result, url);
}

function failureFromPs(r: PsResult, url: URL): Error {
  const host = url.host;
  const detail = r.Detail === '' ? {} : { detail: r.Detail };
  if (r.TlsError !== '' || r.Error === 'TrustFailure') {
    const code = r.TlsError || 'TrustFailure';
    return new IssuingError('ISSUE-TLS', `the server certificate of ${host} is not trusted: ${code}`, {
      tls: { tlsErrorCode: code, kind: 'certificate' },
      ...detail,
    });
  }
  switch (r.Error) {
    case 'CertificateMissing':
      return new StoreTlsError('certificate-missing', 'the certificate is not in Cert:\\CurrentUser\\My');
    case 'NoPrivateKey':
      return new StoreTlsError('certificate-missing', 'the certificate in Cert:\\CurrentUser\\My has no private key');
    case 'TooLarge':
      return new IssuingError('ISSUE-BAD-RESPONSE', `the answer exceeds ${MAX_ANSWER_BYTES} bytes`);
    case 'NameResolutionFailure':
      return new IssuingError('ISSUE-DNS', `the name ${url.hostname} cannot be resolved`, { errno: 'ENOTFOUND', ...detail });
    case 'ProxyNameResolutionFailure':
      return new IssuingError('ISSUE-PROXY-UNREACHABLE', 'the proxy of this PC cannot be resolved', detail);
    case 'Timeout':
      return r.Secured
        ? new IssuingError('ISSUE-NO-ANSWER', `${host} sent no complete answer in time after the TLS handshake`, detail)
        : new IssuingError('ISSUE-TIMEOUT', `${host}: timed out before the TLS handshake completed`, detail);
    case 'SecureChannelFailure':
      return new IssuingError('ISSUE-TLS-HANDSHAKE', `no TLS 1.2 connection with our certificate could be completed with ${host}`, {
        tls: { tlsErrorCode: 'SecureChannelFailure', kind: 'protocol' },
        ...detail,
      });
    case 'ConnectFailure':
      if (r.Socket === 'ConnectionRefused')
        return new IssuingError('ISSUE-REFUSED', `${host} refused the connection`, { errno: 'ECONNREFUSED', ...detail });
      if (r.Socket === 'TimedOut')
        return new IssuingError('ISSUE-TIMEOUT', `${host}: the connection timed out`, { errno: 'ETIMEDOUT', ...detail });
      return new IssuingError('ISSUE-UNREACHABLE', `${host} cannot be reached (${r.Socket || r.Error})`, detail);
    default: {
      const what = r.Secured ? 'the connection was cut before the answer' : 'the connection failed';
      return new IssuingError('ISSUE-UNREACHABLE', `${host}: ${what} (${r.Error})`, {
        ...(r.Socket ? { errno: r.Socket } : {}),
        ...detail,
      });
    }
  }
}

export class WindowsTlsClient implements StoreTlsClient {
  readonly kind = 'windows' as const;
  private readonly runner: ProcessRunner;

  constructor(options: { readonly runner?: ProcessRunner } = {}) {
    this.runner = options.runner ?? runProcess;
  }

  async request(request: StoreTlsRequest): Promise<StoreTlsResponse> {
    checkedRequest(request, 'windows');
    const args = powershellArgs(STORE_TLS_SCRIPT);
    const options = { stdin: storeTlsStdin(request), timeoutMs: request.timeoutMs + POWERSHELL_MARGIN_MS, encoding: 'utf8' as const };
    let result;
    try {
      result = await this.runner(POWERSHELL, args, options);
    } catch (e) {
      if (!(e instanceof ProcessError)) throw e;
      // The request's own timeouts fire first; this is PowerShell itself hanging, or a server that trickles.
      if (e.kind === 'timeout') throw new IssuingError('ISSUE-TIMEOUT', `${request.url.host}: no answer within ${options.timeoutMs} ms`);
      const missing = e.kind === 'not-found';
      throw new StoreError(missing ? 'STORE-TOOL-MISSING' : 'STORE-COMMAND-FAILED', e.message, { command: POWERSHELL, advice: ADVICE });
    }
    if (result.exitCode !== 0) {
      // A script error: Add-Type blocked (constrained language mode), .NET too old...
      throw new StoreError('STORE-COMMAND-FAILED', `${POWERSHELL} failed with exit code ${result.exitCode}`, {
        command: describeCommand(POWERSHELL, args),
        exitCode: result.exitCode,
        output: `${result.stderr}\n${result.stdout}`.trim().slice(0, 2000),
        advice: ADVICE,
      });
    }
    return responseFromPs(parseStoreTlsOutput(result.stdout), request.url);
  }
}
