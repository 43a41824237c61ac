// FAQ Q20 / Q24(2): Internet Options > Advanced > Security, the "Use TLS 1.2" and "Use SSL 3.0"
// checkboxes, stored as the SecureProtocols bit mask. A policy value (machine or user) overrides
// the user's checkboxes: it is reported and never written; the fix only touches the user's own
// value, and only when no policy sets one.
import { defineCheck, type CheckContext, type CheckResult } from '../check';
import { checkMessages } from '../messages';
import {
  ASK_IT,
  DEFAULT_SECURE_PROTOCOLS,
  decodeSecureProtocols,
  dwordValue,
  hex,
  KEYS,
  readKeys,
  repairedSecureProtocols,
  refusal,
  secureProtocolsOk,
  writeUserDword,
  SSL2,
  SSL3,
} from './windows-support';

const VALUE = 'SecureProtocols';
const m = checkMessages('windows-tls-settings');

type Source = 'machine-policy' | 'user-policy' | 'user' | 'default';

interface TlsState {
  readonly effective: number;
  readonly source: Source;
  readonly machinePolicy: number | undefined;
  readonly userPolicy: number | undefined;
  readonly user: number | undefined;
}

async function readState(context: CheckContext): Promise<TlsState> {
  const keys = await readKeys(context.runner, {
    user: { path: KEYS.userInternetSettings },
    machinePolicy: { path: KEYS.machinePolicyInternetSettings },
    userPolicy: { path: KEYS.userPolicyInternetSettings },
  });
  const machinePolicy = dwordValue(keys.machinePolicy, VALUE);
  const userPolicy = dwordValue(keys.userPolicy, VALUE);
  const user = dwordValue(keys.user, VALUE);
  // Machine policy over user policy over the user's checkboxes, as Group Policy applies them.
  if (machinePolicy !== undefined) return { effective: machinePolicy, source: 'machine-policy', machinePolicy, userPolicy, user };
  if (userPolicy !== undefined) return { effective: userPolicy, source: 'user-policy', machinePolicy, userPolicy, user };
  if (user !== undefined) return { effective: user, source: 'user', machinePolicy, userPolicy, user };
  return { effective: DEFAULT_SECURE_PROTOCOLS, source: 'default', machinePolicy, userPolicy, user };
}

const optionalHex = (value: number | undefined) => (value === undefined ? null : hex(value));

function evaluate(state: TlsState): CheckResult {
  const enabled = decodeSecureProtocols(state.effective);
  const policyManaged = state.source === 'machine-policy' || state.source === 'user-policy';
  const evidence = {
    secureProtocols: hex(state.effective),
    enabledProtocols: enabled,
    source: state.source,
    policyManaged,
    userValue: optionalHex(state.user),
    machinePolicyValue: optionalHex(state.machinePolicy),
    userPolicyValue: optionalHex(state.userPolicy),
    appliesTo: 'Edge IE mode / Internet Options (WinINet); not Edge normal mode',
  };
  const list = enabled.length ? enabled.join(', ') : '-';
  if (secureProtocolsOk(state.effective)) return { status: 'pass', summary: m.summary('ok', { list }), evidence };
  const sslOn = (state.effective & (SSL2 | SSL3)) !== 0;
  const tlsOff = !enabled.includes('TLS 1.2') && !enabled.includes('TLS 1.3');
  const problem = tlsOff && sslOn ? 'tlsOffSslOn' : tlsOff ? 'tlsOff' : 'sslOn';
  return {
    status: 'fail',
    summary: m.summary(problem, { list, managed: policyManaged ? 'yes' : 'no' }),
    evidence,
    advice: policyManaged ? m.advice('policy') : m.advice('steps'),
    codes: policyManaged ? ['WIN-TLS-POLICY'] : ['WIN-TLS-SETTINGS'],
    ...(policyManaged ? { actions: [{ kind: 'contact', actor: 'it', reason: 'policy' }] } : {}),
  };
}

export const windowsTlsSettingsCheck = defineCheck({
  id: 'windows-tls-settings',
  group: 'windows',
  faq: ['Q20', 'Q24(2)'],
  platforms: ['win32'],
  async run(context) {
    return evaluate(await readState(context));
  },
  fix: {
    async apply(context) {
      // Read again rather than trust the earlier result: the fix acts on what is there now.
      const state = await readState(context);
      if (state.source === 'machine-policy' || state.source === 'user-policy') throw refusal(ASK_IT);
      const next = repairedSecureProtocols(state.effective);
      if (next === state.effective) return;
      await writeUserDword(context.runner, KEYS.userInternetSettings, VALUE, next);
    },
  },
});
