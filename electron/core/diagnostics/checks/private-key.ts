// FAQ Q21(3), Q22(3): a certificate whose private key is gone (profile damage, a repair, a copy
// of the certificate alone) is listed in the store but can never log in: it must be re-issued.
import type { NextAction } from '../../../contract/actions';
import { isUsable } from '../../enrollment/certificate-state';
import { defineCheck } from '../check';
import { checkMessages } from '../messages';
import { assessDates, certificateEvidence, certificateFacts, rankCertificates, situationActions } from './cert-support';

const m = checkMessages('private-key');

export const privateKeyCheck = defineCheck({
  id: 'private-key',
  group: 'certificate',
  faq: ['Q21(3)', 'Q22(3)'],
  platforms: 'all',
  dependsOn: ['certificate-present'],
  async run(context) {
    const facts = await certificateFacts(context);
    // The question is about the certificate the user would log in with: one that is in date and
    // not revoked. Only when there is none, look at whatever is there.
    const inUse = facts.ranked.filter((a) => isUsable(assessDates(context, a.cert).state) && a.assessment.state !== 'revoked');
    const candidates = rankCertificates(inUse.length > 0 ? inUse : facts.ranked);
    const withKey = candidates.find((a) => a.cert.hasPrivateKey);
    if (withKey) {
      return {
        status: 'pass',
        summary: m.summary('present'),
        evidence: {
          ...certificateEvidence(context, withKey),
          withoutKey: candidates.filter((a) => !a.cert.hasPrivateKey).map((a) => a.cert.serialNumber),
        },
      };
    }
    const best = candidates[0];
    if (!best) return { status: 'not-applicable', summary: m.summary('none'), evidence: { count: 0 } };
    // The situation model says who re-issues (P8, P10); the broken certificate can go in any case.
    const remove: NextAction = { kind: 'remove', serial: best.cert.serialNumber };
    const actions = situationActions(facts.situation);
    return {
      status: 'fail',
      summary: m.summary('missing'),
      evidence: { ...certificateEvidence(context, best), withoutKey: candidates.map((a) => a.cert.serialNumber) },
      advice: m.advice('missing', { serial: best.cert.serialNumber }),
      codes: ['CERT-NO-PRIVATE-KEY'],
      actions: actions.some((a) => a.kind === 'remove') ? actions : [...actions, remove],
    };
  },
});
