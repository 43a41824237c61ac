// FAQ Q21(2): a certificate only logs in as the user it was issued to. A shared PC often has a
// colleague's certificate; this check says whose certificate is installed.
import { defineCheck } from '../check';
import { checkMessages } from '../messages';
import { personal } from '../personal';
import { certificateEvidence, certificateFacts, ownersEvidence, situationActions } from './cert-support';

const m = checkMessages('right-user');

export const rightUserCheck = defineCheck({
  id: 'right-user',
  group: 'certificate',
  faq: ['Q21(2)'],
  platforms: 'all',
  // Without any certificate there is no owner to compare; certificate-present explains that.
  dependsOn: ['certificate-present'],
  async run(context) {
    const loginId = context.loginId;
    if (!loginId) return { status: 'not-applicable', summary: m.summary('noLoginId'), evidence: {} };
    const facts = await certificateFacts(context);
    const all = facts.ranked;
    // Login IDs are compared exactly: the issuer puts the login ID as given into the CN.
    const mine = all.filter((a) => a.cert.subjectCommonName === loginId);
    const others = all.filter((a) => a.cert.subjectCommonName !== loginId);
    const expected = personal(loginId);
    const mineUsable = mine.find((a) => a.usable);
    if (mineUsable) {
      return {
        status: 'pass',
        summary: m.summary('mine', { loginId: expected }),
        evidence: { ...certificateEvidence(context, mineUsable), expectedLoginId: expected, loginIds: ownersEvidence(all) },
      };
    }
    const [first] = mine;
    if (first) {
      // It is the right user's certificate; why it cannot be used is the other checks' finding.
      return {
        status: 'warn',
        summary: m.summary('mineUnusable', { loginId: expected, state: first.assessment.state }),
        evidence: { ...certificateEvidence(context, first), expectedLoginId: expected, loginIds: ownersEvidence(all) },
        advice: m.advice('mineUnusable'),
        actions: situationActions(facts.situation),
      };
    }
    const owners = personal([...new Set(others.map((a) => a.cert.subjectCommonName ?? ''))].filter(Boolean).join(', '));
    return {
      status: 'fail',
      summary: m.summary('otherUser', { owners, loginId: expected }),
      evidence: { expectedLoginId: expected, loginIds: ownersEvidence(others), serialNumbers: all.map((a) => a.cert.serialNumber) },
      advice: m.advice('otherUser', { owners, loginId: expected }),
      codes: ['CERT-OTHER-USER'],
      actions: situationActions(facts.situation),
    };
  },
});
