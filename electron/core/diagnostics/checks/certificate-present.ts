// FAQ Q19(1), Q22: "no valid certificate" after an OS reinstall, a repair or a deletion starts
// with the simplest question: is a certificate of this system in the store at all?
import { StoreError } from '../../stores/certificate-store';
import { defineCheck, type CheckResult } from '../check';
import { checkMessages } from '../messages';
import { personal, type Personal } from '../personal';
import {
  certificateFacts,
  classifyIssuerFailure,
  errorCodes,
  errorText,
  issuerSilence,
  ISSUER_OUTAGE,
  situationActions,
  systemCertificates,
} from './cert-support';
import { skippedForNoAnswer } from './origin-answer';

const m = checkMessages('certificate-present');

export const certificatePresentCheck = defineCheck({
  id: 'certificate-present',
  group: 'certificate',
  faq: ['Q19(1)', 'Q22'],
  platforms: 'all',
  async run(context, signal) {
    const location = personal(context.store.location);
    try {
      await systemCertificates(context);
    } catch (err) {
      // The issuer did not answer and no CA list was remembered: not a finding of its own.
      const silence = await issuerSilence(context, err, signal);
      if (silence) return skippedForNoAnswer(silence);
      return cannotList(err, location, { storeKind: context.store.kind, location, error: errorText(err) });
    }
    const facts = await certificateFacts(context);
    const evidence = {
      count: facts.certs.length,
      serialNumbers: facts.certs.map((c) => c.serialNumber),
      storeKind: context.store.kind,
      location,
      situation: facts.situation.kind,
    };
    if (facts.certs.length === 0) {
      // A certificate this PC enrolled and the issuer still holds is "lost" (P8): obtaining a new
      // one is refused until it is revoked, so the advice and the actions say who acts first.
      const lost = facts.situation.kind === 'lost';
      return {
        status: 'fail',
        summary: m.summary('none'),
        evidence,
        advice: m.advice(lost ? 'lost' : 'none'),
        codes: ['CERT-NOT-INSTALLED'],
        actions: situationActions(facts.situation),
      };
    }
    return { status: 'pass', summary: m.summary('count', { count: facts.certs.length }), evidence };
  },
});

/**
 * Either the store cannot be read, or the issuer's CA (which tells our certificates from others)
 * could not be fetched and none was remembered: say which, and whose side the problem is on.
 */
function cannotList(err: unknown, location: Personal, evidence: CheckResult['evidence']): CheckResult {
  if (err instanceof StoreError) {
    return {
      status: 'error',
      summary: m.summary('storeUnreadable'),
      evidence,
      advice: m.advice('storeUnreadable', { location }),
      codes: [err.code],
      actions: [{ kind: 'contact', actor: 'it', reason: 'store' }],
    };
  }
  const failure = classifyIssuerFailure(err);
  if (failure.kind === 'outage') {
    return {
      status: 'error',
      summary: m.summary('issuerOutage', { status: failure.status ?? '-' }),
      evidence: { ...evidence, issuerAnswered: true, httpStatus: failure.status },
      advice: m.advice('issuerOutage'),
      codes: errorCodes(err),
      actions: [ISSUER_OUTAGE],
    };
  }
  return {
    status: 'error',
    summary: m.summary('noCa'),
    evidence,
    advice: m.advice('noCa'),
    codes: errorCodes(err),
    actions: [{ kind: 'diagnose' }],
  };
}
