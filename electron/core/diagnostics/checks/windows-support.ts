// Shared by the Windows checks: where Internet Options keeps its settings, how SecureProtocols
// is encoded, how the security zones are numbered, and the one guard every fix writes through.
// Internet Options (WinINet/urlmon) matters for Edge's IE mode and the legacy enrollment page;
// Edge in normal mode has its own TLS stack and ignores these settings (docs/product.md).
import {
  readRegistryKey,
  RegistryError,
  writeRegistryDword,
  type RegistryKey,
  type RegistryQueryResult,
} from '../../platform/windows-registry';
import type { ProcessRunner } from '../../platform/process-runner';
import { FixRefusedError } from '../check';
import { common, type MessageSpec } from '../messages';

/** The payroll system's address as the FAQ (Q25) tells users to register it. */
export const CJS_SITE = { scheme: 'https', host: 'www.cjs-rokin.jp', domain: 'cjs-rokin.jp', subdomain: 'www' } as const;
export const CJS_SITE_URL = `${CJS_SITE.scheme}://${CJS_SITE.host}`;

const INTERNET_SETTINGS_PATH = 'Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings';
const POLICY_INTERNET_SETTINGS_PATH = 'SOFTWARE\\Policies\\Microsoft\\Windows\\CurrentVersion\\Internet Settings';

export const KEYS = {
  /** The user's own Internet Options: the only place our fixes write. */
  userInternetSettings: `HKCU\\${INTERNET_SETTINGS_PATH}`,
  machinePolicyInternetSettings: `HKLM\\${POLICY_INTERNET_SETTINGS_PATH}`,
  userPolicyInternetSettings: `HKCU\\${POLICY_INTERNET_SETTINGS_PATH}`,
  userDomains: `HKCU\\${INTERNET_SETTINGS_PATH}\\ZoneMap\\Domains`,
  userEscDomains: `HKCU\\${INTERNET_SETTINGS_PATH}\\ZoneMap\\EscDomains`,
  userRanges: `HKCU\\${INTERNET_SETTINGS_PATH}\\ZoneMap\\Ranges`,
  /** Additive with the user's list (KB 182569), and the only list used when Security_HKLM_only = 1. */
  machineDomains: `HKLM\\${INTERNET_SETTINGS_PATH}\\ZoneMap\\Domains`,
  /** "Site to Zone Assignment List" group policy: when present the user's list is not used. */
  machineZoneMapKey: `HKLM\\${POLICY_INTERNET_SETTINGS_PATH}\\ZoneMapKey`,
  userZoneMapKey: `HKCU\\${POLICY_INTERNET_SETTINGS_PATH}\\ZoneMapKey`,
  userIeMain: 'HKCU\\Software\\Microsoft\\Internet Explorer\\Main',
  machinePolicyIeMain: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Internet Explorer\\Main',
  userPolicyIeMain: 'HKCU\\SOFTWARE\\Policies\\Microsoft\\Internet Explorer\\Main',
  windowsNtCurrentVersion: 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion',
} as const;

// ---------------------------------------------------------------------------------------------
// SecureProtocols (the TLS/SSL checkboxes of Internet Options > Advanced)

/** WinINet's SecureProtocols bits (the SP_PROT_*_CLIENT values of schannel.h). */
export const SECURE_PROTOCOL_BITS = [
  { name: 'SSL 2.0', bit: 0x8 },
  { name: 'SSL 3.0', bit: 0x20 },
  { name: 'TLS 1.0', bit: 0x80 },
  { name: 'TLS 1.1', bit: 0x200 },
  { name: 'TLS 1.2', bit: 0x800 },
  { name: 'TLS 1.3', bit: 0x2000 },
] as const;

export const SSL2 = 0x8;
export const SSL3 = 0x20;
export const TLS12 = 0x800;
export const TLS13 = 0x2000;

/**
 * What WinINet uses when no SecureProtocols value exists: TLS 1.0, 1.1 and 1.2 (0xA80) on
 * Windows 10/11 with IE 11. An assumption stated in the evidence, never written back.
 */
export const DEFAULT_SECURE_PROTOCOLS = 0xa80;

export function decodeSecureProtocols(value: number): string[] {
  return SECURE_PROTOCOL_BITS.filter((p) => (value & p.bit) !== 0).map((p) => p.name);
}

/** TLS 1.2 or 1.3 on, SSL 2.0 and 3.0 off: what the FAQ (Q20) asks for. */
export function secureProtocolsOk(value: number): boolean {
  return (value & (TLS12 | TLS13)) !== 0 && (value & (SSL2 | SSL3)) === 0;
}

/** The value the TLS fix writes: TLS 1.2 on, SSL 2/3 off, every other bit as the user had it. */
export function repairedSecureProtocols(value: number): number {
  return ((value | TLS12) & ~(SSL2 | SSL3)) >>> 0;
}

export function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Security zones

/** URLZONE values (urlmon.h), named as Windows' English UI does, for the evidence. The screens use `common.zone.<n>`. */
export const ZONE_NAMES: Readonly<Record<number, string>> = {
  0: 'My Computer',
  1: 'Local intranet',
  2: 'Trusted sites',
  3: 'Internet',
  4: 'Restricted sites',
};
export const TRUSTED_ZONE = 2;
export const RESTRICTED_ZONE = 4;

export function zoneName(zone: number): string {
  return ZONE_NAMES[zone] ?? `zone ${zone}`;
}

/** Levenshtein distance, for spotting a mistyped domain (`cjs-rokn.jp`, `cjs_rokin.jp`). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

// ---------------------------------------------------------------------------------------------
// Reading and writing

/** Reads several keys at once; a missing key comes back with exists: false (reg.exe exit 1). */
export async function readKeys<K extends string>(
  runner: ProcessRunner,
  keys: Readonly<Record<K, { readonly path: string; readonly recursive?: boolean }>>,
): Promise<Record<K, RegistryQueryResult>> {
  const entries = Object.entries(keys) as [K, { readonly path: string; readonly recursive?: boolean }][];
  const results = await Promise.all(entries.map(([, k]) => readRegistryKey(runner, k.path, { recursive: k.recursive ?? false })));
  return Object.fromEntries(entries.map(([name], i) => [name, results[i]!])) as Record<K, RegistryQueryResult>;
}

/** A DWORD value of a read key, or undefined when absent or of another type. */
export function dwordValue(key: Pick<RegistryKey, 'values'>, name: string): number | undefined {
  const lower = name.toLowerCase();
  const value = key.values.find((v) => v.name.toLowerCase() === lower);
  return value?.type === 'REG_DWORD' && Number.isInteger(value.data) ? value.data : undefined;
}

export function stringValue(key: Pick<RegistryKey, 'values'>, name: string): string | undefined {
  const lower = name.toLowerCase();
  const value = key.values.find((v) => v.name.toLowerCase() === lower);
  return value?.type === 'REG_SZ' || value?.type === 'REG_EXPAND_SZ' ? value.data : undefined;
}

/**
 * Whether a fix may write this key: only the user's own settings under HKEY_CURRENT_USER, and
 * never a Policies key (those belong to the organisation's IT and are re-applied by Group
 * Policy anyway). The registry port already refuses other hives; this adds the Policies rule.
 */
export function assertUserWritable(keyPath: string): void {
  const root = keyPath.split('\\', 1)[0]!.toUpperCase();
  if (root !== 'HKCU' && root !== 'HKEY_CURRENT_USER') {
    throw new RegistryError('refused', `fixes only write the user's own HKEY_CURRENT_USER settings, not ${keyPath}`);
  }
  if (/\\Policies(\\|$)/i.test(keyPath)) {
    throw new RegistryError('refused', `policy keys are managed by the organisation and never written: ${keyPath}`);
  }
}

/** The only way the Windows checks' fixes write: guarded, then through the registry port. */
export async function writeUserDword(runner: ProcessRunner, keyPath: string, name: string, value: number): Promise<void> {
  assertUserWritable(keyPath);
  await writeRegistryDword(runner, keyPath, name, value);
}

/** The advice for a setting managed by policy: IT decides (shown in the fix result and the advice). */
export const ASK_IT: MessageSpec = common('askIt');

/** A fix's refusal: the reason is shown as the fix's result, REGISTRY-REFUSED is what the user quotes. */
export function refusal(reason: MessageSpec): FixRefusedError {
  return new FixRefusedError(reason, 'REGISTRY-REFUSED');
}
