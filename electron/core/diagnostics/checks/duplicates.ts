// FAQ Q17: with several certificates of this system in the store the browser may offer (or
// remember) the wrong one, and the login fails with "invalid certificate". Exactly one usable
// certificate is the goal. Stale ones (expired, revoked, key lost) can never log in, so the fix
// removes them; of two usable ones the user decides, nothing usable is removed automatically.
import type { CheckContext, CheckResult } from '../check';
import { defineCheck, text } from '../check';
import {
  assessAll,
  CLOSE_BROWSERS,
  isStale,
  joinTexts,
  markStoreChanged,
  rankCertificates,
  revocationFacts,
  systemCertificates,
  type AssessedCertificate,
} from './cert-support';

async function inventory(context: CheckContext): Promise<AssessedCertificate[]> {
  return rankCertificates(assessAll(context, await systemCertificates(context), await revocationFacts(context)));
}

const describe = (items: readonly AssessedCertificate[]): string[] =>
  items.map((a) => `${a.cert.serialNumber} (${a.assessment.state}, ${a.cert.notAfter.toISOString().slice(0, 10)})`);

export const duplicatesCheck = defineCheck({
  id: 'duplicates',
  title: text('電子証明書の重複', 'Duplicate certificates'),
  faq: ['Q17'],
  platforms: 'all',
  dependsOn: ['certificate-present'],
  async run(context): Promise<CheckResult> {
    const all = await inventory(context);
    const usable = all.filter((a) => a.usable);
    const stale = all.filter((a) => isStale(a.assessment.state));
    const evidence = {
      count: all.length,
      usableSerials: usable.map((a) => a.cert.serialNumber),
      staleSerials: stale.map((a) => a.cert.serialNumber),
      certificates: describe(all),
      loginIds: [...new Set(all.map((a) => a.cert.subjectCommonName ?? ''))].filter(Boolean),
    };
    if (usable.length >= 2) {
      // Ranked by notAfter: the first is the newest; the user removes the others themselves.
      const older = usable.slice(1);
      const commands = older.map((a) => `cjs-cert remove --serial ${a.cert.serialNumber} --yes`).join(' / ');
      return {
        status: 'warn',
        summary: text(
          `使用できる電子証明書が ${usable.length} 件あります。ブラウザが違う電子証明書を選ぶおそれがあります`,
          `${usable.length} usable certificates: the browser may pick the wrong one`,
        ),
        evidence,
        advice: joinTexts(
          text(
            `古い方の電子証明書を削除してください（ログイン ID が違う場合は、使う方を残してください）: ${commands}`,
            `Remove the older certificate(s) (if they belong to different login IDs, keep the one you use): ${commands}`,
          ),
          stale.length > 0
            ? text(
                `使えない電子証明書 ${stale.length} 件は自動修正で削除できます。`,
                `The ${stale.length} unusable certificate(s) can be removed by the fix.`,
              )
            : text('', ''),
          CLOSE_BROWSERS,
        ),
        codes: ['CERT-DUPLICATE'],
      };
    }
    if (stale.length > 0) {
      return {
        status: 'warn',
        summary: text(
          `使えない電子証明書（期限切れ・失効・秘密鍵なし）が ${stale.length} 件残っています`,
          `${stale.length} unusable certificate(s) (expired, revoked or without key) left in the store`,
        ),
        evidence,
        advice: joinTexts(
          text(
            'ブラウザが使えない電子証明書を選ぶと「無効な電子証明書」のエラーになります。自動修正（`cjs-cert doctor --fix`）で使えない電子証明書だけを削除できます。',
            'If the browser picks an unusable certificate the login fails with "invalid certificate". The fix (`cjs-cert doctor --fix`) removes only the unusable ones.',
          ),
          CLOSE_BROWSERS,
        ),
        codes: ['CERT-STALE'],
      };
    }
    return {
      status: 'pass',
      summary:
        usable.length === 1
          ? text('使用できる電子証明書は 1 件だけです', 'Exactly one usable certificate')
          : text('不要な電子証明書はありません', 'No unneeded certificates'),
      evidence,
    };
  },
  fix: {
    title: text(
      '使えない電子証明書（期限切れ・失効・秘密鍵なし）を削除する',
      'Remove the unusable certificates (expired, revoked, without key)',
    ),
    async apply(context) {
      // Recomputed at fix time, and only what can never log in: a usable certificate is never
      // touched, and without a CRL a revoked one just stays (it is not known to be stale).
      const stale = (await inventory(context)).filter((a) => isStale(a.assessment.state));
      for (const item of stale) {
        markStoreChanged(context);
        await context.store.remove(item.cert);
      }
    },
  },
});
