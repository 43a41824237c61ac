// readCertificate takes the subject and issuer straight from the DER (pki/der.ts) instead of a
// full @peculiar/x509 parse: the strings must be the ones the full parse prints, and anything
// that is not exactly one DER certificate is still refused.
import { describe, expect, it } from 'vitest';
import { certificateNames } from '../../../electron/core/pki/der';
import { generateKeyPair, readCertificate, toPem } from '../../../electron/core/pki';
import { x509 } from '../../../electron/core/pki/x509-provider';
import { issueTo, makeCa } from './pki-fixtures';

describe('names read from the DER', () => {
  it('print as the full parse prints them: CA, leaf with a Japanese name, EC and RSA', async () => {
    const ca = await makeCa('ろうきん テスト 発行 CA');
    const leaves = [
      await issueTo(ca, await generateKeyPair('ecdsa-p256'), { commonName: '山田 太郎' }),
      await issueTo(ca, await generateKeyPair('rsa-2048'), { commonName: 'user01, "quoted" + plus' }),
    ];
    for (const cert of [ca.certificate, ...leaves]) {
      const full = new x509.X509Certificate(cert.der);
      expect(readCertificate(cert.der)).toMatchObject({
        subject: full.subject,
        issuer: full.issuer,
        subjectCommonName: full.subjectName.getField('CN')[0],
        issuerCommonName: full.issuerName.getField('CN')[0],
      });
    }
    expect(readCertificate(leaves[0]!.der).subjectCommonName).toBe('山田 太郎');
  });

  it('refuses trailing bytes, a cut certificate and PEM text given as bytes', async () => {
    const { der } = (await makeCa()).certificate;
    for (const bad of [Buffer.concat([der, Buffer.from([0])]), der.subarray(0, der.length - 10), Buffer.from(toPem('CERTIFICATE', der))]) {
      expect(() => certificateNames(bad)).toThrow(expect.objectContaining({ code: 'PKI-BAD-CERTIFICATE' }));
      expect(() => readCertificate(bad)).toThrow(expect.objectContaining({ code: 'PKI-BAD-CERTIFICATE' }));
    }
  });
});
