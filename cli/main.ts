// `cjs-cert`: enroll, renew, status and remove the payroll system's client certificate from a
// terminal or a script. The same core as the desktop app; Japanese by default, --lang en.
// This module answers `--help` (and a bare `cjs-cert`) with nothing but the translations; the
// commands and the core behind them are loaded (command.ts) only when a command is run.
import { parseArgs } from 'node:util';
import { LOCALE_RESOURCES } from '../electron/contract/locales';
import { EXIT, type ExitCode } from './exit-codes';
import { createTranslator, type Language } from './i18n';
import { safeOutput } from './safe-output';
import type { createServices } from './services';

/** The usage in English (the Japanese one, shown by default, is `usageText` in resources/locales/ja/cli.json). */
export const USAGE: string = LOCALE_RESOURCES.en.cli.usageText;

export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream;
  readonly env: NodeJS.ProcessEnv;
}

export type CommandLine = ReturnType<typeof parseCommandLine>;

/** Runs one command line; returns the exit status. Never throws. */
export async function runCli(argv: readonly string[], rawIo: CliIo, makeServices?: typeof createServices): Promise<ExitCode> {
  // The output boundary: whatever any command prints passes the terminal-safety rule (safe-output.ts).
  const io: CliIo = { ...rawIo, stdout: safeOutput(rawIo.stdout), stderr: safeOutput(rawIo.stderr) };
  // Known before parsing, so that even a malformed command line is answered in the user's language.
  const language: Language = requestedLanguage(argv);
  const t = await createTranslator(language);
  let commandLine: CommandLine;
  try {
    commandLine = parseCommandLine(argv);
  } catch (err) {
    const { reportFailure } = await import('./command');
    return reportFailure(err, { io, t, language }, { json: argv.includes('--json') });
  }
  const { values, positionals } = commandLine;
  if (values.help || positionals.length === 0) {
    io.stdout.write(`${t('usageText')}\n`);
    return values.help ? EXIT.OK : EXIT.USAGE;
  }
  const { runCommand } = await import('./command');
  return runCommand(commandLine, { io, t, language }, makeServices);
}

function parseCommandLine(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      'login-id': { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
      auto: { type: 'boolean', default: false },
      issuer: { type: 'string' },
      trust: { type: 'string', multiple: true },
      'key-type': { type: 'string', default: 'rsa' },
      serial: { type: 'string' },
      yes: { type: 'boolean', default: false },
      'allow-second-user': { type: 'boolean', default: false },
      'login-url': { type: 'string' },
      fix: { type: 'boolean', default: false },
      only: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
      lang: { type: 'string', default: 'ja' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

function requestedLanguage(argv: readonly string[]): Language {
  const at = argv.indexOf('--lang');
  const value = at >= 0 ? argv[at + 1] : argv.find((a) => a.startsWith('--lang='))?.slice('--lang='.length);
  return value === 'en' ? 'en' : 'ja';
}
