// FAQ Q21(2): a certificate only logs in as the user it was issued to. A shared PC often has a
// colleague's certificate; this check says whose certificate is installed.
import { defineCheck, text } from '../check';
import {
  assessAll,
  certificateEvidence,
  ENROLL_ADVICE,
  joinTexts,
  rankCertificates,
  revocationFacts,
  systemCertificates,
} from './cert-support';

export const rightUserCheck = defineCheck({
  id: 'right-user',
  title: text('電子証明書の利用者', 'Certificate owner'),
  faq: ['Q21(2)'],
  platforms: 'all',
  // Without any certificate there is no owner to compare; certificate-present explains that.
  dependsOn: ['certificate-present'],
  async run(context) {
    const loginId = context.loginId;
    if (!loginId) {
      return {
        status: 'not-applicable',
        summary: text('ログイン ID が指定されていません', 'No login ID given'),
        evidence: {},
      };
    }
    const all = rankCertificates(assessAll(context, await systemCertificates(context), await revocationFacts(context)));
    // Login IDs are compared exactly: the issuer puts the login ID as given into the CN.
    const mine = all.filter((a) => a.cert.subjectCommonName === loginId);
    const others = [...new Set(all.filter((a) => a.cert.subjectCommonName !== loginId).map((a) => a.cert.subjectCommonName ?? ''))];
    const mineUsable = mine.find((a) => a.usable);
    if (mineUsable) {
      return {
        status: 'pass',
        summary: text(`${loginId} の電子証明書があります`, `There is a certificate for ${loginId}`),
        evidence: {
          ...certificateEvidence(context, mineUsable),
          expectedLoginId: loginId,
          loginIds: [...new Set(all.map((a) => a.cert.subjectCommonName ?? ''))],
        },
      };
    }
    const [first] = mine;
    if (first) {
      // It is the right user's certificate; why it cannot be used is the other checks' finding.
      return {
        status: 'warn',
        summary: text(
          `${loginId} の電子証明書はありますが、使用できない状態です（${first.assessment.state}）`,
          `The certificate of ${loginId} is there but not usable (${first.assessment.state})`,
        ),
        evidence: {
          ...certificateEvidence(context, first),
          expectedLoginId: loginId,
          loginIds: [...new Set(all.map((a) => a.cert.subjectCommonName ?? ''))],
        },
        advice: text('有効期限・秘密鍵・失効の確認結果を参照してください。', 'See the validity, private key and revocation results.'),
      };
    }
    const owners = others.filter(Boolean).join(', ');
    return {
      status: 'fail',
      summary: text(
        `インストールされている電子証明書は ${owners} のものです（${loginId} のものはありません）`,
        `The installed certificate belongs to ${owners}, not to ${loginId}`,
      ),
      evidence: { expectedLoginId: loginId, loginIds: others, serialNumbers: all.map((a) => a.cert.serialNumber) },
      advice: joinTexts(
        text(
          `電子証明書は取得したユーザーでしか使えません。${owners} としてログインするか、${loginId} の電子証明書を取得してください。`,
          `A certificate works only for the user it was issued to. Log in as ${owners}, or obtain a certificate for ${loginId}.`,
        ),
        ENROLL_ADVICE,
      ),
      codes: ['CERT-OTHER-USER'],
    };
  },
});
