import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateKeyPair, readCertificate, readCrl, type KeyPair, type SigningAuthority } from '../../../electron/core/pki';
import { x509 } from '../../../electron/core/pki/x509-provider';
import { IssuingService } from '../../../issuer/src/domain/issuing-service';
import { DEFAULT_POLICY } from '../../../issuer/src/domain/api';
import { DAY_MS, csrFor, makeAuthority, openTestService, type TestService } from './issuer-fixture';

let authority: SigningAuthority;
let keys: KeyPair[];
let t: TestService;

beforeAll(async () => {
  [authority, ...keys] = await Promise.all([
    makeAuthority(),
    generateKeyPair('ecdsa-p256'),
    generateKeyPair('ecdsa-p256'),
    generateKeyPair('ecdsa-p256'),
  ]);
});
beforeEach(async () => {
  t = await openTestService(authority);
});
afterEach(() => t.dispose());

function crlNumberOf(der: Buffer): number {
  const ext = new x509.X509Crl(der).getExtension('2.5.29.20');
  const bytes = Buffer.from(ext!.value);
  expect(bytes[0]).toBe(0x02);
  return parseInt(bytes.subarray(2).toString('hex'), 16);
}

async function enroll(loginId: string, key: KeyPair): Promise<string> {
  const result = await t.service.enroll(await t.login(loginId), await csrFor(key, loginId));
  return readCertificate(result.certificate).serialNumber;
}

describe('currentCrl', () => {
  it('is signed by the CA, valid one day from now, and lists revoked certificates', async () => {
    const serial = await enroll('user01', keys[0]!);
    t.service.operatorRevoke('user01', 'keyCompromise');
    const crl = await readCrl(await t.service.currentCrl(), authority.certificate);
    expect(crl.thisUpdate.getTime()).toBe(t.clock.now().getTime());
    expect(crl.nextUpdate?.getTime()).toBe(t.clock.now().getTime() + DAY_MS);
    expect([...crl.revokedSerials]).toEqual([serial]);
  });

  it('is served from the cache while nothing is revoked', async () => {
    const first = await t.service.currentCrl();
    t.clock.advanceDays(0.25);
    expect((await t.service.currentCrl()).equals(first)).toBe(true);
  });

  it('is regenerated after a revocation, with the next CRL number', async () => {
    await enroll('user01', keys[0]!);
    const first = await t.service.currentCrl();
    t.service.operatorRevoke('user01', 'unspecified');
    const second = await t.service.currentCrl();
    expect(crlNumberOf(second)).toBe(crlNumberOf(first) + 1);
  });

  it('sees a revocation made by another process on the same database (the operator CLI)', async () => {
    const serial = await enroll('master01', keys[0]!);
    const before = await readCrl(await t.service.currentCrl(), authority.certificate);
    expect(before.revokedSerials.size).toBe(0);

    const operator = await t.openAnother();
    operator.operatorRevoke('master01', 'keyCompromise');

    const after = await readCrl(await t.service.currentCrl(), authority.certificate);
    expect(after.revokedSerials.has(serial)).toBe(true);
  });

  it('is regenerated once half its lifetime has passed', async () => {
    const first = await t.service.currentCrl();
    t.clock.advanceDays(0.6);
    expect(crlNumberOf(await t.service.currentCrl())).toBe(crlNumberOf(first) + 1);
  });

  it('persists the CRL number across restarts', async () => {
    const first = crlNumberOf(await t.service.currentCrl());
    const restarted = await IssuingService.open({ dataDir: t.dataDir, authority, clock: t.clock, policy: DEFAULT_POLICY });
    try {
      expect(crlNumberOf(await restarted.currentCrl())).toBe(first + 1);
    } finally {
      restarted.close();
    }
  });

  it('drops revoked certificates once they have expired', async () => {
    const expiring = await enroll('user01', keys[0]!);
    t.service.operatorRevoke('user01', 'unspecified');
    t.clock.advanceDays(200);
    const live = await enroll('user02', keys[1]!);
    t.service.operatorRevoke('user02', 'unspecified');
    t.clock.advanceDays(200);
    const { revokedSerials } = await readCrl(await t.service.currentCrl(), authority.certificate);
    expect(revokedSerials.has(expiring)).toBe(false);
    expect(revokedSerials.has(live)).toBe(true);
  });

  it('concurrent requests share one signing', async () => {
    const before = crlNumberOf(await t.service.currentCrl());
    await enroll('user01', keys[2]!);
    t.service.operatorRevoke('user01', 'unspecified');
    const results = await Promise.all([t.service.currentCrl(), t.service.currentCrl(), t.service.currentCrl()]);
    expect(results.map(crlNumberOf)).toEqual([before + 1, before + 1, before + 1]);
  });
});

describe('certificateStatus', () => {
  it('good, revoked (with time and reason), unknown; any serial spelling', async () => {
    const serial = await enroll('user01', keys[0]!);
    expect(t.service.certificateStatus(serial)).toEqual({ status: 'good', loginId: 'user01' });
    expect(t.service.certificateStatus(serial.toLowerCase().replace(/(..)(?!$)/g, '$1:'))).toEqual({ status: 'good', loginId: 'user01' });
    expect(t.service.certificateStatus('0123456789ABCDEF')).toEqual({ status: 'unknown' });

    // Revoked through another connection: no cache stands in the way.
    (await t.openAnother()).operatorRevoke('user01', 'keyCompromise');
    expect(t.service.certificateStatus(serial)).toEqual({
      status: 'revoked',
      loginId: 'user01',
      revokedAt: t.clock.now(),
      reason: 'keyCompromise',
      reregistered: false,
    });
  });
});
