// Windows cannot run here: these tests pin the exact command lines, script texts and stdin, and
// run the parsers on recorded (certutil, PS 5.1 date, Format-List en-US/en-CA) and constructed
// (ConvertTo-Json) fixtures. tests/fixtures/windows/SOURCES.md says which is which, and which
// recorded samples are deliberately unused (certutil -importpfx, Import-PfxCertificate tables).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCertificate } from '../../../electron/core/pki';
import { ProcessError } from '../../../electron/core/platform/process-runner';
import { StoreError, type InstallRequest } from '../../../electron/core/stores/certificate-store';
import {
  INSTALL_SCRIPT,
  LIST_SCRIPT,
  WindowsCertStore,
  installStdin,
  parseCertutilDate,
  parseCertutilStore,
  parsePowerShellList,
  parsePsDate,
  powershellArgs,
  removeScript,
} from '../../../electron/core/stores/windows-store';
import { checkedThumbprint, commonNameOf } from '../../../electron/core/stores/store-support';
import { argsContain, fakeRunner, type RecordedCall } from './fake-runner';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'windows');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
const PASSWORD = 'S3cr3t-one-time_password';

/** The script a recorded powershell.exe call runs, decoded from -EncodedCommand. */
function scriptOf(call: RecordedCall): string {
  expect(call.command).toBe('powershell.exe');
  expect(call.args.slice(0, 5)).toEqual(['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand']);
  expect(call.args).toHaveLength(6);
  return Buffer.from(call.args[5] ?? '', 'base64').toString('utf16le');
}

/**
 * The `Label : value` lines of a recorded PowerShell Format-List block (the indented continuation
 * of Extensions is skipped). Our code never runs Format-List; this only lifts the real values out
 * so they can be fed to the parsers that handle the same strings from other tools.
 */
function formatList(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^(\w+)\s+:(?: (.*))?$/.exec(line);
    if (m?.[1]) fields[m[1]] = (m[2] ?? '').trim();
  }
  return fields;
}

function manyFixture() {
  const items = JSON.parse(fixture('ps-list.constructed.many.json')) as { RawData: string }[];
  return items.map((i) => readCertificate(Buffer.from(i.RawData, 'base64')));
}

describe('PowerShell scripts and command lines', () => {
  it('encodes the script as UTF-16LE base64 after the fixed flags', () => {
    const args = powershellArgs('Write-Output "山田"');
    expect(args.slice(0, 5)).toEqual(['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand']);
    expect(Buffer.from(args[5] ?? '', 'base64').toString('utf16le')).toBe('Write-Output "山田"');
  });

  it('imports with UserKeySet|PersistKeySet into CurrentUser\\My, never Exportable or EphemeralKeySet, reading secrets from stdin', () => {
    expect(INSTALL_SCRIPT).toMatch(
      /X509KeyStorageFlags\]::UserKeySet -bor \[System\.Security\.Cryptography\.X509Certificates\.X509KeyStorageFlags\]::PersistKeySet/,
    );
    expect(INSTALL_SCRIPT).not.toMatch(/Exportable|EphemeralKeySet|MachineKeySet/);
    expect(INSTALL_SCRIPT).toContain("X509Store('My', 'CurrentUser')");
    expect(INSTALL_SCRIPT).toContain("$store.Open('ReadWrite')");
    expect(INSTALL_SCRIPT.match(/\[Console\]::In\.ReadLine\(\)/g)).toHaveLength(3);
    expect(INSTALL_SCRIPT).toContain('[Console]::OutputEncoding = [Text.Encoding]::UTF8');
  });

  it('lists as compact JSON wrapped in @() with ISO UTC dates, HasPrivateKey and RawData', () => {
    expect(LIST_SCRIPT).toContain("Get-ChildItem -Path 'Cert:\\CurrentUser\\My'");
    expect(LIST_SCRIPT).toContain('ConvertTo-Json -InputObject @($items) -Depth 3 -Compress');
    expect(LIST_SCRIPT).toContain(".NotAfter.ToUniversalTime().ToString('o')");
    for (const p of ['Thumbprint', 'Subject', 'Issuer', 'SerialNumber', 'FriendlyName', 'HasPrivateKey', 'RawData'])
      expect(LIST_SCRIPT).toContain(`${p} = `);
    expect(LIST_SCRIPT).toContain('[Console]::OutputEncoding = [Text.Encoding]::UTF8');
  });

  it('removes with -DeleteKey and only ever splices a validated thumbprint', () => {
    expect(removeScript('82ad1e0c20a332c8d6adac3e5ea243204b85d3a7')).toContain(
      "Remove-Item -LiteralPath 'Cert:\\CurrentUser\\My\\82AD1E0C20A332C8D6ADAC3E5EA243204B85D3A7' -DeleteKey",
    );
    for (const bad of [
      '',
      '82AD1E0C20A332C8D6ADAC3E5EA243204B85D3A',
      "82AD1E0C20A332C8D6ADAC3E5EA243204B85D3A7'; Remove-Item C:\\ -Recurse; '",
      '82AD1E0C20A332C8D6ADAC3E5EA243204B85D3AZ',
      '*',
    ]) {
      expect(() => removeScript(bad)).toThrow(/40 hexadecimal/);
    }
  });

  it('puts the PKCS#12, password and friendly name on stdin, one per line', () => {
    const stdin = installStdin({ pkcs12: Buffer.from([1, 2, 3]), password: PASSWORD, friendlyName: 'Rokin 給与 証明書' });
    const [pfx, password, name, rest] = stdin.split('\n');
    expect(Buffer.from(pfx ?? '', 'base64')).toEqual(Buffer.from([1, 2, 3]));
    expect(password).toBe(PASSWORD);
    expect(Buffer.from(name ?? '', 'base64').toString('utf8')).toBe('Rokin 給与 証明書');
    expect(rest).toBe('');
    expect(() => installStdin({ pkcs12: Buffer.alloc(1), password: 'a\nb', friendlyName: '' })).toThrow(/printable ASCII/);
  });
});

describe('WindowsCertStore with a recording runner', () => {
  it('installs via stdin, never with the password in argv, then verifies by listing', async () => {
    const [cert] = manyFixture();
    const { runner, calls } = fakeRunner((call) =>
      scriptOf(call).includes('Get-ChildItem')
        ? { stdout: fixture('ps-list.constructed.many.json') }
        : { stdout: `${cert!.thumbprintSha1}\r\n` },
    );
    const request: InstallRequest = {
      pkcs12: Buffer.from('pfx-bytes'),
      password: PASSWORD,
      certificate: cert!,
      friendlyName: 'Rokin 給与 証明書',
    };
    const installed = await new WindowsCertStore({ runner }).install(request);

    expect(installed).toMatchObject({
      store: 'windows',
      handle: cert!.thumbprintSha1,
      hasPrivateKey: true,
      subject: 'CN=山田 太郎, O=テスト株式会社',
    });
    expect(calls).toHaveLength(2);
    expect(scriptOf(calls[0]!)).toBe(INSTALL_SCRIPT);
    expect(calls[0]!.stdin).toBe(installStdin(request));
    expect(calls[0]!.options?.encoding).toBe('utf8');
    expect(scriptOf(calls[1]!)).toBe(LIST_SCRIPT);
    expect(argsContain(calls, PASSWORD)).toBe(false);
    expect(argsContain(calls, Buffer.from('pfx-bytes').toString('base64'))).toBe(false);
    expect(calls.every((c) => !scriptOf(c).includes(PASSWORD))).toBe(true);
  });

  it('fails verification when the certificate is listed without its key', async () => {
    const certs = manyFixture();
    const noKey = certs[1]!;
    const { runner } = fakeRunner(() => ({ stdout: fixture('ps-list.constructed.many.json') }));
    await expect(
      new WindowsCertStore({ runner }).install({ pkcs12: Buffer.alloc(1), password: PASSWORD, certificate: noKey, friendlyName: '' }),
    ).rejects.toMatchObject({ code: 'STORE-VERIFY-FAILED' });
  });

  it('maps a PowerShell error exit to STORE-COMMAND-FAILED with its output', async () => {
    // CONSTRUCTED stderr (no capture of this failure was found): only the exit code and that the output is kept matter.
    const { runner } = fakeRunner(() => ({
      exitCode: 1,
      stderr: 'Exception calling ".ctor" with "3" argument(s): "The specified network password is not correct."',
    }));
    const [cert] = manyFixture();
    const error = await new WindowsCertStore({ runner })
      .install({ pkcs12: Buffer.alloc(1), password: PASSWORD, certificate: cert!, friendlyName: '' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    const { code, details } = error as StoreError;
    expect(code).toBe('STORE-COMMAND-FAILED');
    expect(details.exitCode).toBe(1);
    expect(details.output).toContain('password is not correct');
    expect(details.command).not.toContain(PASSWORD);
  });

  it('falls back to certutil -user -store My when PowerShell cannot run', async () => {
    const { runner, calls } = fakeRunner((call) => {
      if (call.command === 'powershell.exe') throw new ProcessError('not-found', call.command, call.args, 'not found');
      return { stdout: fixture('certutil-user-store-my.en.txt') };
    });
    const listed = await new WindowsCertStore({ runner }).list();
    expect(calls.map((c) => [c.command, ...(c.command === 'certutil.exe' ? c.args : [])])).toEqual([
      ['powershell.exe'],
      ['certutil.exe', '-user', '-store', 'My'],
    ]);
    expect(listed).toEqual([
      expect.objectContaining({
        subject: 'CN=Svc Autoenroll',
        thumbprintSha1: '762C31AE2EC7B9430AD86B6A616199E4369A74C7',
        hasPrivateKey: true,
      }),
    ]);
  });

  it('never imports with certutil (-importpfx needs the password in argv): without PowerShell, install fails', async () => {
    const [cert] = manyFixture();
    const { runner, calls } = fakeRunner((call) => {
      if (call.command === 'powershell.exe') throw new ProcessError('not-found', call.command, call.args, 'not found');
      return { stdout: fixture('certutil-user-store-my.en.txt') };
    });
    await expect(
      new WindowsCertStore({ runner }).install({ pkcs12: Buffer.alloc(1), password: PASSWORD, certificate: cert!, friendlyName: '' }),
    ).rejects.toMatchObject({ code: 'STORE-TOOL-MISSING' });
    expect(calls.map((c) => c.command)).toEqual(['powershell.exe']);
    expect(calls.some((c) => c.args.some((a) => /importpfx/i.test(a)))).toBe(false);
  });

  it('reports STORE-TOOL-MISSING from preCheck when powershell.exe is missing', async () => {
    const { runner } = fakeRunner((call) => {
      throw new ProcessError('not-found', call.command, call.args, 'not found');
    });
    expect(await new WindowsCertStore({ runner }).preCheck()).toMatchObject({ ok: false, code: 'STORE-TOOL-MISSING' });
  });

  it('removes by thumbprint and verifies it is gone', async () => {
    const thumb = manyFixture()[0]!.thumbprintSha1;
    let removed = false;
    const { runner, calls } = fakeRunner((call) => {
      const script = scriptOf(call);
      if (script.includes('Remove-Item')) {
        removed = true;
        return {};
      }
      return { stdout: removed ? fixture('ps-list.constructed.none.json') : fixture('ps-list.constructed.many.json') };
    });
    await new WindowsCertStore({ runner }).remove({ handle: thumb, thumbprintSha1: thumb.toLowerCase() });
    expect(scriptOf(calls[0]!)).toBe(removeScript(thumb));
    await expect(new WindowsCertStore({ runner }).remove({ handle: 'x', thumbprintSha1: 'not-a-thumbprint' })).rejects.toMatchObject({
      code: 'STORE-PARSE-FAILED',
    });
  });

  it('fails verification when the certificate is still listed after removal', async () => {
    const thumb = manyFixture()[0]!.thumbprintSha1;
    const { runner } = fakeRunner(() => ({ stdout: fixture('ps-list.constructed.many.json') }));
    await expect(new WindowsCertStore({ runner }).remove({ handle: thumb, thumbprintSha1: thumb })).rejects.toMatchObject({
      code: 'STORE-VERIFY-FAILED',
    });
  });
});

describe('parsePowerShellList (constructed ConvertTo-Json fixtures: no real capture exists)', () => {
  it('reads none, empty output and one', () => {
    expect(parsePowerShellList(fixture('ps-list.constructed.none.json'))).toEqual([]);
    expect(parsePowerShellList('')).toEqual([]);
    expect(parsePowerShellList(fixture('ps-list.constructed.one.json'))).toHaveLength(1);
  });

  it('reads many: Japanese subject, no private key, expired — facts taken from RawData', () => {
    const [japanese, noKey, expired] = parsePowerShellList(`\uFEFF${fixture('ps-list.constructed.many.json')}`);
    expect(japanese).toMatchObject({
      subject: 'CN=山田 太郎, O=テスト株式会社',
      subjectCommonName: '山田 太郎',
      hasPrivateKey: true,
      notBefore: new Date('2025-04-01T00:00:00Z'),
    });
    expect(japanese?.der).toBeInstanceOf(Buffer);
    expect(noKey).toMatchObject({ subjectCommonName: 'user02', issuerCommonName: 'Rokin Test Issuing CA', hasPrivateKey: false });
    expect(expired).toMatchObject({ subjectCommonName: 'user01', hasPrivateKey: true, notAfter: new Date('2024-03-31T23:59:59Z') });
    const json = JSON.parse(fixture('ps-list.constructed.many.json')) as { Thumbprint: string; SerialNumber: string }[];
    expect(json.map((j) => j.Thumbprint)).toEqual([japanese, noKey, expired].map((c) => c?.thumbprintSha1));
  });

  it('reads the Windows PowerShell 5.1 style (\\/Date(ms)\\/, bare object, no RawData) from the text fields', () => {
    const [cert] = parsePowerShellList(fixture('ps51-list.constructed.date-style.json'));
    const [expected] = manyFixture();
    expect(cert).toMatchObject({
      handle: expected!.thumbprintSha1,
      thumbprintSha1: expected!.thumbprintSha1,
      subject: 'CN=山田 太郎, O=テスト株式会社',
      subjectCommonName: '山田 太郎',
      serialNumber: expected!.serialNumber,
      notBefore: expected!.notBefore,
      notAfter: expected!.notAfter,
      hasPrivateKey: true,
    });
    expect(cert?.der).toBeUndefined();
  });

  it('parses both date styles, including the recorded PS 5.1 sample', () => {
    const recorded = JSON.parse(fixture('ps51-convertto-json-cert-props-date.en.json.txt')) as { not_before: string; not_after: string };
    expect(parsePsDate(recorded.not_before)).toEqual(new Date(1789227140000));
    expect(parsePsDate(recorded.not_after)).toEqual(new Date(1797006597000));
    expect(parsePsDate('2025-04-01T00:00:00.0000000Z')).toEqual(new Date('2025-04-01T00:00:00Z'));
    expect(parsePsDate('2025-04-01T09:00:00+09:00')).toEqual(new Date('2025-04-01T00:00:00Z'));
    expect(parsePsDate({ value: '/Date(1743465600000)/', DisplayHint: 2 })).toEqual(new Date('2025-04-01T00:00:00Z'));
    expect(parsePsDate('4/1/2025 9:00 AM')).toBeUndefined();
  });

  it('rejects output that is not JSON or lacks the fields', () => {
    expect(() => parsePowerShellList('Get-ChildItem : Access denied')).toThrow(expect.objectContaining({ code: 'STORE-PARSE-FAILED' }));
    expect(() => parsePowerShellList('[{"Subject":"CN=x"}]')).toThrow(expect.objectContaining({ code: 'STORE-PARSE-FAILED' }));
  });
});

describe('parseCertutilStore (recorded certutil outputs)', () => {
  it('skips the archived certificate and reads "Missing stored keyset" as no key', () => {
    const certs = parseCertutilStore(fixture('certutil-store-my.en.txt'));
    expect(certs).toHaveLength(2);
    expect(certs.map((c) => c.thumbprintSha1)).toEqual([
      '779A97B1D8E492B5BAFEBC02338845FFDFF76AD2',
      '2F02901DCFF083ED3DBB6CB0A15BBFEE6002B1A8',
    ]);
    expect(certs[0]).toMatchObject({
      handle: '779A97B1D8E492B5BAFEBC02338845FFDFF76AD2',
      subject: 'CN=DC01.certificate.htb',
      subjectCommonName: 'DC01.certificate.htb',
      issuerCommonName: 'Certificate-LTD-CA',
      serialNumber: '5800000002CA70EA4E42F218A6000000000002',
      hasPrivateKey: false,
      notBefore: new Date(2024, 10, 3, 20, 14),
      notAfter: new Date(2025, 10, 3, 20, 14),
    });
    expect(certs[0]?.der).toBeUndefined();
    // The second is the self-signed CA: subject = issuer, DC components after the CN, no key.
    expect(certs[1]).toMatchObject({
      subject: 'CN=Certificate-LTD-CA, DC=certificate, DC=htb',
      subjectCommonName: 'Certificate-LTD-CA',
      issuer: 'CN=Certificate-LTD-CA, DC=certificate, DC=htb',
      serialNumber: '75B2F4BBF31F108945147B466131BDCA',
      hasPrivateKey: false,
      notBefore: new Date(2024, 10, 3, 15, 55),
      notAfter: new Date(2034, 10, 3, 16, 5),
    });
    // What a user checks: the DC01 certificate had expired by the end of 2025, the CA had not.
    const endOf2025 = new Date(2025, 11, 31);
    expect(certs.map((c) => c.notAfter < endOf2025)).toEqual([true, false]);
  });

  it('reads the -user listing with a key container and no missing-keyset line as having a key', () => {
    const [cert] = parseCertutilStore(fixture('certutil-user-store-my.en.txt'));
    expect(cert).toMatchObject({
      subject: 'CN=Svc Autoenroll',
      issuerCommonName: 'CVI Issuing CA 1',
      hasPrivateKey: true,
      notBefore: new Date(2026, 4, 24, 9, 25),
      notAfter: new Date(2027, 3, 25, 19, 36),
    });
    // The odd-length serial of this (possibly retyped) capture is padded, as normaliseSerial does.
    expect(cert?.serialNumber).toBe('04400000009217B3DF4DA50401000000000009');
  });

  it('parses certutil dates, as local time (typed edge cases; the recorded ones are in the tests around)', () => {
    expect(parseCertutilDate(' 11/3/2024 3:30 PM')).toEqual(new Date(2024, 10, 3, 15, 30));
    expect(parseCertutilDate('11/3/2024 12:05 AM')).toEqual(new Date(2024, 10, 3, 0, 5));
    expect(parseCertutilDate('2024/11/03 15:30')).toBeUndefined();
  });

  it('rejects text that is not a certutil store listing, and reads an empty store as none', () => {
    // Both strings are CONSTRUCTED: no failing or empty `certutil -store` output was found. The
    // completion line is the one the recorded listings end with.
    expect(() => parseCertutilStore('CertUtil: -store command FAILED: 0x80070002')).toThrow(
      expect.objectContaining({ code: 'STORE-PARSE-FAILED' }),
    );
    expect(parseCertutilStore('My "Personal"\r\nCertUtil: -store command completed successfully.\r\n')).toEqual([]);
  });
});

describe('recorded Format-List listings (never run by our code: real dates, subjects and thumbprints for the text parsers)', () => {
  it('en-US Get-ChildItem Cert:\\CurrentUser\\My | fl: subject, issuer CN, thumbprint, empty FriendlyName, 12-hour dates with seconds', () => {
    const fl = formatList(fixture('ps-get-childitem-cert-currentuser-my-format-list.en.txt'));
    expect(commonNameOf(fl.Subject ?? '')).toBe('CodeSign');
    expect(commonNameOf(fl.Issuer ?? '')).toBe('appcontrol-ca01-CA');
    expect(checkedThumbprint(fl.Thumbprint ?? '')).toBe('3078086484D9242BD39D8971C419E07C61096BDA');
    expect(fl.FriendlyName).toBe('');
    expect(parseCertutilDate(fl.NotBefore ?? '')).toEqual(new Date(2024, 9, 15, 11, 47, 56));
    expect(parseCertutilDate(fl.NotAfter ?? '')).toEqual(new Date(2025, 9, 15, 11, 47, 56));
  });

  it('en-CA Get-Item | Format-List: the year-first date style, and the lower-case thumbprint typed by the user', () => {
    const text = fixture('ps-get-item-cert-localmachine-my-format-list.en-CA.txt');
    const fl = formatList(text);
    expect(commonNameOf(fl.Subject ?? '')).toBe('ECCharlie');
    expect(commonNameOf(fl.Issuer ?? '')).toBe('rti-SVCS-PKI-W2016-CA');
    expect(fl.FriendlyName).toBe('Charlie');
    const typed = /My\/([0-9a-f]{40})/.exec(text)?.[1] ?? '';
    expect(checkedThumbprint(typed)).toBe(fl.Thumbprint);
    expect(fl.NotBefore).toBe('2021-01-06 4:00:51 PM');
    expect(parseCertutilDate(fl.NotBefore ?? '')).toEqual(new Date(2021, 0, 6, 16, 0, 51));
    expect(parseCertutilDate(fl.NotAfter ?? '')).toEqual(new Date(2022, 0, 6, 16, 10, 51));
  });
});
