import { describe, expect, it } from 'vitest';
import { computeSituation, type SituationInput } from '../../../electron/core/app/situation';
import { situationSchema, type Situation } from '../../../electron/contract/situation';
import type { StoredCertificate } from '../../../electron/core/stores/certificate-store';

// A payroll clerk's PC on 25 November 2026, 09:00 JST; certificates are issued for 366 days (P4).
const now = new Date('2026-11-25T00:00:00Z');
const DAY = 86_400_000;
let serialSeq = 0x3f1a;

function certificate(loginId: string, issued: string, options: { hasPrivateKey?: boolean; days?: number } = {}): StoredCertificate {
  const serialNumber = (serialSeq++).toString(16).toUpperCase().padStart(16, '7');
  const notBefore = new Date(issued);
  return {
    store: 'nss',
    handle: `ろうきん賃金控除 ${loginId} ${serialNumber.slice(-8)}`,
    subject: `CN=${loginId}`,
    subjectCommonName: loginId,
    issuer: 'CN=CJS Rokin Issuing CA,O=Rokin Reference Issuer',
    issuerCommonName: 'CJS Rokin Issuing CA',
    serialNumber,
    thumbprintSha1: serialNumber.padStart(40, 'A'),
    notBefore,
    notAfter: new Date(notBefore.getTime() + (options.days ?? 366) * DAY),
    hasPrivateKey: options.hasPrivateKey ?? true,
  };
}

function situation(over: Partial<SituationInput>): Situation {
  const result = computeSituation({
    certificates: [],
    revokedSerials: new Set(),
    issuerReachable: true,
    caKnown: true,
    remembered: [],
    now,
    renewalWindowDays: 30,
    store: { kind: 'nss', location: '/home/clerk/.pki/nssdb' },
    ...over,
  });
  // Whatever the case, what leaves the core must cross the contract.
  expect(situationSchema.parse(result)).toEqual(result);
  return result;
}

const remembered = (c: StoredCertificate) => ({ loginId: c.subjectCommonName!, serialNumber: c.serialNumber, notAfter: c.notAfter });

describe('computeSituation', () => {
  it('an empty store and nothing remembered: obtain a certificate with the login ID (the user acts)', () => {
    const s = situation({ loginId: 'user01' });
    expect(s).toMatchObject({ kind: 'no-certificate', loginId: 'user01', actor: 'user', actorIfMaster: null, certificate: null });
    expect(s.actions).toEqual([{ kind: 'enroll', loginId: 'user01' }]);
  });

  it('without a login ID the enroll action leaves the ID to be asked', () => {
    expect(situation({}).actions).toEqual([{ kind: 'enroll' }]);
  });

  it('a certificate issued in May: valid, nothing to do, days left shown', () => {
    const c = certificate('user01', '2026-05-01T03:00:00Z');
    const s = situation({ certificates: [c] });
    expect(s).toMatchObject({ kind: 'valid', loginId: 'user01', actor: 'none' });
    expect(s.actions).toEqual([{ kind: 'none' }]);
    expect(s.certificate).toMatchObject({ serialNumber: c.serialNumber, state: 'valid', daysLeft: 158 });
  });

  it('20 days before expiry: renew, with the login ID filled in (P6)', () => {
    const c = certificate('user01', '2025-12-14T00:00:00Z');
    const s = situation({ certificates: [c] });
    expect(s).toMatchObject({ kind: 'renewal-window', actor: 'user' });
    expect(s.certificate?.daysLeft).toBe(20);
    expect(s.actions[0]).toEqual({ kind: 'renew', loginId: 'user01' });
    expect(s.faq).toContain('Q8');
  });

  it('expired last week: obtain a new one with login ID + password (P7), one action only', () => {
    const c = certificate('user01', '2025-11-13T00:00:00Z');
    const s = situation({ certificates: [c], loginId: 'user01' });
    expect(s).toMatchObject({ kind: 'expired', actor: 'user' });
    expect(s.actions).toEqual([{ kind: 'enroll', loginId: 'user01' }]);
  });

  it('revoked (the ID was deleted): the master re-registers, the bank for a master user (P9, P10)', () => {
    const c = certificate('user01', '2026-05-01T03:00:00Z');
    const s = situation({ certificates: [c], revokedSerials: new Set([c.serialNumber]) });
    expect(s).toMatchObject({ kind: 'revoked', actor: 'master', actorIfMaster: 'bank' });
    // The serial goes into a master user's request to the bank (P10).
    expect(s.actions[0]).toEqual({ kind: 'contact', actor: 'master', reason: 'revoked', serial: c.serialNumber });
    expect(s.faq).toEqual(expect.arrayContaining(['Q12', 'Q13']));
  });

  it('revoked, and the issuer says the ID was registered again since: the user obtains a new one (P10)', () => {
    const c = certificate('user01', '2026-05-01T03:00:00Z');
    const revoked = new Set([c.serialNumber]);
    const s = situation({ certificates: [c], revokedSerials: revoked, reregisteredSerials: new Set([c.serialNumber]) });
    expect(s).toMatchObject({ kind: 'reregistered', loginId: 'user01', actor: 'user', actorIfMaster: null });
    expect(s.certificate?.serialNumber).toBe(c.serialNumber);
    expect(s.actions).toEqual([{ kind: 'enroll', loginId: 'user01' }]);
    // Another serial re-registered says nothing about this one.
    const other = situation({ certificates: [c], revokedSerials: revoked, reregisteredSerials: new Set(['0ABC']) });
    expect(other.kind).toBe('revoked');
  });

  it('a certificate without its key: corrupted, revoke and re-issue (Q21(3), Q22(3))', () => {
    const c = certificate('user01', '2026-05-01T03:00:00Z', { hasPrivateKey: false });
    const s = situation({ certificates: [c] });
    expect(s).toMatchObject({ kind: 'no-key', actor: 'master', actorIfMaster: 'bank' });
    expect(s.actions).toEqual([
      { kind: 'contact', actor: 'master', reason: 'no-key', serial: c.serialNumber },
      { kind: 'reissue', loginId: 'user01' },
    ]);
  });

  it('deleted by hand after enrolling here: lost, the master deletes and re-registers the ID, then reissue (P8)', () => {
    const gone = certificate('user01', '2026-05-01T03:00:00Z');
    const s = situation({ remembered: [remembered(gone)] });
    expect(s).toMatchObject({ kind: 'lost', loginId: 'user01', actor: 'master', actorIfMaster: 'bank', certificate: null });
    expect(s.actions).toEqual([
      { kind: 'contact', actor: 'master', reason: 'lost', serial: gone.serialNumber },
      { kind: 'reissue', loginId: 'user01' },
    ]);
    expect(s.faq).toEqual(expect.arrayContaining(['Q11', 'Q22']));
  });

  it('a remembered certificate that has since expired or been revoked is not lost: obtain a new one', () => {
    const expired = certificate('user01', '2025-11-13T00:00:00Z');
    expect(situation({ remembered: [remembered(expired)], loginId: 'user01' }).kind).toBe('no-certificate');
    const revoked = certificate('user01', '2026-05-01T03:00:00Z');
    expect(situation({ remembered: [remembered(revoked)], revokedSerials: new Set([revoked.serialNumber]) }).kind).toBe('no-certificate');
  });

  it('the store holds only user02’s certificate while user01 is asked about: other user (Q21(2))', () => {
    const s = situation({ certificates: [certificate('user02', '2026-05-01T03:00:00Z')], loginId: 'user01' });
    expect(s).toMatchObject({ kind: 'other-user', loginId: 'user01', actor: 'user', certificate: null });
    expect(s.actions[0]).toEqual({ kind: 'enroll', loginId: 'user01' });
    // Another user's certificate is never named for removal on their behalf.
    expect(s.actions.some((a) => a.kind === 'remove')).toBe(false);
  });

  it('several usable certificates: keep the chosen user’s, remove the others, never the kept one (Q17)', () => {
    const mine = certificate('user01', '2026-05-01T03:00:00Z');
    const colleague = certificate('user02', '2026-06-01T03:00:00Z');
    const s = situation({ certificates: [mine, colleague], loginId: 'user01' });
    expect(s).toMatchObject({ kind: 'several-usable', loginId: 'user01', actor: 'user' });
    expect(s.certificate?.serialNumber).toBe(mine.serialNumber);
    expect(s.actions).toEqual([{ kind: 'remove', serial: colleague.serialNumber }]);
  });

  it('two usable certificates of the same user: the newer stays, the older goes; renew follows inside the window', () => {
    const older = certificate('user01', '2025-12-10T00:00:00Z');
    const newer = certificate('user01', '2025-12-16T00:00:00Z');
    const s = situation({ certificates: [older, newer] });
    expect(s.kind).toBe('several-usable');
    expect(s.certificate?.serialNumber).toBe(newer.serialNumber);
    expect(s.actions).toEqual([
      { kind: 'remove', serial: older.serialNumber },
      { kind: 'renew', loginId: 'user01' },
    ]);
  });

  it('several users’ usable certificates and no login ID: nothing is named for removal', () => {
    const s = situation({ certificates: [certificate('user01', '2026-05-01T03:00:00Z'), certificate('user02', '2026-06-01T03:00:00Z')] });
    expect(s).toMatchObject({ kind: 'several-usable', loginId: null, certificate: null });
    expect(s.actions).toEqual([{ kind: 'choose' }, { kind: 'faq', faq: 'Q17' }]);
  });

  it('issued "tomorrow" by the PC’s clock: not yet valid, check the clock (user, else IT)', () => {
    const s = situation({ certificates: [certificate('user01', '2026-11-26T00:00:00Z')] });
    expect(s).toMatchObject({ kind: 'not-yet-valid', actor: 'user' });
    expect(s.actions).toEqual([{ kind: 'diagnose' }, { kind: 'contact', actor: 'it', reason: 'clock' }]);
  });

  it('issuer unreachable and its CA unknown: undetermined, diagnose', () => {
    const s = situation({ caKnown: false, issuerReachable: false, revokedSerials: undefined, loginId: 'user01' });
    expect(s).toMatchObject({ kind: 'undetermined', issuerReachable: false, revocationChecked: false, certificates: [] });
    expect(s.actions).toEqual([{ kind: 'diagnose' }]);
  });

  it('a valid certificate kept after a renewal beside an expired one is simply valid', () => {
    const old = certificate('user01', '2025-11-13T00:00:00Z');
    const fresh = certificate('user01', '2026-11-20T00:00:00Z');
    const s = situation({ certificates: [old, fresh], revokedSerials: undefined });
    expect(s).toMatchObject({ kind: 'valid', revocationChecked: false });
    expect(s.certificates.map((c) => c.serialNumber)).toEqual([fresh.serialNumber, old.serialNumber]);
  });

  it('the newest of several unusable certificates decides: revoked beats an older expired one', () => {
    const old = certificate('user01', '2025-11-13T00:00:00Z');
    const revoked = certificate('user01', '2026-05-01T03:00:00Z');
    expect(situation({ certificates: [old, revoked], revokedSerials: new Set([revoked.serialNumber]) }).kind).toBe('revoked');
  });
});

describe('a lost certificate inside its renewal window', () => {
  it('is renewed by the user with the password alone (P6): no revocation, the master only as a fallback', () => {
    const gone = certificate('user01', '2025-12-14T00:00:00Z');
    const s = situation({ remembered: [remembered(gone)], loginId: 'user01' });
    expect(s).toMatchObject({ kind: 'lost', actor: 'user', actorIfMaster: null });
    expect(s.actions).toEqual([
      { kind: 'renew', loginId: 'user01' },
      { kind: 'contact', actor: 'master', reason: 'lost', serial: gone.serialNumber },
    ]);
  });
});
