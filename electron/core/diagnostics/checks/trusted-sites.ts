// FAQ Q25: the enrollment page (IE mode) needs https://www.cjs-rokin.jp in the Trusted sites
// zone; without it the issue button returns to the login page. The FAQ's own list of mistakes is
// what this check looks for: a space typed with the address, a typo, http instead of https, the
// address registered in another zone (Restricted), and a list locked by the organisation.
//
// How Internet Options stores the list (KB 182569 "Internet Explorer security zones registry
// entries"): under ZoneMap\Domains one key per domain (`cjs-rokin.jp`) with a subkey per host
// part (`www`), each holding a DWORD named after the scheme (`https`, `http`, or `*` for all)
// whose data is the zone number. A mapping on the domain key covers its subdomains; the more
// specific key wins. HKLM's list is added to the user's, unless Security_HKLM_only = 1 (then only
// HKLM's counts). The "Site to Zone Assignment List" policy (ZoneMapKey, values such as
// `https://www.cjs-rokin.jp` = "2") replaces the user's list. EscDomains is only used by IE
// Enhanced Security Configuration on Windows Server; Ranges map IP addresses, never host names.
//
// The fix writes exactly one value: HKCU ...\ZoneMap\Domains\cjs-rokin.jp\www, `https` = 2 (what
// Internet Options writes when the user adds https://www.cjs-rokin.jp by hand). It never deletes:
// a stray entry may have been put there by IT or another bank's instructions, and Internet
// Options shows every user entry with a Remove button, so the check names each one precisely
// and leaves the removal to the user.
import type { RegistryKey, RegistryQueryResult } from '../../platform/windows-registry';
import { defineCheck, type CheckContext, type CheckResult } from '../check';
import { checkMessages, type Param } from '../messages';
import {
  ASK_IT,
  CJS_SITE,
  CJS_SITE_URL,
  dwordValue,
  editDistance,
  KEYS,
  readKeys,
  refusal,
  RESTRICTED_ZONE,
  TRUSTED_ZONE,
  writeUserDword,
  zoneName,
} from './windows-support';

type Source = 'user' | 'machine' | 'user-esc' | 'user-ranges' | 'machine-policy' | 'user-policy';

/** One mapping as urlmon would read it: a host pattern, a scheme and a zone. */
export interface ZoneEntry {
  readonly source: Source;
  /** Host as stored, untrimmed: `www.cjs-rokin.jp `, `*.cjs-rokin.jp`, `cjs-rokin.jp`, `*`. */
  readonly host: string;
  /** `https`, `http`, `*`... (the value name, or the scheme typed in a policy entry). */
  readonly scheme: string;
  readonly zone: number;
  /** Where it is, for the user and support: the registry key and value name. */
  readonly location: string;
  /** A Domains key that names the whole host (`www.cjs-rokin.jp` as one key): not what Internet Options writes. */
  readonly nonstandardKey?: boolean;
}

export const TRUSTED_SITE_KEY = `${KEYS.userDomains}\\${CJS_SITE.domain}\\${CJS_SITE.subdomain}`;

/** Flattens a `reg query ...\Domains /s` tree into entries: `Domains\a.jp\www` → host `www.a.jp`. */
export function domainEntries(root: RegistryKey, source: Source): ZoneEntry[] {
  const out: ZoneEntry[] = [];
  const walk = (key: RegistryKey, labels: readonly string[]) => {
    const host = [...labels].reverse().join('.');
    for (const value of key.values) {
      if (value.type !== 'REG_DWORD' || value.name === '') continue;
      const topLevel = labels[0] ?? '';
      const nonstandardKey = topLevel.trim().toLowerCase().endsWith(`.${CJS_SITE.domain}`);
      out.push({
        source,
        host,
        scheme: value.name,
        zone: value.data,
        location: `${key.path} [${value.name}]`,
        ...(nonstandardKey ? { nonstandardKey } : {}),
      });
    }
    for (const sub of key.subkeys) walk(sub, [...labels, sub.name]);
  };
  for (const domain of root.subkeys) walk(domain, [domain.name]);
  return out;
}

/** `HKCU\...\ZoneMap\Ranges\Range1` with `:Range` = `192.168.1.*` and `https` = 1: IP mappings. */
function rangeEntries(root: RegistryKey): ZoneEntry[] {
  const out: ZoneEntry[] = [];
  for (const range of root.subkeys) {
    const pattern = range.values.find((v) => v.name === ':Range');
    const host = pattern && (pattern.type === 'REG_SZ' || pattern.type === 'REG_EXPAND_SZ') ? pattern.data : '';
    for (const value of range.values) {
      if (value.type === 'REG_DWORD')
        out.push({ source: 'user-ranges', host, scheme: value.name, zone: value.data, location: `${range.path} [${value.name}]` });
    }
  }
  return out;
}

// `https://www.cjs-rokin.jp`, `*.cjs-rokin.jp`, `http://10.0.0.1:8080/`: scheme optional.
const POLICY_SITE = /^(?:([A-Za-z*][A-Za-z0-9+.*-]*):\/\/)?([^/]*?)(?::\d+)?\/?$/;

/** The policy list: value name = site, data = zone (REG_SZ "2" as Group Policy writes it, or a DWORD). */
export function policyEntries(key: RegistryKey, source: Source): ZoneEntry[] {
  const out: ZoneEntry[] = [];
  for (const value of key.values) {
    if (value.name === '') continue;
    const zone =
      value.type === 'REG_DWORD' ? value.data : value.type === 'REG_SZ' && /^\s*\d+\s*$/.test(value.data) ? Number(value.data) : undefined;
    if (zone === undefined) continue;
    const m = POLICY_SITE.exec(value.name);
    out.push({ source, host: m?.[2] ?? value.name, scheme: m?.[1]?.toLowerCase() ?? '*', zone, location: `${key.path} [${value.name}]` });
  }
  return out;
}

/** How specifically an entry names the site's host: 3 exact, 2 `*.domain`, 1 the domain key, 0 `*`; -1 not at all. */
export function hostSpecificity(entryHost: string, host: string = CJS_SITE.host): number {
  const pattern = entryHost.toLowerCase();
  const target = host.toLowerCase();
  if (pattern === target) return 3;
  if (pattern.startsWith('*.') && target.endsWith(pattern.slice(1))) return 2;
  if (pattern !== '' && target.endsWith(`.${pattern}`)) return 1;
  if (pattern === '*') return 0;
  return -1;
}

const coversHttps = (e: ZoneEntry) => e.scheme.toLowerCase() === CJS_SITE.scheme || e.scheme === '*';

/** The mapping urlmon would use for the site: the most specific host, a named scheme over `*`, then the strictest zone. */
export function effectiveEntry(entries: readonly ZoneEntry[]): ZoneEntry | undefined {
  const rank = (e: ZoneEntry) => hostSpecificity(e.host) * 10 + (e.scheme === '*' ? 0 : 1);
  return entries
    .filter((e) => !e.nonstandardKey && hostSpecificity(e.host) >= 0 && coversHttps(e))
    .sort((a, b) => rank(b) - rank(a) || b.zone - a.zone)[0];
}

export type StrayKind = 'whitespace' | 'typo' | 'http' | 'restricted' | 'other-zone' | 'wildcard-all' | 'esc-only' | 'nonstandard-key';

export interface Stray {
  readonly kind: StrayKind;
  readonly entry: ZoneEntry;
}

/** The host with its spaces removed, if that names our site or domain (a typed stray space, Q25). */
function relatedHost(host: string): boolean {
  const h = host.replace(/\s+/g, '').toLowerCase();
  return hostSpecificity(h) > 0 || h === CJS_SITE.domain;
}

/** A mistyped domain: the last two labels within edit distance 2 of `cjs-rokin.jp` (but not equal). */
function typoOfDomain(host: string): boolean {
  const labels = host.replace(/\s+/g, '').toLowerCase().split('.');
  const registrable = labels.slice(-2).join('.');
  if (registrable === CJS_SITE.domain) {
    // Right domain, wrong host part (`ww`, `wwww`): a typo of `www`.
    const sub = labels.slice(0, -2).join('.');
    return sub !== '' && sub !== CJS_SITE.subdomain && sub !== '*' && editDistance(sub, CJS_SITE.subdomain) <= 2;
  }
  return editDistance(registrable, CJS_SITE.domain) <= 2;
}

/** Entries that look meant for the site but do not (or not only) do what the user wants. */
export function findStrays(all: readonly ZoneEntry[], effective: ZoneEntry | undefined): Stray[] {
  const strays: Stray[] = [];
  for (const entry of all) {
    const add = (kind: StrayKind) => strays.push({ kind, entry });
    const raw = entry.host;
    const specificity = hostSpecificity(raw);
    if (entry.source === 'user-ranges') {
      if (raw.trim() === '*') add('wildcard-all');
      continue;
    }
    if (raw.trim() === '*') {
      add('wildcard-all');
      continue;
    }
    if (/\s/.test(raw) && relatedHost(raw)) add('whitespace');
    else if (typoOfDomain(raw)) add('typo');
    else if (entry.nonstandardKey) add('nonstandard-key');
    else if (specificity > 0 && entry.source === 'user-esc') add('esc-only');
    else if (specificity > 0 && entry.scheme.toLowerCase() === 'http') add('http');
    else if (specificity > 0 && entry !== effective && coversHttps(entry) && entry.zone === RESTRICTED_ZONE) add('restricted');
    else if (specificity > 0 && entry !== effective && coversHttps(entry) && entry.zone !== TRUSTED_ZONE) add('other-zone');
  }
  return strays;
}

function describeEntry(e: ZoneEntry): string {
  // JSON quoting makes a trailing or leading space visible in the report.
  const site = e.source === 'user-ranges' ? e.host : `${e.scheme === '*' ? '' : `${e.scheme}://`}${e.host}`;
  return `${JSON.stringify(site)} → ${zoneName(e.zone)} (${e.zone}) at ${e.location}`;
}

function describeStray(s: Stray): string {
  return `${s.kind}: ${describeEntry(s.entry)}`;
}

interface ZoneState {
  /** Entries that count (looked at for strays too). */
  readonly entries: readonly ZoneEntry[];
  /** The lists urlmon uses for the site (within `entries`). */
  readonly effectiveEntries: readonly ZoneEntry[];
  /** Lists a policy makes urlmon ignore: reported, not judged (they are inert while the lock lasts). */
  readonly ignoredEntries: readonly ZoneEntry[];
  readonly lock: 'Security_HKLM_only' | 'ZoneMapKey policy' | undefined;
  readonly sourcesUsed: readonly Source[];
}

async function readState(context: CheckContext): Promise<ZoneState> {
  const keys = await readKeys(context.runner, {
    userDomains: { path: KEYS.userDomains, recursive: true },
    userEscDomains: { path: KEYS.userEscDomains, recursive: true },
    userRanges: { path: KEYS.userRanges, recursive: true },
    machineDomains: { path: KEYS.machineDomains, recursive: true },
    machinePolicy: { path: KEYS.machinePolicyInternetSettings },
    machineZoneMapKey: { path: KEYS.machineZoneMapKey },
    userZoneMapKey: { path: KEYS.userZoneMapKey },
  });
  const present = (k: RegistryQueryResult) => (k.exists ? k : undefined);
  const user = present(keys.userDomains) ? domainEntries(keys.userDomains, 'user') : [];
  const machine = present(keys.machineDomains) ? domainEntries(keys.machineDomains, 'machine') : [];
  const esc = present(keys.userEscDomains) ? domainEntries(keys.userEscDomains, 'user-esc') : [];
  const ranges = present(keys.userRanges) ? rangeEntries(keys.userRanges) : [];
  const machinePolicy = present(keys.machineZoneMapKey) ? policyEntries(keys.machineZoneMapKey, 'machine-policy') : [];
  const userPolicy = present(keys.userZoneMapKey) ? policyEntries(keys.userZoneMapKey, 'user-policy') : [];
  const hklmOnly = dwordValue(keys.machinePolicy, 'Security_HKLM_only') === 1;
  if (machinePolicy.length || userPolicy.length) {
    const policy = [...machinePolicy, ...userPolicy];
    return {
      entries: policy,
      effectiveEntries: policy,
      ignoredEntries: [...user, ...machine, ...esc, ...ranges],
      lock: 'ZoneMapKey policy',
      sourcesUsed: ['machine-policy', 'user-policy'],
    };
  }
  if (hklmOnly)
    return {
      entries: machine,
      effectiveEntries: machine,
      ignoredEntries: [...user, ...esc, ...ranges],
      lock: 'Security_HKLM_only',
      sourcesUsed: ['machine'],
    };
  return {
    entries: [...user, ...machine, ...esc, ...ranges],
    effectiveEntries: [...user, ...machine],
    ignoredEntries: [],
    lock: undefined,
    sourcesUsed: ['user', 'machine'],
  };
}

const m = checkMessages('trusted-sites');
/** How many stray entries the advice names one by one; the evidence lists them all. */
const NAMED_STRAYS = 3;

/** The site as the user typed it into Internet Options, quoted so a stray space shows. */
function shownSite(e: ZoneEntry): string {
  return JSON.stringify(e.source === 'user-ranges' ? e.host : `${e.scheme === '*' ? '' : `${e.scheme}://`}${e.host}`);
}

/** The stray entries as parameters of `strayList.<n>`: each one's site and kind (nested by its key). */
function strayParams(strays: readonly Stray[]): Record<string, Param> {
  const params: Record<string, Param> = {
    strayCount: strays.length > NAMED_STRAYS ? 'many' : String(strays.length),
    strayMore: Math.max(0, strays.length - NAMED_STRAYS),
  };
  strays.slice(0, NAMED_STRAYS).forEach((s, i) => {
    params[`site${i}`] = shownSite(s.entry);
    params[`kind${i}`] = s.kind;
  });
  return params;
}

function evaluate(state: ZoneState): CheckResult {
  const effective = effectiveEntry(state.effectiveEntries);
  const strays = findStrays(state.entries, effective);
  const forSite = state.entries.filter((e) => hostSpecificity(e.host) > 0);
  const evidence = {
    site: CJS_SITE_URL,
    zone: effective ? effective.zone : null,
    zoneName: effective ? zoneName(effective.zone) : null,
    matchedEntry: effective ? describeEntry(effective) : null,
    policyLocked: state.lock !== undefined,
    lockedBy: state.lock ?? null,
    sourcesUsed: state.sourcesUsed,
    entriesForSite: forSite.map(describeEntry),
    strayEntries: strays.map(describeStray),
    ignoredEntriesForSite: state.ignoredEntries.filter((e) => hostSpecificity(e.host.replace(/\s+/g, '')) > 0).map(describeEntry),
  };
  const codes = state.lock ? ['WIN-ZONE-POLICY'] : ['WIN-ZONE'];
  const params = { site: CJS_SITE_URL, managed: state.lock ? 'yes' : 'no', ...strayParams(strays) };
  const actions = state.lock ? [{ kind: 'contact', actor: 'it', reason: 'policy' } as const] : [];

  if (effective?.zone === TRUSTED_ZONE) {
    if (strays.length === 0) return { status: 'pass', summary: m.summary('trusted', params), evidence };
    return {
      status: 'warn',
      summary: m.summary('strays', { count: strays.length }),
      evidence,
      advice: m.advice(state.lock ? 'straysPolicy' : 'removeStrays', params),
      codes,
      actions,
    };
  }
  const problem = effective ? m.summary('otherZone', { ...params, zone: effective.zone }) : m.summary('notListed', params);
  const advice = state.lock ? (strays.length ? 'straysPolicy' : 'policy') : strays.length ? 'removeAndAdd' : 'add';
  return { status: 'fail', summary: problem, evidence, advice: m.advice(advice, params), codes, actions };
}

export const trustedSitesCheck = defineCheck({
  id: 'trusted-sites',
  group: 'windows',
  faq: ['Q25'],
  platforms: ['win32'],
  async run(context) {
    return evaluate(await readState(context));
  },
  fix: {
    async apply(context) {
      const state = await readState(context);
      if (state.lock) throw refusal(ASK_IT);
      if (effectiveEntry(state.effectiveEntries)?.zone === TRUSTED_ZONE) {
        // Only stray entries are left: removing them is the user's call (see the top of this file).
        throw refusal(m.advice('alreadyTrusted'));
      }
      await writeUserDword(context.runner, TRUSTED_SITE_KEY, CJS_SITE.scheme, TRUSTED_ZONE);
    },
  },
});
