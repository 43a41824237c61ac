// FAQ Q18(6): toolbars and other third-party browser extensions can break the enrollment page in
// IE mode; the FAQ's remedy is to untick Internet Options > Advanced > Browsing > "Enable
// third-party browser extensions" and restart. That is stored as the REG_SZ `Enable Browser
// Extensions` = yes/no under Internet Explorer\Main (absent = enabled), and the Group Policy
// "Allow third-party browser extensions" sets the same name under Policies (which wins).
// No automatic fix: as the FAQ warns, it can disable add-ons the user needs for other work.
import { defineCheck } from '../check';
import { checkMessages } from '../messages';
import { KEYS, readKeys, stringValue } from './windows-support';

const m = checkMessages('browser-extensions');

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
  group: 'windows',
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
    if (!enabled) return { status: 'pass', summary: m.summary('disabled'), evidence };
    return {
      status: 'warn',
      summary: policyManaged ? m.summary('enabledByPolicy') : m.summary(source === 'default' ? 'enabledByDefault' : 'enabled'),
      evidence,
      advice: policyManaged ? m.advice('policy') : m.advice('steps'),
      codes: ['WIN-BROWSER-EXTENSIONS'],
      // No fix on purpose: add-ons needed for other work may stop working (FAQ Q18(6)).
      actions: [policyManaged ? { kind: 'contact', actor: 'it', reason: 'policy' } : { kind: 'faq', faq: 'Q18(6)' }],
    };
  },
});
