// PKI benchmark: our in-process implementation next to the `openssl` command doing the same job.
// Run alone with `npx tsx bench/pki.ts`, or with the other benchmarks through `npm run bench`.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import {
  buildPkcs12,
  createCsr,
  createSelfSignedCa,
  generateKeyPair,
  issueCertificate,
  randomPkcs12Password,
  randomSerialNumber,
  readCertificate,
  toPem,
  type KeyPair,
} from '../electron/core/pki';
import { formatTable, measure, measureInterleaved, row, type BenchRow, type BenchTable } from './stats';

const run = promisify(execFile);
const openssl = async (...args: string[]): Promise<void> => {
  await run('openssl', args, { timeout: 60_000 });
};

export interface PkiIterations {
  readonly rsaKeygen: number;
  readonly other: number;
}

/** Iterations per measurement; RSA key generation is slow and varies a lot, so it gets fewer. */
export const PKI_ITERATIONS: PkiIterations = { rsaKeygen: 20, other: 40 };
/** `BENCH_QUICK=1`: a few iterations only, to check that the benchmark runs (figures meaningless). */
export const PKI_ITERATIONS_QUICK: PkiIterations = { rsaKeygen: 2, other: 3 };

export async function benchPki(
  iterations: PkiIterations = process.env.BENCH_QUICK ? PKI_ITERATIONS_QUICK : PKI_ITERATIONS,
): Promise<BenchTable> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-pki-'));
  const path = (name: string) => join(dir, name);
  const rows: BenchRow[] = [];
  try {
    const { stdout: version } = await run('openssl', ['version']);

    // A CA and one certificate per key type, so CSR and PKCS#12 work on realistic inputs.
    const caPair = await generateKeyPair('rsa-2048');
    const caDer = await createSelfSignedCa({
      keyPair: caPair,
      commonName: 'Bench CA',
      organization: 'Bench',
      notBefore: new Date(),
      notAfter: new Date(Date.now() + 86_400_000),
    });
    const ca = readCertificate(caDer);
    await writeFile(path('ca.pem'), toPem('CERTIFICATE', caDer));
    const password = randomPkcs12Password();
    await writeFile(path('pw'), password, { mode: 0o600 });
    const inputs: { label: string; pair: KeyPair; cert: Buffer; keyFile: string; certFile: string }[] = [];
    for (const [label, algorithm] of [
      ['RSA-2048', 'rsa-2048'],
      ['P-256', 'ecdsa-p256'],
    ] as const) {
      const pair = await generateKeyPair(algorithm);
      const cert = await issueCertificate({
        authority: { certificate: ca, privateKey: caPair.privateKey },
        publicKey: pair.publicKey,
        subjectCommonName: 'user01',
        serialNumber: randomSerialNumber(),
        notBefore: new Date(),
        notAfter: new Date(Date.now() + 86_400_000),
        profile: { kind: 'tls-client' },
      });
      const keyFile = path(`${algorithm}.key`);
      const certFile = path(`${algorithm}.pem`);
      await writeFile(keyFile, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
      await writeFile(certFile, toPem('CERTIFICATE', cert));
      inputs.push({ label, pair, cert, keyFile, certFile });
    }

    /** Ours and openssl's, taking turns, as two rows. */
    const compare = async (operation: string, ours: [string, () => unknown], theirs: [string, () => unknown], n: number) => {
      const [a, b] = await measureInterleaved([ours[1], theirs[1]], n);
      rows.push(row(operation, ours[0], a!), row(operation, theirs[0], b!));
    };

    rows.push(row('process start-up', 'openssl version', await measure(() => openssl('version'), iterations.other)));

    await compare(
      'RSA-2048 keygen',
      ['ours (node:crypto)', () => generateKeyPair('rsa-2048')],
      ['openssl genpkey', () => openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', path('gen-rsa.key'))],
      iterations.rsaKeygen,
    );
    await compare(
      'P-256 keygen',
      ['ours (node:crypto)', () => generateKeyPair('ecdsa-p256')],
      ['openssl genpkey', () => openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', path('gen-ec.key'))],
      iterations.other,
    );
    for (const input of inputs) {
      await compare(
        `CSR, ${input.label} key`,
        ['ours (@peculiar/x509)', () => createCsr(input.pair, 'user01')],
        [
          'openssl req -new',
          () => openssl('req', '-new', '-key', input.keyFile, '-subj', '/CN=user01', '-outform', 'DER', '-out', path('req.der')),
        ],
        iterations.other,
      );
    }
    for (const input of inputs) {
      await compare(
        `PKCS#12, ${input.label} key`,
        [
          'ours (node-forge)',
          () =>
            buildPkcs12({
              privateKey: input.pair.privateKey,
              certificate: input.cert,
              chain: [caDer],
              friendlyName: '給与 証明書',
              password,
            }),
        ],
        [
          'openssl pkcs12 -export',
          () =>
            openssl(
              'pkcs12',
              '-export',
              '-keypbe',
              'PBE-SHA1-3DES',
              '-certpbe',
              'PBE-SHA1-3DES',
              '-macalg',
              'sha1',
              '-iter',
              '2048',
              '-inkey',
              input.keyFile,
              '-in',
              input.certFile,
              '-certfile',
              path('ca.pem'),
              '-name',
              '給与 証明書',
              '-passout',
              `file:${path('pw')}`,
              '-out',
              path('out.p12'),
            ),
        ],
        iterations.other,
      );
    }

    return {
      title: `PKI: ours (in process) vs the ${version.trim().split(' (')[0] ?? 'openssl'} command (wall-clock ms per operation)`,
      rows,
      notes: [
        'Every openssl figure includes starting a process (fork/exec, library and config loading) and writing its output file;',
        '  subtract the "openssl version" median to estimate the work itself. Our figures are in-process calls.',
        "Key generation: both sides call OpenSSL's generator (Node links OpenSSL too); RSA times vary a lot by nature (prime search).",
        'PKCS#12: openssl also encrypts the certificate bag with 3DES (-certpbe); ours leaves the (public) certificates',
        '  unencrypted. Both use 2048 iterations for the key PBE and the SHA-1 MAC.',
        `Iterations: RSA keygen ${iterations.rsaKeygen}, everything else ${iterations.other}, after 2 unmeasured warm-up runs each;`,
        '  ours and openssl take turns, so background load hits both alike.',
      ],
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(formatTable(await benchPki()));
}
