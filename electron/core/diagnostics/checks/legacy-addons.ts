// FAQ Q18(2)–(5): the bank's old enrollment page runs an ActiveX control in IE mode, "X509
// Enrollment WebClassFactory" (CertEnroll, Windows Vista and later) or "CEnroll Class" (xenroll,
// Windows XP era), and fails when it is missing, disabled in Manage Add-ons, or blocked. This app
// creates the key and installs the certificate itself, without ActiveX, so none of that matters
// for it: the check reports the add-ons' state for support and says so. It is informational and
// passes whatever it finds; it has no fix (enabling ActiveX controls is not ours to do).
//
// Where the state lives:
// - registered: HKCR\CLSID\{clsid} (HKLM\SOFTWARE\Classes merged with the user's classes)
// - disabled by the user in Manage Add-ons: HKCU\...\Ext\Settings\{clsid}, Flags = 1
// - kill bit: HKLM\SOFTWARE\Microsoft\Internet Explorer\ActiveX Compatibility\{clsid},
//   Compatibility Flags has 0x400 (KB 240797)
// - Group Policy "Add-on List": ...\Policies\Microsoft\Windows\CurrentVersion\Ext\CLSID, value
//   named {clsid} = "0" (disabled), "1" (enabled), "2" (enabled, the user may change it)
import { RegistryError, type RegistryQueryResult } from '../../platform/windows-registry';
import type { ProcessRunner } from '../../platform/process-runner';
import { readRegistryKey } from '../../platform/windows-registry';
import { defineCheck, type EvidenceValue } from '../check';
import { checkMessages } from '../messages';
import { dwordValue, stringValue } from './windows-support';

export const LEGACY_ADDONS = [
  { name: 'X509 Enrollment WebClassFactory', clsid: '{884e2049-217d-11da-b2a4-000e7bbb2b09}', evidenceKey: 'x509Enrollment' },
  { name: 'CEnroll Class (xenroll)', clsid: '{43F8F289-7A20-11D0-8F06-00C04FC295E1}', evidenceKey: 'cEnroll' },
] as const;

const KILL_BIT = 0x400;
const EXT_SETTINGS = 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Ext\\Settings';
const ACTIVEX_COMPATIBILITY = 'HKLM\\SOFTWARE\\Microsoft\\Internet Explorer\\ActiveX Compatibility';
const ADDON_POLICY = 'SOFTWARE\\Policies\\Microsoft\\Windows\\CurrentVersion\\Ext\\CLSID';

type Read = RegistryQueryResult | { readonly error: string };

/** Informational: a key that cannot be read becomes "unknown" in the evidence, not an error result. */
async function tryRead(runner: ProcessRunner, path: string, recursive = false): Promise<Read> {
  try {
    return await readRegistryKey(runner, path, { recursive });
  } catch (err) {
    if (err instanceof RegistryError) return { error: `${err.kind}: ${err.message}` };
    throw err;
  }
}

const isKey = (r: Read): r is RegistryQueryResult => !('error' in r);

/** One add-on's state, as a short machine-readable list of facts for the evidence. */
async function addonState(
  runner: ProcessRunner,
  clsid: string,
  policies: readonly Read[],
): Promise<{ facts: string[]; registered: boolean | null; usable: boolean }> {
  const [classKey, userSettings, compatibility] = await Promise.all([
    tryRead(runner, `HKCR\\CLSID\\${clsid}`, true),
    tryRead(runner, `${EXT_SETTINGS}\\${clsid}`),
    tryRead(runner, `${ACTIVEX_COMPATIBILITY}\\${clsid}`),
  ]);
  const facts: string[] = [];
  let registered: boolean | null = null;
  if (isKey(classKey)) {
    registered = classKey.exists;
    facts.push(registered ? 'registered' : 'not registered');
    const server = classKey.subkeys.find((k) => k.name.toLowerCase() === 'inprocserver32');
    const dll = server ? stringValue(server, '') : undefined;
    if (dll) facts.push(`server: ${dll}`);
  } else facts.push(`registration unknown (${classKey.error})`);
  let usable = registered === true;
  if (isKey(userSettings) && userSettings.exists && dwordValue(userSettings, 'Flags') === 1) {
    facts.push('disabled by the user (Manage Add-ons)');
    usable = false;
  }
  if (isKey(compatibility) && compatibility.exists) {
    const flags = dwordValue(compatibility, 'Compatibility Flags');
    if (flags !== undefined && (flags & KILL_BIT) !== 0) {
      facts.push(`kill bit set (Compatibility Flags 0x${flags.toString(16)})`);
      usable = false;
    }
  }
  for (const policy of policies) {
    if (!isKey(policy) || !policy.exists) continue;
    const setting = stringValue(policy, clsid) ?? dwordValue(policy, clsid)?.toString();
    if (setting === undefined) continue;
    const hive = policy.path.startsWith('HKEY_LOCAL_MACHINE') || policy.path.startsWith('HKLM') ? 'machine' : 'user';
    facts.push(`${hive} policy (Add-on List) = ${setting}${setting.trim() === '0' ? ' (disabled)' : ''}`);
    if (setting.trim() === '0') usable = false;
  }
  return { facts, registered, usable };
}

const m = checkMessages('legacy-addons');

/** An add-on's state for the summary, nested by `common.addon.<state>`. */
function addonLabel(state: { registered: boolean | null; usable: boolean }): string {
  if (state.registered === null) return 'unknown';
  if (!state.registered) return 'notRegistered';
  return state.usable ? 'enabled' : 'disabled';
}

export const legacyAddonsCheck = defineCheck({
  id: 'legacy-addons',
  group: 'windows',
  faq: ['Q18(2)', 'Q18(3)', 'Q18(4)', 'Q18(5)'],
  platforms: ['win32'],
  async run(context) {
    const policies = await Promise.all([
      tryRead(context.runner, `HKLM\\${ADDON_POLICY}`),
      tryRead(context.runner, `HKCU\\${ADDON_POLICY}`),
    ]);
    const states = await Promise.all(LEGACY_ADDONS.map((a) => addonState(context.runner, a.clsid, policies)));
    const evidence: Record<string, EvidenceValue> = { neededByThisApp: false };
    LEGACY_ADDONS.forEach((addon, i) => {
      evidence[addon.evidenceKey] = states[i]!.facts;
    });
    return {
      status: 'pass',
      summary: m.summary('notNeeded', { x509: addonLabel(states[0]!), cenroll: addonLabel(states[1]!) }),
      evidence,
      // Shown by the UI next to the result; the text report omits advice on a pass.
      advice: m.advice('notNeeded'),
    };
  },
});
