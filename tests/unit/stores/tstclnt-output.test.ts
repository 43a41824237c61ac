// What is read from tstclnt's stderr: the server's chain (and only from whole PEM lines), the
// handshake, the client certificate, the error that ended it.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toPem } from '../../../electron/core/pki';
import { readTstclntReport } from '../../../electron/core/stores/tstclnt-output';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'nss');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

describe('readTstclntReport', () => {
  it('reads the hostile certificate itself, never the PEM block hidden in its names (recorded)', () => {
    const report = readTstclntReport(fixture('tstclnt-hostile-names.stderr.txt'));
    const embedded = new X509Certificate(fixture('tstclnt-hostile-names.embedded.pem'));
    expect(report.serverChains).toHaveLength(1);
    const [chain = []] = report.serverChains;
    expect(chain).toHaveLength(1);
    // Wrapped as PEM: Node reads a DER buffer's embedded PEM block first (see store-tls-server-chain.ts).
    const presented = new X509Certificate(toPem('CERTIFICATE', chain[0] ?? Buffer.alloc(0)));
    expect(presented.subject).toContain('-----BEGIN CERTIFICATE-----');
    expect(presented.fingerprint256).not.toBe(embedded.fingerprint256);
    expect(report).toMatchObject({
      secured: true,
      clientCertificate: 'sent',
      storeLocked: false,
      databaseUnusable: false,
      error: undefined,
    });
  });

  it('drops a PEM block with any line NSS would not print, and reads only the sent-by-server section', () => {
    const real = fixture('tstclnt-hostile-names.stderr.txt');
    const begin = real.indexOf('-----BEGIN CERTIFICATE-----');
    const end = real.indexOf('-----END CERTIFICATE-----') + '-----END CERTIFICATE-----'.length;
    const block = real.slice(begin, end);
    const spoiled = block.replace(/\n([A-Za-z0-9+/]{10})/, '\n.$1');
    const text = [
      '==== certificate(s) sent by server: ====',
      spoiled,
      '==== locally found issuer certificate(s): ====',
      block,
      '==== end of certificate chain information ====',
    ].join('\n');
    expect(readTstclntReport(text).serverChains).toEqual([[]]);
    // Two handshakes (a renegotiation): both chains are kept, to be verified both.
    expect(
      readTstclntReport(`==== certificate(s) sent by server: ====\n${block}\n==== x\n==== certificate(s) sent by server: ====\n${block}\n`)
        .serverChains,
    ).toHaveLength(2);
  });

  it('tells an unanswered request for our certificate, and a database locked by its own password', () => {
    expect(readTstclntReport('Server requested Client Authentication\nsend no cert\n').clientCertificate).toBe('none-sent');
    expect(readTstclntReport('tstclnt: SSL version 3.4 using 256-bit AES-GCM\n').clientCertificate).toBe('not-requested');
    const locked = readTstclntReport('Server requested Client Authentication\npassword file contains no data\nsend no cert\n');
    expect(locked).toMatchObject({ clientCertificate: 'none-sent', storeLocked: true });
  });

  it("takes the last fatal error of tstclnt's own lines, not the names a certificate prints", () => {
    const text = [
      'tstclnt: connect: PR_IN_PROGRESS_ERROR: Operation is still in progress',
      '        Subject: "CN=SSL_ERROR_FAKE_ALERT"',
      'tstclnt: unable to connect (poll): PR_CONNECT_REFUSED_ERROR: Connection refused by peer',
      'tstclnt: exiting with return code 1',
    ].join('\n');
    expect(readTstclntReport(text)).toMatchObject({ error: 'PR_CONNECT_REFUSED_ERROR', secured: false, serverChains: [] });
    expect(readTstclntReport('tstclnt: unable to open cert database: SEC_ERROR_BAD_DATABASE: bad database.').databaseUnusable).toBe(true);
  });
});
