// `cjs-cert`: enroll, renew, status and remove the payroll system's client certificate from a
// terminal or a script. The same core as the desktop app; Japanese by default, --lang en.
import { parseArgs } from 'node:util';
import type { TFunction } from 'i18next';
import { resolveSettings } from '../electron/core/config';
import type { KeyAlgorithm } from '../electron/core/pki';
import { checkDoctorOnly, hasFailures, runDoctor } from './commands/doctor';
import { runEnroll } from './commands/enroll';
import { runRemove } from './commands/remove';
import { collectStatus, statusJson, statusText } from './commands/status';
import { describeError, UsageError } from './errors';
import { EXIT, type ExitCode } from './exit-codes';
import { createTranslator, type Language } from './i18n';
import { promptPassword, readPasswordFromStdin } from './password';
import { createServices, readRememberedIssuer, type CliServices } from './services';
import { isUsable } from '../electron/core/enrollment/certificate-state';

export const USAGE = `Usage: cjs-cert <command> [options]

Commands:
  enroll    obtain a certificate and install it in this PC's certificate store
  renew     renew the certificate (from 30 days before expiry, or after expiry)
  status    list this system's certificates with validity and state
  remove    remove a certificate and its key from the store (does not revoke)
  doctor    self-diagnosis: every FAQ check, with advice and safe fixes

Options:
  --login-id ID        login ID (enroll, renew; remove by user)
  --password-stdin     read the password from the first line of standard input
                       (otherwise it is asked for without echo; never pass it as an argument)
  --issuer URL         issuing service (https only); default $CJS_ISSUER_URL, else the one the last
                       successful enroll used, else https://127.0.0.1:8443
  --trust FILE         extra CA certificate (PEM) to trust for the issuer's TLS; repeatable
  --key-type rsa|ec    key algorithm for enroll/renew: RSA 2048 (default) or ECDSA P-256
  --login-url URL      the system's login page (doctor); default https://127.0.0.1:8444/ or $CJS_LOGIN_URL
  --serial S           remove: the certificate's serial number
  --yes                remove: confirm
  --fix                doctor: apply the safe fixes, then check again
  --only ID            doctor: run only this check (repeatable)
  --json               machine-readable output on stdout
  --lang ja|en         language of messages (default ja)
  -h, --help           this help

Exit status: 0 ok; 2 usage; 3 refused by the issuer; 4 issuer unreachable (network, TLS, http://);
5 certificate store failed; 6 the issuer's answer failed checks (nothing installed);
7 doctor: a check failed; 9 status: no usable certificate; 1 anything else.`;

export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream;
  readonly env: NodeJS.ProcessEnv;
}

/** Runs one command line; returns the exit status. Never throws. */
export async function runCli(argv: readonly string[], io: CliIo, makeServices: typeof createServices = createServices): Promise<ExitCode> {
  let language: Language = 'ja';
  let json = false;
  let t: TFunction | undefined;
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        'login-id': { type: 'string' },
        'password-stdin': { type: 'boolean', default: false },
        issuer: { type: 'string' },
        trust: { type: 'string', multiple: true },
        'key-type': { type: 'string', default: 'rsa' },
        serial: { type: 'string' },
        yes: { type: 'boolean', default: false },
        'login-url': { type: 'string' },
        fix: { type: 'boolean', default: false },
        only: { type: 'string', multiple: true },
        json: { type: 'boolean', default: false },
        lang: { type: 'string', default: 'ja' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.lang !== 'ja' && values.lang !== 'en') throw new UsageError(`--lang must be ja or en, got "${values.lang}"`);
    language = values.lang;
    json = values.json;
    t = await createTranslator(language);
    const [command, ...extra] = positionals;
    if (values.help || !command) {
      io.stdout.write(`${USAGE}\n`);
      return values.help ? EXIT.OK : EXIT.USAGE;
    }
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    if (!['enroll', 'renew', 'status', 'remove', 'doctor'].includes(command)) throw new UsageError(`unknown command "${command}"`);
    const keyAlgorithm = parseKeyType(values['key-type']);
    // The whole command line is checked before anything touches the store or the network.
    if ((command === 'enroll' || command === 'renew') && !values['login-id']) throw new UsageError(`${command} needs --login-id ID`);
    if (command === 'doctor') checkDoctorOnly(values.only);

    const settings = resolveSettings(
      io.env,
      { issuerUrl: values.issuer, loginUrl: values['login-url'], trustFiles: values.trust },
      await readRememberedIssuer(io.env),
    );
    const services: CliServices = await makeServices(settings, io.env);

    switch (command) {
      case 'enroll':
      case 'renew': {
        const loginId = values['login-id']!;
        const password = values['password-stdin']
          ? await readPasswordFromStdin(io.stdin)
          : await promptPassword(t('prompt.password', { loginId }));
        await runEnroll(services, { operation: command, loginId, password, keyAlgorithm, json }, t, io);
        return EXIT.OK;
      }
      case 'status': {
        const status = await collectStatus(services, new Date());
        io.stdout.write(json ? statusJson(services, status) : statusText(services, status, t));
        return status.reports.some((r) => isUsable(r.assessment.state)) ? EXIT.OK : EXIT.NO_USABLE_CERTIFICATE;
      }
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
    const translate = t ?? (await createTranslator(language));
    const usage = err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    const described = usage
      ? { code: 'CLI-USAGE', exitCode: EXIT.USAGE, message: (err as Error).message, detail: undefined, advice: undefined, faq: undefined }
      : describeError(err, translate);
    if (json) {
      io.stdout.write(`${JSON.stringify({ ok: false, error: described }, null, 2)}\n`);
    } else {
      const lines = [translate('error.heading', { message: described.message })];
      if (described.detail) lines.push(`  ${described.detail}`);
      if (described.advice) lines.push(`  → ${described.advice}`);
      if (described.code !== 'unexpected' && described.code !== 'CLI-USAGE') lines.push(translate('error.code', { code: described.code }));
      if (described.faq?.length) lines.push(translate('error.faq', { faq: described.faq.join(', ') }));
      if (usage) lines.push('', USAGE);
      io.stderr.write(`${lines.join('\n')}\n`);
    }
    return described.exitCode;
  }
}

function parseKeyType(value: string): KeyAlgorithm {
  if (value === 'rsa') return 'rsa-2048';
  if (value === 'ec') return 'ecdsa-p256';
  throw new UsageError(`--key-type must be rsa or ec, got "${value}"`);
}
