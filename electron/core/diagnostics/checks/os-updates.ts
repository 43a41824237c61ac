// FAQ Q24(1): "Windows Update を行う". Reports the Windows version and patch level (build.UBR)
// so the bank's support can see at a glance how current the PC is, and warns where Microsoft no
// longer ships security updates for it.
//
// Read from HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion. The version is decided by
// CurrentBuild, never by ProductName: Windows 11 still says "Windows 10 Pro" there (a known
// quirk Microsoft kept for compatibility), so ProductName is only reported.
import { defineCheck, type CheckResult } from '../check';
import { checkMessages } from '../messages';
import { dwordValue, KEYS, readKeys, stringValue } from './windows-support';

/** Windows 10 (every version) left support on this day. */
export const WINDOWS_10_END_OF_SUPPORT = '2025-10-14';

/**
 * Windows 11 feature updates we know, with the end of servicing (Microsoft lifecycle pages) for
 * Home/Pro and for Enterprise/Education. A build not listed that is newer than all of these is
 * taken as current (a release after this table was written).
 */
export const WINDOWS_11_RELEASES: readonly { build: number; version: string; homePro: string; enterprise: string }[] = [
  { build: 22000, version: '21H2', homePro: '2023-10-10', enterprise: '2024-10-08' },
  { build: 22621, version: '22H2', homePro: '2024-10-08', enterprise: '2025-10-14' },
  { build: 22631, version: '23H2', homePro: '2025-11-11', enterprise: '2026-11-10' },
  { build: 26100, version: '24H2', homePro: '2026-10-13', enterprise: '2027-10-12' },
  { build: 26200, version: '25H2', homePro: '2027-10-12', enterprise: '2028-10-10' },
];

const m = checkMessages('os-updates');
/** Windows Update is the user's (or, on a company PC, IT's) to run. */
const UPDATE = { kind: 'faq', faq: 'Q24(1)' } as const;

/** Enterprise/Education editions get the longer servicing period. */
function isEnterpriseLike(editionId: string | undefined): boolean {
  return editionId !== undefined && /^(Enterprise|Education|IoTEnterprise)/i.test(editionId);
}

export const osUpdatesCheck = defineCheck({
  id: 'os-updates',
  group: 'windows',
  faq: ['Q24(1)'],
  platforms: ['win32'],
  async run(context): Promise<CheckResult> {
    const { nt } = await readKeys(context.runner, { nt: { path: KEYS.windowsNtCurrentVersion } });
    const productName = stringValue(nt, 'ProductName');
    const displayVersion = stringValue(nt, 'DisplayVersion') ?? stringValue(nt, 'ReleaseId');
    const buildText = stringValue(nt, 'CurrentBuild') ?? stringValue(nt, 'CurrentBuildNumber');
    const ubr = dwordValue(nt, 'UBR');
    const editionId = stringValue(nt, 'EditionID');
    const build = buildText && /^\d+$/.test(buildText) ? Number(buildText) : undefined;
    const osVersion = build === undefined ? null : `${build}${ubr === undefined ? '' : `.${ubr}`}`;
    const evidence = {
      productName: productName ?? null,
      displayVersion: displayVersion ?? null,
      currentBuild: build ?? null,
      ubr: ubr ?? null,
      osBuild: osVersion,
      editionId: editionId ?? null,
    };
    if (build === undefined) {
      return {
        status: 'warn',
        summary: m.summary('unknown'),
        evidence,
        advice: m.advice('update'),
        codes: ['WIN-OS-UNKNOWN'],
        actions: [UPDATE],
      };
    }
    if (build < 22000) {
      const params = { version: displayVersion ?? '?', build: osVersion, ended: WINDOWS_10_END_OF_SUPPORT };
      return {
        status: 'warn',
        summary: m.summary('windows10', params),
        evidence: { ...evidence, windows: '10', supportEnds: WINDOWS_10_END_OF_SUPPORT },
        advice: m.advice('windows10', params),
        codes: ['WIN-OS-EOS'],
        actions: [{ kind: 'contact', actor: 'it', reason: 'os-support' }],
      };
    }
    const known = [...WINDOWS_11_RELEASES].reverse().find((r) => r.build <= build);
    const release = known?.build === build ? known : undefined;
    const newest = WINDOWS_11_RELEASES[WINDOWS_11_RELEASES.length - 1]!;
    const version = release?.version ?? displayVersion ?? '?';
    const ends = release ? (isEnterpriseLike(editionId) ? release.enterprise : release.homePro) : undefined;
    const base = { ...evidence, windows: '11', version, supportEnds: ends ?? null };
    const today = context.now().toISOString().slice(0, 10);
    const params = { version, build: osVersion, ended: ends ?? '-', newest: newest.version };
    if (ends !== undefined && today > ends) {
      return {
        status: 'warn',
        summary: m.summary('windows11Ended', params),
        evidence: base,
        advice: m.advice('windows11Ended', params),
        codes: ['WIN-OS-EOS'],
        actions: [UPDATE],
      };
    }
    return {
      status: 'pass',
      summary: m.summary('windows11', params),
      evidence: release || build > newest.build ? base : { ...base, note: 'build not in the known release list' },
      advice: m.advice('update'),
    };
  },
});
