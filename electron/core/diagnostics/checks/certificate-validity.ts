// FAQ Q7–Q10, Q15, Q21(1): is the certificate the user will log in with inside its validity
// period, how many days are left, and is it time to renew (from 30 days before expiry, Q8)? The
// certificate is the one the situation model is about, and the next action is the situation's:
// this check never advises differently from the others for the same certificate. A revoked
// certificate is never called valid here, whatever its dates.
import { defineCheck } from '../check';
import { checkMessages } from '../messages';
import { assessDates, certificateEvidence, certificateFacts, situationActions, subjectCertificate } from './cert-support';

const m = checkMessages('certificate-validity');

export const certificateValidityCheck = defineCheck({
  id: 'certificate-validity',
  group: 'certificate',
  faq: ['Q7', 'Q8', 'Q9', 'Q10', 'Q15', 'Q21(1)'],
  platforms: 'all',
  dependsOn: ['certificate-present'],
  async run(context) {
    const facts = await certificateFacts(context);
    const subject = subjectCertificate(facts);
    if (!subject) return { status: 'not-applicable', summary: m.summary('none'), evidence: { count: 0 } };
    const dates = assessDates(context, subject.cert);
    const evidence = {
      ...certificateEvidence(context, subject),
      dateState: dates.state,
      daysLeft: dates.daysLeft,
      renewalOpensAt: dates.renewalOpensAt.toISOString(),
      count: facts.certs.length,
      situation: facts.situation.kind,
    };
    const params = {
      notBefore: subject.cert.notBefore.toISOString(),
      notAfter: subject.cert.notAfter.toISOString(),
      renewalOpensAt: dates.renewalOpensAt.toISOString(),
      daysLeft: dates.daysLeft,
      windowDays: context.settings.renewalWindowDays,
    };
    const actions = situationActions(facts.situation);
    if (subject.assessment.state === 'revoked') {
      return {
        status: 'fail',
        summary: m.summary('revoked', params),
        evidence,
        advice: m.advice('revoked'),
        codes: ['CJS-E-CERT-REVOKED'],
        actions,
      };
    }
    switch (dates.state) {
      case 'expired':
        return {
          status: 'fail',
          summary: m.summary('expired', params),
          evidence,
          advice: m.advice('expired'),
          codes: ['CJS-E-CERT-EXPIRED'],
          actions,
        };
      case 'not-yet-valid':
        return {
          status: 'fail',
          summary: m.summary('notYetValid', params),
          evidence,
          advice: m.advice('notYetValid'),
          codes: ['CERT-NOT-YET-VALID'],
          actions,
        };
      case 'expiring':
        return { status: 'warn', summary: m.summary('expiring', params), evidence, advice: m.advice('expiring', params), actions };
      default:
        return { status: 'pass', summary: m.summary('valid', params), evidence };
    }
  },
});
