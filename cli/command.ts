// A command line that asks for work (not the usage): checked, then run on the core's services,
// and every failure described for the terminal or as JSON. Loaded by main.ts only then, so that
// `cjs-cert --help` starts without the core, its packages and the native credential vault.
import type { TFunction } from 'i18next';
import type { KeyAlgorithm } from '../electron/core/pki';
import { resolveSettings } from '../electron/core/config';
import type { StoreKind } from '../electron/core/stores/certificate-store';
import { checkDoctorOnly, hasFailures, runDoctor } from './commands/doctor';
import { runEnroll } from './commands/enroll';
import { runRemove } from './commands/remove';
import { runRenewAuto } from './commands/renew-auto';
import { parseUsersRequest, runUsers } from './commands/users';
import { collectStatus, hasUsableCertificate, statusJson, statusText } from './commands/status';
import { describeError, UsageError, type DescribedError } from './errors';
import { EXIT, type ExitCode } from './exit-codes';
import type { Language } from './i18n';
import type { CliIo, CommandLine } from './main';
import { askYes, promptPassword, readPasswordFromStdin } from './password';
import { createServices, readRememberedIssuer, type CliServices } from './services';
import { actionLines, actorLines, contactRequestLines, namesItsActor, requestLines } from './situation-text';
import { forTerminal } from './terminal-text';

export interface CommandContext {
  readonly io: CliIo;
  readonly t: TFunction;
  readonly language: Language;
}

/** Runs the command the parsed command line names; returns the exit status. Never throws. */
export async function runCommand(
  { values, positionals }: CommandLine,
  context: CommandContext,
  makeServices: typeof createServices = createServices,
): Promise<ExitCode> {
  const { io, t, language } = context;
  const json = values.json;
  const [command, ...extra] = positionals as [string, ...string[]];
  let storeKind: StoreKind | undefined;
  try {
    if (values.lang !== 'ja' && values.lang !== 'en') throw new UsageError('badLang', { value: values.lang });
    if (!['enroll', 'renew', 'status', 'remove', 'doctor', 'users'].includes(command)) throw new UsageError('unknownCommand', { command });
    if (extra.length > 0 && command !== 'users') throw new UsageError('unexpectedArgument', { argument: extra[0]! });
    const usersRequest =
      command === 'users' ? parseUsersRequest(extra, values, Boolean((io.stdin as { isTTY?: boolean }).isTTY)) : undefined;
    const keyAlgorithm = parseKeyType(values['key-type']);
    // The whole command line is checked before anything touches the store or the network.
    checkAuto(command, values);
    if ((command === 'enroll' || command === 'renew') && !values.auto && !values['login-id'])
      throw new UsageError('needsLoginId', { command });
    if (command === 'doctor') checkDoctorOnly(values.only);

    const settings = resolveSettings(
      io.env,
      { issuerUrl: values.issuer, loginUrl: values['login-url'], trustFiles: values.trust },
      await readRememberedIssuer(io.env),
    );
    const services: CliServices = await makeServices(settings, io.env);
    storeKind = services.store.kind;

    switch (command) {
      case 'enroll':
      case 'renew': {
        if (values.auto) return await runRenewAuto(services, { json, english: language === 'en' }, t, io);
        const loginId = values['login-id']!;
        const password = values['password-stdin']
          ? await readPasswordFromStdin(io.stdin)
          : await promptPassword(t('prompt.password', { loginId }));
        // One user per PC (Q6): a second login ID only when confirmed, by the option or, at a
        // terminal where the password was typed, by a yes to the question after the warning.
        const canAsk = !values['password-stdin'] && !json && process.stdin.isTTY === true;
        const enrollOptions = { operation: command, loginId, password, keyAlgorithm, json, language };
        await runEnroll(services, { ...enrollOptions, allowSecondUser: values['allow-second-user'] }, t, io).catch(async (err: unknown) => {
          if (!canAsk || (err as { code?: unknown }).code !== 'ENROLL-SECOND-USER') throw err;
          io.stderr.write(forTerminal(`${describeError(err, t).message}\n`, io.stderr));
          if (!(await askYes(t('secondUser.question', { loginId })))) throw err;
          await runEnroll(services, { ...enrollOptions, allowSecondUser: true }, t, io);
        });
        return EXIT.OK;
      }
      case 'status': {
        const status = await collectStatus(services, new Date(), values['login-id']);
        // Without the issuer's CA (neither fetched nor remembered) nothing can be told apart: say why.
        if (status.issuerError !== undefined) throw status.issuerError;
        io.stdout.write(json ? statusJson(services, status) : forTerminal(statusText(services, status, t), io.stdout));
        return hasUsableCertificate(status) ? EXIT.OK : EXIT.NO_USABLE_CERTIFICATE;
      }
      case 'users':
        return await runUsers(services, usersRequest!, t, io);
      case 'doctor': {
        const report = await runDoctor(
          services,
          { loginId: values['login-id'], only: values.only, fix: values.fix, json, language },
          t,
          io,
        );
        return hasFailures(report) ? EXIT.DIAGNOSIS_FAILED : EXIT.OK;
      }
      default:
        await runRemove(services, { serial: values.serial, loginId: values['login-id'], yes: values.yes, json }, t, io);
        return EXIT.OK;
    }
  } catch (err) {
    return reportFailure(err, context, { json, storeKind, loginId: values['login-id'] });
  }
}

/** Describes a failure (a usage error included) on stderr, or as JSON on stdout; its exit status. */
export function reportFailure(
  err: unknown,
  { io, t, language }: CommandContext,
  output: { json: boolean; storeKind?: StoreKind | undefined; loginId?: string | undefined },
): ExitCode {
  const described = describeError(asUsageError(err), t);
  if (output.json) io.stdout.write(`${JSON.stringify({ ok: false, error: described }, null, 2)}\n`);
  else io.stderr.write(forTerminal(errorText(described, { language, storeKind: output.storeKind, loginId: output.loginId }, t), io.stderr));
  return described.exitCode;
}

/** Node's own parseArgs errors (English text) become usage errors with the option they name. */
function asUsageError(err: unknown): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS')) return err;
  const option = /'(-[^' ]+)/.exec((err as Error).message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return new UsageError('unknownOption', { option });
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return new UsageError('missingValue', { option });
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return new UsageError('unexpectedArgument', { argument: option });
  return new UsageError('invalidOption');
}

/**
 * What a person reads: the explanation, the next steps, who acts, the code (with "quote it to the
 * bank" only where the bank acts) and the FAQ. English technical detail only with --lang en.
 */
function errorText(
  described: DescribedError,
  context: { language: Language; storeKind: StoreKind | undefined; loginId?: string | undefined },
  t: TFunction,
): string {
  const usage = described.code === 'CLI-USAGE';
  const lines = [t('error.heading', { message: described.message })];
  if (context.language === 'en' && described.detail && described.detail !== described.message && !textSaysAll(described.code))
    lines.push(`  ${described.detail}`);
  const advice = adviceFor(described, context, t);
  if (advice) lines.push(`  → ${advice}`);
  if (described.situation) lines.push(...actionLines(described.situation.actions, t));
  if (!usage) {
    if (described.code !== 'UNEXPECTED') lines.push(t(codeLineKey(described.actor), { code: described.code }));
    const situation = described.situation;
    // A refusal whose first step is to ask someone names them in that step already.
    if (!situation || !namesItsActor(situation.actions))
      lines.push(...actorLines(described.actor, situation ? situation.actorIfMaster : described.actor === 'master' ? 'bank' : null, t));
  }
  if (described.faq.length) lines.push(t('error.faq', { faq: described.faq.join(', ') }));
  const requests = requestsFor(described, context.loginId, t);
  if (requests.length > 0) lines.push('', ...requests);
  if (usage) lines.push('', t('usageText'));
  return `${lines.join('\n')}\n`;
}

/** What to pass on to the master user or the bank: for a lost certificate, and for a locked login ID. */
function requestsFor(described: DescribedError, loginId: string | undefined, t: TFunction): string[] {
  if (described.situation) return requestLines(described.situation, t);
  if (described.code === 'CJS-E-LOCKED' && loginId) return contactRequestLines('locked', loginId, undefined, t);
  return [];
}

/** A command-line mistake whose text names what was wrong and what is valid: its detail would say it again. */
function textSaysAll(code: string): boolean {
  return code === 'DIAG-UNKNOWN-CHECK';
}

/** The store's install advice in the user's language; other sources' advice is English, for --lang en only. */
function adviceFor(
  described: DescribedError,
  context: { language: Language; storeKind: StoreKind | undefined },
  t: TFunction,
): string | undefined {
  if (described.code === 'STORE-TOOL-MISSING' && context.storeKind) return t(`storeAdvice.${context.storeKind}`);
  if (described.code === 'ENROLL-SECOND-USER') return t('secondUser.advice', described.params);
  return context.language === 'en' ? described.advice : undefined;
}

/** The code is quoted to the bank only where the bank acts (for a master user, where the master would). */
function codeLineKey(actor: DescribedError['actor']): string {
  if (actor === 'bank') return 'error.codeForBank';
  if (actor === 'master') return 'error.codeForMaster';
  return 'error.code';
}

/** `--auto` renews every due certificate, with no login ID and no password to take. */
function checkAuto(command: string, values: CommandLine['values']): void {
  if (!values.auto) return;
  if (command !== 'renew') throw new UsageError('autoOnlyRenew');
  if (values['login-id'] !== undefined || values['password-stdin']) throw new UsageError('autoWithLoginId');
}

function parseKeyType(value: string): KeyAlgorithm {
  if (value === 'rsa') return 'rsa-2048';
  if (value === 'ec') return 'ecdsa-p256';
  throw new UsageError('badKeyType', { value });
}
