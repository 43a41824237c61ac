// Enrolment behind an HTTPS-inspecting proxy whose root the company installed in the OS store:
// the issuer's TLS root is in no trust file, only in what `tls.getCACertificates('system')`
// answers (injected here; Node 20 has no such function, Electron's Node has). Known to the OS
// store → the enrolment goes through; absent from it → refused with ISSUE-TLS, as before.
import type * as Tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EstClient, IssuingError } from '../../../electron/core/issuing';
import { createCsr, generateKeyPair, readCertificate } from '../../../electron/core/pki';
import { DEMO_PASSWORD, startTestIssuer, type TestIssuer } from '../../helpers/issuer';

const os = vi.hoisted(() => ({ roots: [] as string[] }));

vi.mock('node:tls', async (importOriginal) => {
  const actual = await importOriginal<typeof Tls>();
  const getCACertificates = (type?: string): string[] => (type === 'system' ? [...os.roots] : [...actual.rootCertificates]);
  return { ...actual, default: { ...actual, getCACertificates }, getCACertificates };
});

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await startTestIssuer();
});
afterAll(async () => {
  await issuer?.stop();
});

async function enrolUser01(): Promise<Buffer[]> {
  // No trust file: only what the OS store holds can make the issuer's certificate acceptable.
  const client = new EstClient({ baseUrl: issuer.estUrl });
  const keyPair = await generateKeyPair('ecdsa-p256');
  return client.simpleEnroll(await createCsr(keyPair, 'user01'), { loginId: 'user01', password: DEMO_PASSWORD });
}

describe("the issuing connection trusts the operating system's roots", () => {
  it('enrols when the root is installed in the OS store only', async () => {
    os.roots = [issuer.tlsCaPem];
    const [leaf] = await enrolUser01();
    expect(readCertificate(leaf!).subject).toBe('CN=user01');
  });

  it('refuses with ISSUE-TLS, naming the presented root, when the OS store does not have it', async () => {
    os.roots = [];
    const error = await enrolUser01().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(IssuingError);
    expect((error as IssuingError).code).toBe('ISSUE-TLS');
    expect((error as IssuingError).tls?.peerIssuerCommonName).toBe(readCertificate(issuer.tlsCaPem).subjectCommonName);
  });
});
