import { win32 } from 'node:path';
import { decodeConsoleBytes, RAW_BYTES_ENCODING } from './console-output';
import type { ProcessRunner } from './process-runner';
import { CjsError } from '../errors';

/**
 * The registry port: reads and (HKCU-only) writes through reg.exe.
 *
 * Why reg.exe and not PowerShell `Get-ItemProperty`: reg.exe starts in ~20 ms against ~500 ms+
 * for PowerShell, works where PowerShell is restricted by policy, and its text format is stable
 * since Windows XP. Its one weakness is the console code page: we run it directly (the runner
 * has no shell, so no `chcp 65001 &`), capture raw bytes and decode UTF-8 first, then CP932
 * (console-output.ts). Every value we act on (proxy addresses, DWORD flags, zone domains) is
 * ASCII, so a code-page mistake could only garble display text, never a decision. And whether a
 * key exists is decided by the exit code, never by the (localized) message text.
 */

export type RegistryValue =
  | { readonly name: string; readonly type: 'REG_SZ' | 'REG_EXPAND_SZ'; readonly data: string }
  | { readonly name: string; readonly type: 'REG_DWORD'; readonly data: number }
  | { readonly name: string; readonly type: 'REG_QWORD'; readonly data: bigint }
  | { readonly name: string; readonly type: 'REG_BINARY'; readonly data: Buffer }
  | { readonly name: string; readonly type: 'REG_MULTI_SZ'; readonly data: readonly string[] }
  /** REG_NONE, REG_LINK, resource lists...: kept as reg.exe printed them. */
  | { readonly name: string; readonly type: 'OTHER'; readonly rawType: string; readonly data: string };

export interface RegistryKey {
  /** Full path as reg.exe printed it (root spelled out: HKEY_CURRENT_USER\...). */
  readonly path: string;
  /** Last path component. */
  readonly name: string;
  /** The default value, if set, has name '' (reg.exe prints `(Default)` / `(既定)`). */
  readonly values: readonly RegistryValue[];
  /** Without `recursive`, subkeys are listed by path only (their values are not read). */
  readonly subkeys: readonly RegistryKey[];
}

export interface RegistryQueryResult extends RegistryKey {
  readonly exists: boolean;
}

export type RegistryFailureKind = 'access-denied' | 'refused' | 'failed' | 'bad-output';

const REGISTRY_CODES = {
  'access-denied': 'REGISTRY-ACCESS-DENIED',
  refused: 'REGISTRY-REFUSED',
  failed: 'REGISTRY-FAILED',
  'bad-output': 'REGISTRY-BAD-OUTPUT',
} as const;

export class RegistryError extends CjsError<(typeof REGISTRY_CODES)[RegistryFailureKind]> {
  constructor(
    readonly kind: RegistryFailureKind,
    message: string,
    readonly exitCode?: number,
    readonly output?: string,
  ) {
    super(REGISTRY_CODES[kind], message, { params: exitCode === undefined ? {} : { exitCode } });
  }
}

const ROOTS: Record<string, string> = {
  HKCU: 'HKEY_CURRENT_USER',
  HKEY_CURRENT_USER: 'HKEY_CURRENT_USER',
  HKLM: 'HKEY_LOCAL_MACHINE',
  HKEY_LOCAL_MACHINE: 'HKEY_LOCAL_MACHINE',
  HKCR: 'HKEY_CLASSES_ROOT',
  HKEY_CLASSES_ROOT: 'HKEY_CLASSES_ROOT',
  HKU: 'HKEY_USERS',
  HKEY_USERS: 'HKEY_USERS',
  HKCC: 'HKEY_CURRENT_CONFIG',
  HKEY_CURRENT_CONFIG: 'HKEY_CURRENT_CONFIG',
};

// How reg.exe names the unnamed default value in the display languages our users may have.
const DEFAULT_VALUE_NAMES = new Set(['(Default)', '(既定)', '(既定値)', '(기본값)', '(默认)', '(預設值)', '(Standard)', '(par défaut)']);

// Access-denied wording is only used to *refine* an exit code 1, never to decide "not found".
const ACCESS_DENIED = /Access is denied|アクセスが拒否されました/;

// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const UNSAFE_ARGUMENT = /["\0-\x1f]/;

/**
 * Absolute path of reg.exe: spawning a bare `reg.exe` would let a same-named program in the
 * current directory or early on PATH run instead (Windows searches the cwd first).
 */
export function regExePath(env: NodeJS.ProcessEnv = process.env): string {
  return win32.join(env.SystemRoot ?? env.SYSTEMROOT ?? 'C:\\Windows', 'System32', 'reg.exe');
}

/** `HKCU\...` or `HKEY_CURRENT_USER\...`, no quotes or control characters; returns the root's long name. */
function checkKeyPath(keyPath: string): { root: string } {
  const root = ROOTS[keyPath.split('\\', 1)[0]!.toUpperCase()];
  // reg.exe receives the path as one argv element; quotes or newlines would still confuse its own parser.
  if (!root || UNSAFE_ARGUMENT.test(keyPath) || keyPath.endsWith('\\')) {
    throw new RegistryError('refused', `not a registry key path reg.exe accepts: ${JSON.stringify(keyPath)}`);
  }
  return { root };
}

/** Reads a key (and with `recursive`, its whole subtree) with `reg.exe query KEY [/s]`. */
export async function readRegistryKey(
  runner: ProcessRunner,
  keyPath: string,
  options: { readonly recursive?: boolean; readonly timeoutMs?: number } = {},
): Promise<RegistryQueryResult> {
  checkKeyPath(keyPath);
  const args = ['query', keyPath, ...(options.recursive ? ['/s'] : [])];
  const result = await runner(regExePath(), args, { encoding: RAW_BYTES_ENCODING, timeoutMs: options.timeoutMs ?? 15_000 });
  const stdout = decodeConsoleBytes(result.stdout);
  const stderr = decodeConsoleBytes(result.stderr);
  if (result.exitCode === 1) {
    if (ACCESS_DENIED.test(stderr)) throw new RegistryError('access-denied', `access to ${keyPath} is denied`, 1, stderr.trim());
    return { exists: false, path: keyPath, name: lastComponent(keyPath), values: [], subkeys: [] };
  }
  if (result.exitCode !== 0)
    throw new RegistryError('failed', `reg.exe query exited with ${result.exitCode}`, result.exitCode, stderr.trim());
  const [root] = parseRegQueryOutput(stdout);
  if (!root) throw new RegistryError('bad-output', `reg.exe query printed no key for ${keyPath}`, 0, stdout);
  return { exists: true, ...root };
}

/**
 * Parses `reg query` text into key trees, one per top-level key printed (several when the text
 * holds several queries' output). Lines that are neither a key, a value nor blank (prompts,
 * "End of search" summaries) are skipped.
 */
interface KeyNode {
  path: string;
  name: string;
  values: RegistryValue[];
  subkeys: KeyNode[];
}

export function parseRegQueryOutput(text: string): RegistryKey[] {
  const tops: KeyNode[] = [];
  const byPath = new Map<string, KeyNode>();
  let current: KeyNode | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/\r$/, '');
    if (/^HKEY_[A-Z_]+(\\|$)/.test(line)) {
      // Not trimmed: a key name may end in a space (a domain typed as `example.jp ` in Internet
      // Options, FAQ Q25), and that space is exactly what the diagnosis must see.
      const path = line;
      const node: KeyNode = { path, name: lastComponent(path), values: [], subkeys: [] };
      const parent = findParent(byPath, path);
      if (parent) parent.subkeys.push(node);
      else tops.push(node);
      byPath.set(path.toLowerCase(), node);
      current = node;
      continue;
    }
    if (current && line.startsWith('    ')) {
      const value = parseValueLine(line);
      if (value) current.values.push(value);
    }
  }
  return tops;
}

function findParent(byPath: Map<string, KeyNode>, path: string): KeyNode | undefined {
  // Case-insensitive: reg.exe echoes the queried part as typed (`SOFTWARE`) and the rest as stored.
  for (let cut = path.lastIndexOf('\\'); cut > 0; cut = path.lastIndexOf('\\', cut - 1)) {
    const parent = byPath.get(path.slice(0, cut).toLowerCase());
    if (parent) return parent;
  }
  return undefined;
}

// `    NAME    TYPE    DATA`: four-space separators; the name may itself contain spaces. An empty
// string prints as `    NAME    REG_SZ    ` (data empty).
const VALUE_LINE = /^ {4}(.*?) {4}(REG_[A-Z_]+|REG_0x[0-9a-fA-F]+)(?: {4}(.*))?$/;

function parseValueLine(line: string): RegistryValue | undefined {
  const m = VALUE_LINE.exec(line);
  if (!m) return undefined;
  const rawName = m[1]!;
  const name = DEFAULT_VALUE_NAMES.has(rawName) ? '' : rawName;
  const type = m[2]!;
  const data = m[3] ?? '';
  switch (type) {
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      return { name, type, data };
    case 'REG_DWORD':
    case 'REG_DWORD_LITTLE_ENDIAN':
      return { name, type: 'REG_DWORD', data: parseHexNumber(data) };
    case 'REG_QWORD':
    case 'REG_QWORD_LITTLE_ENDIAN':
      // 64-bit values (timestamps such as LockDatabase) exceed Number's exact range.
      return { name, type: 'REG_QWORD', data: /^0x[0-9a-fA-F]+$/.test(data) ? BigInt(data) : 0n };
    case 'REG_BINARY':
      return { name, type, data: /^([0-9a-fA-F]{2})*$/.test(data) ? Buffer.from(data, 'hex') : Buffer.alloc(0) };
    case 'REG_MULTI_SZ':
      // reg.exe prints the NUL separators as the two characters `\0`.
      return { name, type, data: trimTrailingEmpty(data.split('\\0')) };
    default:
      return { name, type: 'OTHER', rawType: type, data };
  }
}

/** `a\0b\0\0` ends with the list terminator; an empty list prints as nothing. */
function trimTrailingEmpty(items: string[]): string[] {
  let end = items.length;
  while (end > 0 && items[end - 1] === '') end -= 1;
  return items.slice(0, end);
}

function parseHexNumber(text: string): number {
  return /^0x[0-9a-fA-F]{1,8}$/.test(text) ? Number.parseInt(text.slice(2), 16) : Number.NaN;
}

function lastComponent(path: string): string {
  return path.slice(path.lastIndexOf('\\') + 1);
}

/** One value of a read key, by name (case-insensitive, as the registry compares names). */
export function registryValue(key: Pick<RegistryKey, 'values'>, name: string): RegistryValue | undefined {
  const lower = name.toLowerCase();
  return key.values.find((v) => v.name.toLowerCase() === lower);
}

/**
 * Sets a DWORD under HKEY_CURRENT_USER with `reg.exe add KEY /v NAME /t REG_DWORD /d N /f`.
 * Only HKCU, and never a Policies key there: the app's fixes change the user's own settings and
 * never need elevation; anything machine-wide or policy-managed is reported to the user, not written.
 */
export async function writeRegistryDword(runner: ProcessRunner, keyPath: string, name: string, value: number): Promise<void> {
  const { root } = checkKeyPath(keyPath);
  if (root !== 'HKEY_CURRENT_USER') throw new RegistryError('refused', `only HKEY_CURRENT_USER keys may be written, not ${keyPath}`);
  // Policy values belong to the organisation (Group Policy rewrites them anyway); the port itself
  // refuses them, so no future caller can skip the checks' own guard.
  if (/\\policies(\\|$)/i.test(keyPath))
    throw new RegistryError('refused', `policy keys are managed by the organisation and never written: ${keyPath}`);
  if (name === '' || UNSAFE_ARGUMENT.test(name))
    throw new RegistryError('refused', `not a value name reg.exe accepts: ${JSON.stringify(name)}`);
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff)
    throw new RegistryError('refused', `a DWORD is an integer 0..0xFFFFFFFF, not ${value}`);
  const args = ['add', keyPath, '/v', name, '/t', 'REG_DWORD', '/d', String(value), '/f'];
  const result = await runner(regExePath(), args, { encoding: RAW_BYTES_ENCODING, timeoutMs: 15_000 });
  if (result.exitCode !== 0) {
    const stderr = decodeConsoleBytes(result.stderr).trim();
    throw new RegistryError(
      ACCESS_DENIED.test(stderr) ? 'access-denied' : 'failed',
      `reg.exe add exited with ${result.exitCode}`,
      result.exitCode,
      stderr,
    );
  }
}
