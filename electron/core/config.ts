// Where the app and the CLI find the issuing service. The embedded default is the local
// reference service (`npm run issuer`); a production build points at the bank's endpoint with
// a configuration file or the environment, and command-line flags override both.
import { readFileSync } from 'node:fs';
import { CjsError } from './errors';

export interface ClientSettings {
  /** Base URL of the EST service (EST lives under /.well-known/est). https only. */
  readonly issuerUrl: string;
  /** The payroll system's login page that requires the client certificate (the diagnosis logs in there). */
  readonly loginUrl: string;
  /** Extra CA certificates (PEM files) trusted for the issuer's TLS certificate, besides the OS roots. */
  readonly trustFiles: readonly string[];
  /** P5/P6: renewal opens this many days before expiry. */
  readonly renewalWindowDays: number;
  /** Network timeout for one request. */
  readonly timeoutMs: number;
  /**
   * SHA-256 fingerprint (upper-case hex, no colons) of the issuing CA the issuer's /cacerts must
   * hold or chain to (ca-pin.ts). Set by the production configuration; without it, the client
   * pins the CA it sees first for this issuer (trust on first use, state-files.ts).
   */
  readonly issuingCaSha256?: string;
}

/** A configuration file (CJS_CONFIG) that cannot be used as it is: IT's to correct. */
export class ConfigError extends CjsError<'CONFIG-INVALID'> {
  constructor(setting: string, message: string) {
    super('CONFIG-INVALID', message, { params: { setting } });
  }
}

export const EMBEDDED_DEFAULTS: ClientSettings = {
  issuerUrl: 'https://127.0.0.1:8443',
  loginUrl: 'https://127.0.0.1:8444/',
  trustFiles: [],
  renewalWindowDays: 30,
  timeoutMs: 30_000,
};

/** What the last successful enrollment used, remembered by the client (never a secret). */
export interface RememberedIssuer {
  readonly issuerUrl: string;
  readonly trustFiles: readonly string[];
}

/**
 * Settings from, in increasing precedence: the embedded defaults, the issuer remembered from the
 * last successful enrollment, a JSON file named by CJS_CONFIG (same keys as ClientSettings), the
 * environment (CJS_ISSUER_URL, CJS_TRUST_FILE), and explicit overrides (command-line flags).
 * The remembered trust files belong to the remembered issuer: they apply only while the issuer
 * in use is that one.
 */
export function resolveSettings(
  env: NodeJS.ProcessEnv,
  overrides: { readonly [K in keyof ClientSettings]?: ClientSettings[K] | undefined } = {},
  remembered?: RememberedIssuer,
): ClientSettings {
  const fromFile = env.CJS_CONFIG ? readSettingsFile(env.CJS_CONFIG) : {};
  const fromEnv: Partial<ClientSettings> = {
    ...(env.CJS_ISSUER_URL ? { issuerUrl: env.CJS_ISSUER_URL } : {}),
    ...(env.CJS_LOGIN_URL ? { loginUrl: env.CJS_LOGIN_URL } : {}),
    ...(env.CJS_TRUST_FILE ? { trustFiles: [env.CJS_TRUST_FILE] } : {}),
  };
  const explicit: Partial<ClientSettings> = { ...fromFile, ...fromEnv, ...definedOnly(overrides) };
  const base =
    remembered && (explicit.issuerUrl === undefined || issuerKey(explicit.issuerUrl) === issuerKey(remembered.issuerUrl))
      ? { ...EMBEDDED_DEFAULTS, issuerUrl: remembered.issuerUrl, trustFiles: remembered.trustFiles }
      : EMBEDDED_DEFAULTS;
  const { issuingCaSha256: _filePin, ...resolved } = { ...base, ...explicit };
  // The file's pin names the CA of the file's issuer: another issuer chosen by a flag or the
  // environment is pinned on first use instead of being refused for a CA it never had.
  const filePinApplies = fromFile.issuerUrl === undefined || issuerKey(fromFile.issuerUrl) === issuerKey(resolved.issuerUrl);
  const pin = overrides.issuingCaSha256 ?? (filePinApplies ? fromFile.issuingCaSha256 : undefined);
  return pin === undefined ? resolved : { ...resolved, issuingCaSha256: pin };
}

/** `AB:CD:…` or `abcd…` (as openssl and browsers print it) → 64 upper-case hex digits; undefined when not a SHA-256 fingerprint. */
export function normaliseSha256(text: string): string | undefined {
  const hex = text.trim().replaceAll(':', '').toUpperCase();
  return /^[0-9A-F]{64}$/.test(hex) ? hex : undefined;
}

/**
 * One spelling per issuer address, for comparisons and cache keys: `https://h:p`, `https://h:p/`
 * and `https://h:p/.well-known/est` are the same service to the EST client.
 */
export function issuerKey(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.pathname = parsed.pathname.replace(/\/*(\.well-known\/est\/?)?$/, '');
    return parsed.href.replace(/\/+$/, '');
  } catch {
    return url;
  }
}

function readSettingsFile(path: string): Partial<ClientSettings> {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  const out: { -readonly [K in keyof ClientSettings]?: ClientSettings[K] } = {};
  if (typeof raw.issuerUrl === 'string') out.issuerUrl = raw.issuerUrl;
  if (typeof raw.loginUrl === 'string') out.loginUrl = raw.loginUrl;
  if (Array.isArray(raw.trustFiles) && raw.trustFiles.every((f) => typeof f === 'string')) out.trustFiles = raw.trustFiles;
  if (typeof raw.renewalWindowDays === 'number') out.renewalWindowDays = raw.renewalWindowDays;
  if (typeof raw.timeoutMs === 'number') out.timeoutMs = raw.timeoutMs;
  if (raw.issuingCaSha256 !== undefined) {
    // A pin that cannot be read must stop everything: ignored, it would leave the CA unpinned.
    const pin = typeof raw.issuingCaSha256 === 'string' ? normaliseSha256(raw.issuingCaSha256) : undefined;
    if (pin === undefined) {
      throw new ConfigError(
        'issuingCaSha256',
        `${path}: issuingCaSha256 must be a SHA-256 fingerprint (64 hexadecimal digits, colons allowed)`,
      );
    }
    out.issuingCaSha256 = pin;
  }
  return out;
}

function definedOnly(value: object): Partial<ClientSettings> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
