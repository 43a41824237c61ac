// Contract-valid values for the renderer's tests: a certificate, a situation, a report.
import type { ReportedCheckView } from '../../../electron/contract/diagnosis';
import type { AppError } from '../../../electron/contract/result';
import type { CertificateView, Situation } from '../../../electron/contract/situation';

export function certificate(overrides: Partial<CertificateView> = {}): CertificateView {
  return {
    loginId: 'user01',
    subject: 'CN=user01',
    issuer: 'CN=Rokin CJS Issuing CA 1',
    serialNumber: '5A1F03',
    thumbprint: 'A3F29C0D5E7B18C4D2E9F0A1B3C5D7E9F1A2B4C6',
    notBefore: '2026-12-04T01:00:00.000Z',
    notAfter: '2027-12-05T01:00:00.000Z',
    daysLeft: 365,
    renewalOpensAt: '2027-11-05T01:00:00.000Z',
    state: 'valid',
    hasPrivateKey: true,
    ...overrides,
  };
}

export function situation(overrides: Partial<Situation> = {}): Situation {
  const cert = certificate();
  return {
    kind: 'valid',
    loginId: 'user01',
    certificate: cert,
    certificates: [cert],
    actions: [{ kind: 'none' }],
    actor: 'none',
    actorIfMaster: null,
    faq: ['Q7', 'Q15'],
    store: { kind: 'nss', location: '/home/u/.pki/nssdb' },
    revocationChecked: true,
    issuerReachable: true,
    checkedAt: '2026-12-04T01:00:00.000Z',
    ...overrides,
  };
}

export function check(overrides: Partial<ReportedCheckView> = {}): ReportedCheckView {
  return {
    id: 'clock',
    group: 'network',
    status: 'pass',
    faq: ['Q9'],
    summary: { key: 'diagnostics:check.clock.summary.accurate', params: {} },
    advice: null,
    evidence: {},
    codes: [],
    actions: [],
    durationMs: 12,
    fixable: false,
    ...overrides,
  };
}

export const authError: AppError = { code: 'CJS-E-AUTH', actor: 'user', faq: ['Q10'], params: {} };
