// Issue 9, finding 2, as far as the doctor goes: the issuing client reports its own deadline
// abort after a completed TLS handshake as ISSUE-TLS "certificate not trusted: ERR_CANCELED".
// The diagnosis' shared facts tell such an error as the timeout it is, and leave a real
// certificate rejection alone.
import { describe, expect, it } from 'vitest';
import { classifyIssuerFailure } from '../../../electron/core/diagnostics/checks/cert-support';
import { createSharedFacts, deadlineAsTimeout } from '../../../electron/core/diagnostics/shared-facts';
import { IssuingError } from '../../../electron/core/issuing/errors';
import type { CertificateStore } from '../../../electron/core/stores/certificate-store';

const cancelledAfterHandshake = () =>
  new IssuingError('ISSUE-TLS', 'the server certificate of 127.0.0.1:8443 is not trusted: ERR_CANCELED', {
    tls: { tlsErrorCode: 'ERR_CANCELED', kind: 'certificate', peerIssuerCommonName: 'CJS Reference TLS Root' },
  });
const interception = () =>
  new IssuingError('ISSUE-TLS', 'the server certificate of 127.0.0.1:8443 is not trusted: SELF_SIGNED_CERT_IN_CHAIN', {
    tls: { tlsErrorCode: 'SELF_SIGNED_CERT_IN_CHAIN', kind: 'certificate', peerIssuerCommonName: 'Contoso Scanner Root' },
  });

describe('deadlineAsTimeout', () => {
  it('the client giving up after the handshake is ISSUE-TIMEOUT (the way there), not an untrusted certificate', () => {
    const told = deadlineAsTimeout(cancelledAfterHandshake());
    expect(told).toBeInstanceOf(IssuingError);
    expect(told).toMatchObject({ code: 'ISSUE-TIMEOUT', errno: 'ERR_CANCELED' });
    expect(classifyIssuerFailure(told)).toEqual({ kind: 'unreachable' });
  });

  it('a certificate the client really rejected stays ISSUE-TLS with its peer', () => {
    const rejected = interception();
    expect(deadlineAsTimeout(rejected)).toBe(rejected);
    expect(deadlineAsTimeout(new Error('other'))).toBeInstanceOf(Error);
  });

  it("the run's CA and CRL requests are told the same way", async () => {
    const facts = createSharedFacts({
      store: { list: () => Promise.resolve([]) } as unknown as CertificateStore,
      issuing: { getCaCerts: () => Promise.reject(cancelledAfterHandshake()), getCrl: () => Promise.reject(cancelledAfterHandshake()) },
    });
    await expect(facts.issuerCas()).rejects.toMatchObject({ code: 'ISSUE-TIMEOUT' });
    await expect(facts.revokedSerials()).rejects.toMatchObject({ code: 'ISSUE-TIMEOUT' });
  });
});
