// FAQ Q12, Q13: deleting a user ID revokes its certificate at once, and re-issuing revokes the
// old one. The issuer's CRL (signature verified in shared facts) says which serials are revoked.
import { defineCheck, text } from '../check';
import {
  assessAll,
  bestCertificate,
  certificateEvidence,
  CLOSE_BROWSERS,
  joinTexts,
  REISSUE_ADVICE,
  revocationFacts,
  systemCertificates,
} from './cert-support';

export const revocationCheck = defineCheck({
  id: 'revocation',
  title: text('電子証明書の失効', 'Certificate revocation'),
  faq: ['Q12', 'Q13'],
  platforms: 'all',
  dependsOn: ['certificate-present'],
  async run(context) {
    const certs = await systemCertificates(context);
    const revocation = await revocationFacts(context);
    if (!revocation.known) {
      return {
        status: 'warn',
        summary: text(
          '失効リスト (CRL) を取得できず、失効を確認できませんでした',
          'Not checked: the revocation list (CRL) could not be obtained',
        ),
        evidence: { crlAvailable: false, reason: revocation.reason, serialNumbers: certs.map((c) => c.serialNumber) },
        advice: text(
          '発行サービスに接続できる状態で、もう一度診断してください（ネットワークの確認結果も参照してください）。',
          'Run the diagnosis again when the issuing service can be reached (see the network checks).',
        ),
        codes: ['CRL-UNAVAILABLE'],
      };
    }
    const assessed = assessAll(context, certs, revocation);
    const revoked = assessed.filter((a) => a.assessment.state === 'revoked').map((a) => a.cert.serialNumber);
    const best = bestCertificate(assessed);
    if (!best) return { status: 'not-applicable', summary: text('電子証明書がありません', 'No certificate'), evidence: { count: 0 } };
    const evidence = { ...certificateEvidence(context, best), crlAvailable: true, revokedSerials: revoked, checked: certs.length };
    // The best certificate is revoked only when no unrevoked usable one exists: then login fails.
    if (best.assessment.state === 'revoked') {
      return {
        status: 'fail',
        summary: text('電子証明書は失効しています', 'The certificate has been revoked'),
        evidence,
        advice: joinTexts(
          text(
            'ユーザー ID の削除や再発行により、この電子証明書は失効しました。',
            'This certificate was revoked (the user ID was deleted, or a new certificate was issued).',
          ),
          REISSUE_ADVICE,
          CLOSE_BROWSERS,
        ),
        codes: ['CJS-E-CERT-REVOKED'],
      };
    }
    return {
      status: 'pass',
      summary:
        revoked.length > 0
          ? text(
              `使用する電子証明書は失効していません（失効済みの古い電子証明書が ${revoked.length} 件あります）`,
              `The certificate in use is not revoked (${revoked.length} older revoked certificate(s) present)`,
            )
          : text('電子証明書は失効していません', 'The certificate is not revoked'),
      evidence,
    };
  },
});
