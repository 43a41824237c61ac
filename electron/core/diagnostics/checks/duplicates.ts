// FAQ Q17: with several certificates of this system in the store the browser may offer (or
// remember) the wrong one, and the login fails with "invalid certificate". Exactly one usable
// certificate is the goal. Which one to keep is the situation model's answer: the chosen login
// ID's newest usable certificate (never removed), every other usable one named for removal;
// without a login ID and with several owners, nothing is named. Stale certificates (expired,
// revoked, key lost) can never log in, so the fix removes them; it never touches a usable one.
import type { CheckResult } from '../check';
import { defineCheck } from '../check';
import { checkMessages } from '../messages';
import { personal } from '../personal';
import {
  assessAll,
  certificateFacts,
  isStale,
  markStoreChanged,
  ownersEvidence,
  rankCertificates,
  revocationFacts,
  situationActions,
  systemCertificates,
  type AssessedCertificate,
} from './cert-support';

const m = checkMessages('duplicates');

const describe = (items: readonly AssessedCertificate[]): string[] =>
  items.map((a) => `${a.cert.serialNumber} (${a.assessment.state}, ${a.cert.notAfter.toISOString().slice(0, 10)})`);

export const duplicatesCheck = defineCheck({
  id: 'duplicates',
  group: 'certificate',
  faq: ['Q17'],
  platforms: 'all',
  dependsOn: ['certificate-present'],
  async run(context): Promise<CheckResult> {
    const facts = await certificateFacts(context);
    const all = facts.ranked;
    const usable = all.filter((a) => a.usable);
    const stale = all.filter((a) => isStale(a.assessment.state));
    const { situation } = facts;
    const keep = usable.length >= 2 && situation.kind === 'several-usable' ? situation.certificate : null;
    const removals = situationActions(situation).flatMap((a) => (a.kind === 'remove' ? [a.serial] : []));
    const evidence = {
      count: all.length,
      usableSerials: usable.map((a) => a.cert.serialNumber),
      staleSerials: stale.map((a) => a.cert.serialNumber),
      keepSerial: keep?.serialNumber ?? null,
      removeSerials: keep ? removals : [],
      certificates: describe(all),
      loginIds: ownersEvidence(all),
    };
    if (usable.length >= 2) {
      const params = {
        count: usable.length,
        keepSerial: keep?.serialNumber ?? '-',
        keepLoginId: personal(keep?.loginId ?? ''),
        removeSerials: removals.join(', '),
        stale: stale.length,
      };
      // Without a certificate to keep, the user says which login ID is theirs (Q17, Q21(2)).
      const advice = keep ? (stale.length > 0 ? 'keepOneAndStale' : 'keepOne') : 'chooseLoginId';
      return {
        status: 'warn',
        summary: m.summary('several', params),
        evidence,
        advice: m.advice(advice, params),
        codes: ['CERT-DUPLICATE'],
        actions: situationActions(situation),
      };
    }
    if (stale.length > 0) {
      const summary = m.summary('stale', { count: stale.length });
      return { status: 'warn', summary, evidence, advice: m.advice('stale'), codes: ['CERT-STALE'] };
    }
    return { status: 'pass', summary: usable.length === 1 ? m.summary('one') : m.summary('nothingExtra'), evidence };
  },
  fix: {
    async apply(context) {
      // Recomputed at fix time, and only what can never log in: a usable certificate is never
      // touched, and without a CRL a revoked one just stays (it is not known to be stale).
      const current = rankCertificates(assessAll(context, await systemCertificates(context), await revocationFacts(context)));
      for (const item of current.filter((a) => isStale(a.assessment.state))) {
        markStoreChanged(context);
        await context.store.remove(item.cert);
      }
    },
  },
});
