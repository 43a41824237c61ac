// `cjs-cert status` (and `remove`, which selects from it) lists only certificates this system's CA
// really signed: a certificate of another CA that took the same name is not "ours".
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectStatus } from '../../../cli/commands/status';
import type { CliServices } from '../../../cli/services';
import { EMBEDDED_DEFAULTS } from '../../../electron/core/config';
import { generateKeyPair, type CertificateInfo } from '../../../electron/core/pki';
import type { StoredCertificate } from '../../../electron/core/stores/certificate-store';
import { storedFromCertificate } from '../../../electron/core/stores/store-support';
import { issueTo, makeCa } from '../pki/pki-fixtures';

function stored(info: CertificateInfo): StoredCertificate {
  return storedFromCertificate('nss', `nick-${info.serialNumber}`, info, true);
}

describe('collectStatus', () => {
  it('reports the certificate our CA signed and not the look-alike with the same issuer name', async () => {
    const ca = await makeCa();
    const lookAlikeCa = await makeCa(ca.certificate.subjectCommonName);
    const key = await generateKeyPair('ecdsa-p256');
    const ours = await issueTo(ca, key, { commonName: 'user01' });
    const lookAlike = await issueTo(lookAlikeCa, key, { commonName: 'user01' });
    expect(lookAlike.issuer).toBe(ours.issuer);
    const home = await mkdtemp(join(tmpdir(), 'cjs-status-unit-'));
    try {
      const services = {
        settings: EMBEDDED_DEFAULTS,
        env: { HOME: home, XDG_STATE_HOME: join(home, 'state') },
        loadIssuerCas: () => Promise.resolve({ cas: [ca.certificate], fromIssuer: true }),
        store: { kind: 'nss', location: join(home, '.pki', 'nssdb'), list: () => Promise.resolve([stored(lookAlike), stored(ours)]) },
        issuing: { getCrl: () => Promise.reject(new Error('offline')) },
        tidyUp: { pending: () => Promise.resolve([]) },
      } as unknown as CliServices;

      const status = await collectStatus(services, new Date());
      expect(status.reports.map((r) => r.certificate.serialNumber)).toEqual([ours.serialNumber]);
      expect(status.revocationChecked).toBe(false);
      expect(status.situation).toMatchObject({ loginId: 'user01', revocationChecked: false });
      expect(status.situation.certificates.map((c) => c.serialNumber)).toEqual([ours.serialNumber]);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});
