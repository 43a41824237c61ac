// `npm run issuer -- [--data DIR] [--port P] [--login-port L] [--host H] [--validity-days N]`
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { offsetClock, systemClock } from './domain/clock';
import { startIssuer } from './service';
import { DataDirError } from './storage/private-files';

const USAGE = `Usage: npm run issuer -- [options]

  --data DIR            data directory (CA, database, outbox); default ./.issuer-data
  --host HOST           address to bind; default 127.0.0.1
  --port P              EST port (0 = any free port); default 8443
  --login-port L        client-certificate login port (0 = any free port); default 8444
  --validity-days N     TEST ONLY: certificate validity in days (default 366; fractions allowed)
  --renewal-days N      TEST ONLY: renewal window / notice period in days (default 30)
  --log-level LEVEL     fatal|error|warn|info|debug; default info
  --no-demo             do not create the demo contract on first start

Environment (test only): CJS_ISSUER_CLOCK_OFFSET_DAYS=N moves the service's clock N days.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string', default: '.issuer-data' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '8443' },
      'login-port': { type: 'string', default: '8444' },
      'validity-days': { type: 'string' },
      'renewal-days': { type: 'string' },
      'log-level': { type: 'string', default: 'info' },
      'no-demo': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = parsePort(values.port, '--port');
  const loginPort = parsePort(values['login-port'], '--login-port');
  const validityDays = parsePositive(values['validity-days'], '--validity-days');
  const renewalWindowDays = parsePositive(values['renewal-days'], '--renewal-days');
  const offsetDays = parseFiniteOrUndefined(process.env.CJS_ISSUER_CLOCK_OFFSET_DAYS, 'CJS_ISSUER_CLOCK_OFFSET_DAYS');

  const warnings: string[] = [];
  if (validityDays !== undefined) warnings.push(`validity ${validityDays} days (production: 366)`);
  if (renewalWindowDays !== undefined) warnings.push(`renewal window ${renewalWindowDays} days (production: 30)`);
  if (offsetDays) warnings.push(`clock moved ${offsetDays} days`);

  const issuer = await startIssuer({
    dataDir: resolve(values.data),
    host: values.host,
    port,
    loginPort,
    policy: {
      ...(validityDays !== undefined ? { validityDays } : {}),
      ...(renewalWindowDays !== undefined ? { renewalWindowDays } : {}),
    },
    clock: offsetDays ? offsetClock(offsetDays * 86_400_000) : systemClock,
    seedDemo: !values['no-demo'],
    logLevel: values['log-level'],
  });

  const lines = [
    'CJS reference issuing service (EST, RFC 7030)',
    `  EST:        ${issuer.estUrl}/.well-known/est/`,
    `  Login:      ${issuer.loginUrl}`,
    `  CRL:        ${issuer.estUrl}/crl`,
    `  Issuing CA: ${issuer.caCertPath}`,
    `  TLS trust:  ${issuer.tlsCaCertPath}`,
  ];
  if (issuer.seeded) {
    lines.push('  Demo contract created: master01 (master), user01, user02 — password: demo-password (demo data only)');
  }
  for (const warning of warnings) lines.push(`  TEST OVERRIDE: ${warning}`);
  // One machine-readable line for scripts and tests that start the service on port 0.
  lines.push(`ready est=${issuer.estUrl} login=${issuer.loginUrl}`);
  process.stderr.write(`${lines.join('\n')}\n`);

  const stop = (): void => {
    void issuer.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function parsePort(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535) fail(`${flag} must be a port number 0-65535, got "${text}"`);
  return n;
}

function parsePositive(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) fail(`${flag} must be a positive number, got "${text}"`);
  return n;
}

function parseFiniteOrUndefined(text: string | undefined, name: string): number | undefined {
  if (text === undefined || text === '') return undefined;
  const n = Number(text);
  if (!Number.isFinite(n)) fail(`${name} must be a number, got "${text}"`);
  return n;
}

function fail(message: string): never {
  process.stderr.write(`issuer: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

main().catch((err: unknown) => {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'EADDRINUSE')
    process.stderr.write(
      `issuer: the port is already in use (${e.message}); choose another with --port/--login-port, or 0 for any free port\n`,
    );
  // The message says what to do; a stack trace would only bury it.
  else if (err instanceof DataDirError) process.stderr.write(`issuer: ${err.message}\n`);
  else process.stderr.write(`issuer: ${e.stack ?? String(err)}\n`);
  process.exit(1);
});
