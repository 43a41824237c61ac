// FAQ Q7–Q10, Q15, Q21(1): is the certificate the user will log in with inside its validity
// period, how many days are left, and is it time to renew (from 30 days before expiry, Q8)?
import { defineCheck, text } from '../check';
import { assessAll, assessDates, bestCertificate, certificateEvidence, dateJst, revocationFacts, systemCertificates } from './cert-support';

export const certificateValidityCheck = defineCheck({
  id: 'certificate-validity',
  title: text('電子証明書の有効期限', 'Certificate validity'),
  faq: ['Q7', 'Q8', 'Q9', 'Q10', 'Q15', 'Q21(1)'],
  platforms: 'all',
  dependsOn: ['certificate-present'],
  async run(context) {
    const certs = await systemCertificates(context);
    // The CRL only helps to pick the certificate in use (a revoked one is not); without it the
    // choice still works on dates and keys.
    const best = bestCertificate(assessAll(context, certs, await revocationFacts(context)));
    if (!best) {
      return { status: 'not-applicable', summary: text('電子証明書がありません', 'No certificate'), evidence: { count: 0 } };
    }
    const dates = assessDates(context, best.cert);
    const evidence = {
      ...certificateEvidence(context, best),
      dateState: dates.state,
      daysLeft: dates.daysLeft,
      renewalOpensAt: dates.renewalOpensAt.toISOString(),
      count: certs.length,
    };
    const notAfter = dateJst(best.cert.notAfter);
    const renewalFrom = dateJst(dates.renewalOpensAt);
    switch (dates.state) {
      case 'expired':
        return {
          status: 'fail',
          summary: text(`電子証明書の有効期限が切れています（${notAfter} まで）`, `The certificate expired (valid until ${notAfter})`),
          evidence,
          advice: text(
            '有効期限が切れた電子証明書ではログインできません。ログイン ID とパスワードで新しい電子証明書を取得してください: `cjs-cert renew --login-id <ログイン ID>`（期限切れ後も取得できます）',
            'An expired certificate cannot log in. Obtain a new one with your login ID and password: `cjs-cert renew --login-id <login ID>` (works after expiry too)',
          ),
          codes: ['CJS-E-CERT-EXPIRED'],
        };
      case 'not-yet-valid':
        return {
          status: 'fail',
          summary: text(
            `電子証明書の有効期間がまだ始まっていません（${dateJst(best.cert.notBefore)} から）`,
            `The certificate is not valid yet (from ${dateJst(best.cert.notBefore)})`,
          ),
          evidence,
          advice: text(
            'パソコンの日付と時刻が正しいか確認してください（Windows: 設定 → 時刻と言語）。時刻が正しいのにこの表示が出る場合は、労金にお問い合わせください。',
            "Check that the PC's date and time are correct (Windows: Settings → Time & language). If they are correct, please contact the bank.",
          ),
          codes: ['CERT-NOT-YET-VALID'],
        };
      case 'expiring':
        return {
          status: 'warn',
          summary: text(
            `有効期限まであと ${dates.daysLeft} 日です（${notAfter} まで）。更新できます`,
            `${dates.daysLeft} days left (until ${notAfter}); renewal is open`,
          ),
          evidence,
          advice: text(
            `有効期限の ${context.settings.renewalWindowDays} 日前から更新できます。期限が切れる前に更新してください: \`cjs-cert renew --login-id <ログイン ID>\``,
            `Renewal is open from ${context.settings.renewalWindowDays} days before expiry. Renew before it expires: \`cjs-cert renew --login-id <login ID>\``,
          ),
        };
      default:
        return {
          status: 'pass',
          summary: text(
            `有効です。有効期限まであと ${dates.daysLeft} 日（${notAfter} まで、${renewalFrom} から更新できます）`,
            `Valid: ${dates.daysLeft} days left (until ${notAfter}; renewal opens ${renewalFrom})`,
          ),
          evidence,
        };
    }
  },
});
