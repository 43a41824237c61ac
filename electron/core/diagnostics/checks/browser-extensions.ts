// FAQ Q18(6): toolbars and other third-party browser extensions can break the enrollment page in
// IE mode; the FAQ's remedy is to untick Internet Options > Advanced > Browsing > "Enable
// third-party browser extensions" and restart. That is stored as the REG_SZ `Enable Browser
// Extensions` = yes/no under Internet Explorer\Main (absent = enabled), and the Group Policy
// "Allow third-party browser extensions" sets the same name under Policies (which wins).
// No automatic fix: as the FAQ warns, it can disable add-ons the user needs for other work.
import { defineCheck, text } from '../check';
import { ASK_IT, IE_MODE_ONLY, KEYS, readKeys, stringValue } from './windows-support';

const VALUE = 'Enable Browser Extensions';

type Source = 'machine-policy' | 'user-policy' | 'user' | 'default';

/** `yes`/`no` as Internet Options writes them; anything else is reported as-is and read as enabled (the default). */
function parseSetting(data: string | undefined): boolean | undefined {
  if (data === undefined) return undefined;
  const v = data.trim().toLowerCase();
  if (v === 'no') return false;
  if (v === 'yes') return true;
  return undefined;
}

export const browserExtensionsCheck = defineCheck({
  id: 'browser-extensions',
  title: text('サードパーティ製のブラウザー拡張 (IE モード)', 'Third-party browser extensions (IE mode)'),
  faq: ['Q18(6)'],
  platforms: ['win32'],
  async run(context) {
    const keys = await readKeys(context.runner, {
      user: { path: KEYS.userIeMain },
      machinePolicy: { path: KEYS.machinePolicyIeMain },
      userPolicy: { path: KEYS.userPolicyIeMain },
    });
    const raw = {
      user: stringValue(keys.user, VALUE),
      machinePolicy: stringValue(keys.machinePolicy, VALUE),
      userPolicy: stringValue(keys.userPolicy, VALUE),
    };
    const machinePolicy = parseSetting(raw.machinePolicy);
    const userPolicy = parseSetting(raw.userPolicy);
    const user = parseSetting(raw.user);
    const [enabled, source]: [boolean, Source] =
      machinePolicy !== undefined
        ? [machinePolicy, 'machine-policy']
        : userPolicy !== undefined
          ? [userPolicy, 'user-policy']
          : user !== undefined
            ? [user, 'user']
            : [true, 'default'];
    const policyManaged = source === 'machine-policy' || source === 'user-policy';
    const evidence = {
      enabled,
      source,
      policyManaged,
      userValue: raw.user ?? null,
      machinePolicyValue: raw.machinePolicy ?? null,
      userPolicyValue: raw.userPolicy ?? null,
    };
    if (!enabled) {
      return {
        status: 'pass',
        summary: text('サードパーティ製のブラウザー拡張は無効です', 'Third-party browser extensions are disabled'),
        evidence,
      };
    }
    const steps = text(
      'IE モードで証明書の発行がうまくいかない場合は、インターネット オプションの [詳細設定] タブ、[ブラウズ] の「サードパーティ製のブラウザー拡張を有効にする」のチェックを外して [OK] を押し、パソコンを再起動してください。ほかの作業で使うアドオンが使えなくなる場合があるため、自動では変更しません (FAQ Q18(6))。',
      'If issuing the certificate fails in IE mode: in Internet Options > Advanced > Browsing, untick "Enable third-party browser extensions", press OK and restart the PC. The app does not change this for you, because add-ons you need for other work may stop working (FAQ Q18(6)).',
    );
    return {
      status: 'warn',
      summary: policyManaged
        ? text(
            'サードパーティ製のブラウザー拡張が有効です (ポリシーで管理)',
            'Third-party browser extensions are enabled (managed by policy)',
          )
        : text(
            `サードパーティ製のブラウザー拡張が有効です${source === 'default' ? ' (既定)' : ''}`,
            `Third-party browser extensions are enabled${source === 'default' ? ' (default)' : ''}`,
          ),
      evidence,
      advice: policyManaged
        ? text(`${IE_MODE_ONLY.ja} ${ASK_IT.ja}`, `${IE_MODE_ONLY.en} ${ASK_IT.en}`)
        : text(`${steps.ja} ${IE_MODE_ONLY.ja}`, `${steps.en} ${IE_MODE_ONLY.en}`),
      codes: ['WIN-BROWSER-EXTENSIONS'],
    };
  },
});
