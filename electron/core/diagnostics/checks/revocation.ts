// FAQ Q12, Q13: deleting a user ID revokes its certificate at once, and re-issuing revokes the
// old one. The issuer's CRL (signature verified in shared facts) says which serials are revoked.
import { revocationGap } from '../../app/issuer-facts';
import type { CheckResult } from '../check';
import { defineCheck } from '../check';
import { checkMessages } from '../messages';
import {
  bestCertificate,
  certificateEvidence,
  certificateFacts,
  classifyIssuerFailure,
  issuerSilence,
  ISSUER_OUTAGE,
  situationActions,
  type CertificateFacts,
} from './cert-support';
import { skippedForNoAnswer } from './origin-answer';

const m = checkMessages('revocation');

export const revocationCheck = defineCheck({
  id: 'revocation',
  group: 'certificate',
  faq: ['Q12', 'Q13'],
  platforms: 'all',
  dependsOn: ['certificate-present'],
  async run(context, signal) {
    const facts = await certificateFacts(context);
    if (!facts.revocation.known) {
      // Not checked because the issuer did not answer: said as skipped, with that one cause.
      const silence = await issuerSilence(context, facts.revocation.error, signal);
      if (silence) return skippedForNoAnswer(silence);
      const answered = await context.shared.issuerReachable().catch(() => false);
      if (revocationGap(facts.revocation.error, answered) === 'no-crl') return crlNotPublished(facts, facts.revocation.reason);
      return crlUnavailable(facts, facts.revocation.reason, facts.revocation.error);
    }
    const revoked = facts.ranked.filter((a) => a.assessment.state === 'revoked').map((a) => a.cert.serialNumber);
    const best = bestCertificate(facts.ranked);
    if (!best) return { status: 'not-applicable', summary: m.summary('none'), evidence: { count: 0 } };
    const evidence = { ...certificateEvidence(context, best), crlAvailable: true, revokedSerials: revoked, checked: facts.certs.length };
    // The best certificate is revoked only when no unrevoked usable one exists: then login fails.
    if (best.assessment.state === 'revoked') {
      return {
        status: 'fail',
        summary: m.summary('revoked'),
        evidence,
        advice: m.advice(facts.situation.kind === 'reregistered' ? 'reregistered' : 'revoked'),
        codes: ['CJS-E-CERT-REVOKED'],
        actions: situationActions(facts.situation),
      };
    }
    return {
      status: 'pass',
      summary: revoked.length > 0 ? m.summary('olderRevoked', { count: revoked.length }) : m.summary('notRevoked'),
      evidence,
    };
  },
});

/**
 * An issuer without a CRL endpoint (any standard EST server, RFC 7030 has none): revocation
 * cannot be checked from this PC, which is a fact to know, not a failure of anyone's to mend.
 */
function crlNotPublished(facts: CertificateFacts, reason: string): CheckResult {
  return {
    status: 'warn',
    summary: m.summary('notPublished'),
    evidence: { crlAvailable: false, crlPublished: false, reason, serialNumbers: facts.certs.map((c) => c.serialNumber) },
    advice: m.advice('notPublished'),
  };
}

/** Not checked is not "not revoked": a warning, with whose side the failure is on. */
function crlUnavailable(facts: CertificateFacts, reason: string, error: unknown): CheckResult {
  const outage = classifyIssuerFailure(error).kind === 'outage';
  return {
    status: 'warn',
    summary: m.summary('unavailable'),
    evidence: { crlAvailable: false, reason, serialNumbers: facts.certs.map((c) => c.serialNumber) },
    advice: outage ? m.advice('issuerOutage') : m.advice('unavailable'),
    codes: ['CRL-UNAVAILABLE'],
    actions: outage ? [ISSUER_OUTAGE] : [{ kind: 'diagnose' }],
  };
}
