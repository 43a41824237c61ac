// FAQ Q19(1), Q22: "no valid certificate" after an OS reinstall, a repair or a deletion starts
// with the simplest question: is a certificate of this system in the store at all?
import { StoreError } from '../../stores/certificate-store';
import { defineCheck, text } from '../check';
import { ENROLL_ADVICE, errorCodes, errorText, joinTexts, systemCertificates } from './cert-support';

export const certificatePresentCheck = defineCheck({
  id: 'certificate-present',
  title: text('電子証明書のインストール', 'Certificate installed'),
  faq: ['Q19(1)', 'Q22'],
  platforms: 'all',
  async run(context) {
    const location = context.store.location;
    let certs;
    try {
      certs = await systemCertificates(context);
    } catch (err) {
      // Either the store cannot be read, or the issuer's CA (which tells our certificates from
      // others) could not be fetched and none was remembered: say which, do not guess.
      if (err instanceof StoreError) {
        return {
          status: 'error',
          summary: text('証明書ストアを読み取れませんでした', 'The certificate store could not be read'),
          evidence: { storeKind: context.store.kind, location, error: err.message },
          advice: text(
            `証明書ストア（${location}）を確認してください。${err.details.advice ?? ''}`,
            `Check the certificate store (${location}). ${err.details.advice ?? ''}`.trim(),
          ),
          codes: [err.code],
        };
      }
      return {
        status: 'error',
        summary: text(
          '発行サービスの CA 証明書を取得できず、確認できませんでした',
          "Could not check: the issuing service's CA certificate could not be fetched",
        ),
        evidence: { storeKind: context.store.kind, location, error: errorText(err) },
        advice: text(
          'ネットワークの確認結果を見て、接続できる状態で再度診断してください。',
          'See the network checks, then run the diagnosis again once the service can be reached.',
        ),
        codes: errorCodes(err),
      };
    }
    const evidence = { count: certs.length, serialNumbers: certs.map((c) => c.serialNumber), storeKind: context.store.kind, location };
    if (certs.length === 0) {
      return {
        status: 'fail',
        summary: text('本システムの電子証明書がインストールされていません', 'No certificate of this system is installed'),
        evidence,
        advice: joinTexts(
          text(
            'OS の再インストールや修理、誤った削除で電子証明書が失われた可能性があります。',
            'The certificate may have been lost by an OS reinstall, a repair or an accidental deletion.',
          ),
          ENROLL_ADVICE,
          text(
            '（以前の電子証明書が有効なまま取得できない場合は、失効後に再発行が必要です。一般ユーザーはマスターユーザーへ、マスターユーザーは労金へご相談ください。）',
            '(If the issuer refuses because the old certificate is still active, it must be revoked first: general users ask their master user, master users ask the bank.)',
          ),
        ),
        codes: ['CERT-NOT-INSTALLED'],
      };
    }
    return {
      status: 'pass',
      summary: text(
        `本システムの電子証明書が ${certs.length} 件あります`,
        certs.length === 1 ? '1 certificate of this system installed' : `${certs.length} certificates of this system installed`,
      ),
      evidence,
    };
  },
});
