// Entry point of `npm run operator -- --data DIR <command>`.
import { offsetClock, systemClock, type Clock } from '../domain/clock';
import { DAY_MS } from '../domain/enrollment-policy';
import { EXIT_USAGE, runOperator } from './cli';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The same test-only clock shift as the server, so both agree on what has expired. */
function clockFromEnvironment(): Clock | undefined {
  const raw = process.env.CJS_ISSUER_CLOCK_OFFSET_DAYS;
  if (raw === undefined || raw === '') return systemClock;
  const days = Number(raw);
  return Number.isFinite(days) ? offsetClock(days * DAY_MS) : undefined;
}

const clock = clockFromEnvironment();
if (clock) {
  process.exitCode = await runOperator(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin,
    clock,
  });
} else {
  process.stderr.write('error: CJS_ISSUER_CLOCK_OFFSET_DAYS must be a number of days\n');
  process.exitCode = EXIT_USAGE;
}
