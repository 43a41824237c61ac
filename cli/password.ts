// The password comes from a no-echo prompt or from stdin (`--password-stdin`), never from argv
// or the environment, where other local users and process listings could read it.
import { read } from 'read';
import { CjsError } from '../electron/core/errors';

export class PasswordInputError extends CjsError<'CLI-NO-PASSWORD'> {
  constructor(message: string) {
    super('CLI-NO-PASSWORD', message);
  }
}

/** Reads the first line of stdin (without its line ending) as the password. */
export async function readPasswordFromStdin(stdin: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const password = text.split(/\r?\n/, 1)[0] ?? '';
  if (password === '') throw new PasswordInputError('no password on standard input');
  return password;
}

/**
 * Reads `count` passwords, one a line, from stdin: the master's on the first line, a user's new
 * password on the second (`users add`, `reregister`, `reset-password`).
 */
export async function readPasswordLinesFromStdin(stdin: NodeJS.ReadableStream, count: 1 | 2): Promise<[string, string | undefined]> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  const [first = '', second = ''] = Buffer.concat(chunks).toString('utf8').split(/\r?\n/, 2);
  if (first === '') throw new PasswordInputError('no password on standard input');
  if (count === 1) return [first, undefined];
  if (second === '') throw new PasswordInputError('no new password on the second line of standard input');
  return [first, second];
}

/** Asks on the terminal without echo. Refuses when there is no terminal to ask on. */
export async function promptPassword(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) throw new PasswordInputError('no terminal to ask for the password: use --password-stdin');
  const password = await read({ prompt, silent: true, replace: '', output: process.stderr });
  // The muted line editor swallows the Enter too: end the prompt's line, or the next line of
  // output (the next prompt, the command's answer) would follow it on the same line.
  process.stderr.write('\n');
  if (!password) throw new PasswordInputError('no password entered');
  return password;
}

/** A yes/no question on the terminal (echoed: nothing secret); only "y" or "yes" is a yes. */
export async function askYes(prompt: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const answer = await read({ prompt, output: process.stderr }).catch(() => '');
  return /^y(es)?$/i.test(answer.trim());
}
