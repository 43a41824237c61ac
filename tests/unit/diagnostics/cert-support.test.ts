// Choosing "the" certificate among several, and what counts as stale, on constructed store entries.
import { describe, expect, it } from 'vitest';
import { TRANSPORT_CODES } from '../../../electron/core/issuing/errors';
import type { CheckContext } from '../../../electron/core/diagnostics/check';
import {
  assessAll,
  assessDates,
  bestCertificate,
  classifyIssuerFailure,
  isStale,
  rankCertificates,
} from '../../../electron/core/diagnostics/checks/cert-support';
import type { StoredCertificate } from '../../../electron/core/stores/certificate-store';

const NOW = new Date('2026-06-01T00:00:00Z');
const DAY = 86_400_000;
const context = { now: () => NOW, settings: { renewalWindowDays: 30 } } as unknown as CheckContext;

function cert(serialNumber: string, fromDays: number, toDays: number, hasPrivateKey = true): StoredCertificate {
  return {
    store: 'nss',
    handle: serialNumber,
    subject: 'CN=user01',
    subjectCommonName: 'user01',
    issuer: 'CN=CA',
    issuerCommonName: 'CA',
    serialNumber,
    thumbprintSha1: serialNumber.padEnd(40, '0'),
    notBefore: new Date(NOW.getTime() + fromDays * DAY),
    notAfter: new Date(NOW.getTime() + toDays * DAY),
    hasPrivateKey,
  };
}

describe('cert-support', () => {
  it('ranks usable certificates first, then by the latest notAfter', () => {
    const expiredLater = cert('A1', -400, -1);
    const validOlder = cert('B2', -100, 100);
    const validNewer = cert('C3', -1, 300);
    const noKeyNewest = cert('D4', -1, 365, false);
    const ranked = rankCertificates(assessAll(context, [expiredLater, noKeyNewest, validOlder, validNewer]));
    expect(ranked.map((a) => a.cert.serialNumber)).toEqual(['C3', 'B2', 'D4', 'A1']);
  });

  it('a revoked certificate is not the best when the CRL is known; it is when the CRL is not', () => {
    const revokedNewer = cert('E5', -1, 300);
    const validOlder = cert('F6', -100, 100);
    const revokedSerials = new Set(['E5']);
    expect(
      bestCertificate(assessAll(context, [revokedNewer, validOlder], { known: true, serials: revokedSerials }))?.cert.serialNumber,
    ).toBe('F6');
    expect(bestCertificate(assessAll(context, [revokedNewer, validOlder], { known: false, reason: 'x' }))?.cert.serialNumber).toBe('E5');
  });

  it('judges dates alone for validity (a missing key does not hide an expiring date)', () => {
    expect(assessDates(context, cert('A1', -300, 10, false)).state).toBe('expiring');
  });

  it('stale = can never log in again; not-yet-valid is not stale (the clock may be wrong)', () => {
    expect(['expired', 'revoked', 'no-key'].every((s) => isStale(s as never))).toBe(true);
    expect(['valid', 'expiring', 'not-yet-valid'].some((s) => isStale(s as never))).toBe(false);
  });

  it("tells the issuer's outage (an error answer) from the way there (no answer): only the first is the bank's", () => {
    const issuing = (code: string, status?: number) => Object.assign(new Error(code), { code, ...(status ? { status } : {}) });
    expect(classifyIssuerFailure(issuing('ISSUE-HTTP-STATUS', 503))).toEqual({ kind: 'outage', status: 503 });
    expect(classifyIssuerFailure(issuing('CJS-E-INTERNAL', 500))).toEqual({ kind: 'outage', status: 500 });
    expect(classifyIssuerFailure(issuing('ISSUE-BAD-RESPONSE', 200))).toEqual({ kind: 'outage', status: 200 });
    // A redirect or a 404 from a gateway is not the service being down.
    expect(classifyIssuerFailure(issuing('ISSUE-HTTP-STATUS', 404)).kind).toBe('other');
    for (const code of TRANSPORT_CODES) {
      expect(classifyIssuerFailure(issuing(code)).kind, code).toBe('unreachable');
    }
  });
});
