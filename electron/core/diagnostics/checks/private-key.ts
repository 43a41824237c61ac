// FAQ Q21(3), Q22(3): a certificate whose private key is gone (profile damage, a repair, a copy
// of the certificate alone) is listed in the store but can never log in: it must be re-issued.
import { isUsable } from '../../enrollment/certificate-state';
import { defineCheck, text } from '../check';
import {
  assessAll,
  assessDates,
  certificateEvidence,
  CLOSE_BROWSERS,
  joinTexts,
  rankCertificates,
  REISSUE_ADVICE,
  revocationFacts,
  systemCertificates,
} from './cert-support';

export const privateKeyCheck = defineCheck({
  id: 'private-key',
  title: text('電子証明書の秘密鍵', 'Certificate private key'),
  faq: ['Q21(3)', 'Q22(3)'],
  platforms: 'all',
  dependsOn: ['certificate-present'],
  async run(context) {
    const certs = await systemCertificates(context);
    const assessed = assessAll(context, certs, await revocationFacts(context));
    // The question is about the certificate the user would log in with: one that is in date and
    // not revoked. Only when there is none, look at whatever is there.
    const inUse = assessed.filter((a) => isUsable(assessDates(context, a.cert).state) && a.assessment.state !== 'revoked');
    const candidates = rankCertificates(inUse.length > 0 ? inUse : assessed);
    const withKey = candidates.find((a) => a.cert.hasPrivateKey);
    if (withKey) {
      return {
        status: 'pass',
        summary: text('電子証明書の秘密鍵があります', 'The certificate has its private key'),
        evidence: {
          ...certificateEvidence(context, withKey),
          withoutKey: candidates.filter((a) => !a.cert.hasPrivateKey).map((a) => a.cert.serialNumber),
        },
      };
    }
    const best = candidates[0];
    if (!best) return { status: 'not-applicable', summary: text('電子証明書がありません', 'No certificate'), evidence: { count: 0 } };
    return {
      status: 'fail',
      summary: text('電子証明書の秘密鍵がありません（電子証明書が破損しています）', 'The certificate has no private key (it is corrupted)'),
      evidence: { ...certificateEvidence(context, best), withoutKey: candidates.map((a) => a.cert.serialNumber) },
      advice: joinTexts(
        text('秘密鍵のない電子証明書ではログインできません。', 'A certificate without its private key cannot log in.'),
        REISSUE_ADVICE,
        text(
          `壊れた電子証明書は \`cjs-cert remove --serial ${best.cert.serialNumber} --yes\` で削除できます。`,
          `The broken certificate can be removed with \`cjs-cert remove --serial ${best.cert.serialNumber} --yes\`.`,
        ),
        CLOSE_BROWSERS,
      ),
      codes: ['CERT-NO-PRIVATE-KEY'],
    };
  },
});
