// What a user sees, and what is left on the PC and at the issuer, when an enrollment goes wrong:
// the real `cjs-cert` process against a real issuing service, faults injected from outside (an
// HTTPS man in the middle, a PATH without NSS tools, a pk12util that kills its caller). After
// every fault: nothing half-installed in NSS, the issuer holding at most one certificate for the
// user, and a retry that ends with exactly that certificate installed.
import { createPrivateKey } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSelfSignedCa,
  decodeBase64Strict,
  decodeCertsOnly,
  encodeBase64Lines,
  EKU_CLIENT_AUTH,
  encodeCertsOnly,
  generateKeyPair,
  issueCertificate,
  randomSerialNumber,
  readCertificate,
  type CertificateInfo,
} from '../../../electron/core/pki';
import { freshHome, runCliProcess, type CliRun } from '../../helpers/cli-process';
import { filesMatching, issuerCertificates, journalFiles, nssContents, nssDir } from '../../helpers/enrollment-state';
import { startEstMitm, type EstMitm } from '../../helpers/est-mitm';
import { forgeCertificate, KEY_USAGE } from '../../helpers/x509-forge';
import { DEMO_PASSWORD, startTestIssuer, type TestIssuer } from '../../helpers/issuer';

const RUN_TIMEOUT_MS = 45_000;
const UID = process.getuid?.() ?? 0;

interface ErrorJson {
  ok: false;
  error: { code: string; message: string; advice?: string; detail?: string };
}
interface EnrollJson {
  ok: true;
  resumed: boolean;
  certificate: { serialNumber: string; subject: string };
}
interface StatusJson {
  certificates: { loginId: string; state: string; serialNumber: string; hasPrivateKey: boolean }[];
}

const homes: string[] = [];
async function newHome(): Promise<string> {
  const home = await freshHome('cjs-fault-home-');
  homes.push(home);
  return home;
}

interface Target {
  readonly url: string;
  readonly trust: string;
}

function enroll(
  target: Target,
  home: string,
  loginId: string,
  opts: {
    json?: boolean;
    password?: string;
    env?: NodeJS.ProcessEnv;
    onStderr?: (text: string, kill: (s: NodeJS.Signals) => void) => void;
  } = {},
): Promise<CliRun> {
  const args = [
    'enroll',
    ...(opts.json === false ? [] : ['--json']),
    '--issuer',
    target.url,
    '--trust',
    target.trust,
    '--login-id',
    loginId,
    '--password-stdin',
  ];
  return runCliProcess(args, {
    home,
    stdin: `${opts.password ?? DEMO_PASSWORD}\n`,
    timeoutMs: RUN_TIMEOUT_MS,
    ...(opts.env ? { env: opts.env } : {}),
    ...(opts.onStderr ? { onStderr: opts.onStderr } : {}),
  });
}

async function status(target: Target, home: string): Promise<StatusJson & { exitCode: number | null }> {
  const res = await runCliProcess(['status', '--json', '--issuer', target.url, '--trust', target.trust], {
    home,
    timeoutMs: RUN_TIMEOUT_MS,
  });
  return { exitCode: res.exitCode, ...res.json<StatusJson>() };
}

function errorOf(res: CliRun): ErrorJson['error'] {
  const parsed = res.json<ErrorJson>();
  expect(parsed.ok, res.stdout).toBe(false);
  return parsed.error;
}

/** Nothing of `loginId` in the HOME's NSS database: no certificate, and no key at all. */
async function expectNothingInstalled(home: string, loginId: string): Promise<void> {
  const nss = await nssContents(home);
  expect(nss.certificateLines.filter((l) => l.includes(loginId))).toEqual([]);
  expect(await nss.serialsOf(loginId)).toEqual([]);
  expect(nss.keyLines).toEqual([]);
}

/** Exactly one certificate of `loginId` in NSS, with its key, and it is `serial`. */
async function expectInstalled(home: string, loginId: string, serial: string): Promise<void> {
  const nss = await nssContents(home);
  expect(await nss.serialsOf(loginId)).toEqual([serial]);
  expect(nss.keyLines).toHaveLength(1);
}

/** /dev/shm and tmpdir entries named like the PKCS#12 staging directories. */
async function secretDirs(): Promise<string[]> {
  const found: string[] = [];
  for (const parent of new Set(['/dev/shm', tmpdir()])) {
    for (const name of await readdir(parent).catch(() => [])) if (name.startsWith('cjs-cert-')) found.push(join(parent, name));
  }
  return found;
}

/** A staging directory of a cjs-cert process that no longer exists (left by a killed run). */
function isOrphanRunDir(path: string): boolean {
  const m = /cjs-cert-run-(\d+)-(\d+)$/.exec(path);
  if (!m || Number(m[1]) !== UID) return false;
  try {
    process.kill(Number(m[2]), 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

let secretDirsBefore: Set<string>;
beforeAll(async () => {
  secretDirsBefore = new Set(await secretDirs());
});
afterAll(async () => {
  for (const home of homes) await rm(home, { recursive: true, force: true });
});

describe('the issuer stops mid-enrollment', () => {
  let dataDir: string;
  let issuer: TestIssuer;
  let port: number;
  let mitm: EstMitm;
  let target: Target;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cjs-fault-issuer-'));
    issuer = await startTestIssuer({ dataDir });
    port = Number(new URL(issuer.estUrl).port);
    mitm = await startEstMitm({ issuerDataDir: dataDir, upstream: issuer.estUrl });
    target = { url: mitm.url, trust: issuer.tlsCaCertPath };
  });
  afterAll(async () => {
    await mitm?.close();
    await issuer?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const restart = async (): Promise<void> => {
    // Same data directory and port: the client's address (and its journal's issuer) are unchanged.
    issuer = await startTestIssuer({ dataDir, port });
  };

  it(
    'stopped before the request arrives: ISSUE-UNREACHABLE, nothing installed or issued; after the restart the retry installs',
    { timeout: 120_000 },
    async () => {
      const home = await newHome();
      mitm.setEnrollAction({ kind: 'drop-request', before: () => issuer.stop() });

      const failed = await enroll(target, home, 'user01');
      expect(failed.exitCode, failed.stderr).toBe(4);
      expect(errorOf(failed).code).toBe('ISSUE-UNREACHABLE');
      expect(errorOf(failed).message).toContain('発行元に接続できません');
      expect(mitm.log.at(-1)).toMatch(/simpleenroll -> dropped before forwarding/);
      await expectNothingInstalled(home, 'user01');
      expect(issuerCertificates(dataDir, 'user01')).toEqual([]);
      // The CSR is journaled: its answer might have been lost, so the retry must reuse it.
      expect(await journalFiles(home)).toHaveLength(1);

      // While the issuer is down, even the direct address is refused, in plain Japanese.
      const down = await enroll({ url: `https://127.0.0.1:${port}`, trust: issuer.tlsCaCertPath }, home, 'user01', { json: false });
      expect(down.exitCode).toBe(4);
      expect(down.stderr).toContain('発行元に接続できません');
      expect(down.stderr).toContain('ISSUE-REFUSED');
      await expectNothingInstalled(home, 'user01');

      await restart();
      mitm.setEnrollAction({ kind: 'pass' });
      const retry = await enroll(target, home, 'user01');
      expect(retry.exitCode, retry.stderr).toBe(0);
      const done = retry.json<EnrollJson>();
      expect(done.resumed).toBe(true);
      const issued = issuerCertificates(dataDir, 'user01');
      expect(issued).toEqual([{ serial: done.certificate.serialNumber, revoked: false }]);
      await expectInstalled(home, 'user01', done.certificate.serialNumber);
      expect(await journalFiles(home)).toEqual([]);
      const st = await status(target, home);
      expect(st.exitCode).toBe(0);
      expect(st.certificates).toMatchObject([
        { loginId: 'user01', state: 'valid', serialNumber: done.certificate.serialNumber, hasPrivateKey: true },
      ]);
    },
  );

  it(
    'stopped after issuing, before the answer reaches the PC: the retry installs the SAME certificate, the issuer holds one',
    { timeout: 120_000 },
    async () => {
      const home = await newHome();
      mitm.setEnrollAction({ kind: 'drop-answer', after: () => issuer.stop() });

      const failed = await enroll(target, home, 'user02');
      expect(failed.exitCode, failed.stderr).toBe(4);
      expect(errorOf(failed).code).toBe('ISSUE-UNREACHABLE');
      expect(mitm.log.at(-1)).toMatch(/simpleenroll -> 200 dropped/);
      await expectNothingInstalled(home, 'user02');
      const issuedBefore = issuerCertificates(dataDir, 'user02');
      expect(issuedBefore).toHaveLength(1);
      expect(await journalFiles(home)).toHaveLength(1);

      await restart();
      mitm.setEnrollAction({ kind: 'pass' });
      const retry = await enroll(target, home, 'user02');
      expect(retry.exitCode, retry.stderr).toBe(0);
      const done = retry.json<EnrollJson>();
      expect(done.resumed).toBe(true);
      expect(done.certificate.serialNumber).toBe(issuedBefore[0]!.serial);
      expect(issuerCertificates(dataDir, 'user02')).toEqual(issuedBefore);
      const view = issuer.service
        .listContracts()
        .flatMap((c) => c.users)
        .find((u) => u.loginId === 'user02');
      expect(view?.certificate).toMatchObject({ serialNumber: issuedBefore[0]!.serial, state: 'active' });
      await expectInstalled(home, 'user02', issuedBefore[0]!.serial);
      expect(await journalFiles(home)).toEqual([]);
    },
  );
});

describe('the process is killed after issuance, before the install', () => {
  let issuer: TestIssuer;
  let target: Target;
  let wrapperDir: string;

  beforeAll(async () => {
    issuer = await startTestIssuer();
    target = { url: issuer.estUrl, trust: issuer.tlsCaCertPath };
    // A pk12util that, when asked to import, SIGKILLs the cjs-cert process that started it (it
    // is spawned directly, without a shell): the run dies with the certificate issued, recorded
    // in the journal, and the PKCS#12 staged for import. `-H` (the tool check) passes through.
    const real = execFileSync('sh', ['-c', 'command -v pk12util'], { encoding: 'utf8' }).trim();
    wrapperDir = await mkdtemp(join(tmpdir(), 'cjs-fault-bin-'));
    const script = join(wrapperDir, 'pk12util');
    await writeFile(script, `#!/bin/sh\nif [ "$1" = "-i" ]; then kill -KILL "$PPID"; sleep 10; exit 1; fi\nexec '${real}' "$@"\n`);
    await chmod(script, 0o755);
  });
  afterAll(async () => {
    await issuer?.stop();
    if (wrapperDir) await rm(wrapperDir, { recursive: true, force: true });
  });

  it(
    'the next run installs the certificate the issuer recorded, without a second one, and leaves no journal',
    { timeout: 120_000 },
    async () => {
      const home = await newHome();
      let validatedBeforeKill = false;
      const killed = await enroll(target, home, 'user01', {
        json: false,
        env: { PATH: `${wrapperDir}:${process.env.PATH ?? ''}` },
        onStderr: (text) => {
          validatedBeforeKill = text.includes('✓ 発行された証明書の確認');
        },
      });
      expect(killed.signal, killed.stderr).toBe('SIGKILL');
      expect(validatedBeforeKill).toBe(true);
      expect(killed.stderr).not.toContain('✓ 証明書ストアへのインストールと確認');

      const issued = issuerCertificates(issuer.dataDir, 'user01');
      expect(issued).toHaveLength(1);
      await expectNothingInstalled(home, 'user01');
      expect(await journalFiles(home)).toHaveLength(1);
      // No finally block runs under SIGKILL: the staged PKCS#12 is still there, for the next run to remove.
      const orphans = (await secretDirs()).filter(isOrphanRunDir);
      expect(orphans.length).toBeGreaterThan(0);

      const retry = await enroll(target, home, 'user01');
      expect(retry.exitCode, retry.stderr).toBe(0);
      const done = retry.json<EnrollJson>();
      expect(done.resumed).toBe(true);
      expect(done.certificate.serialNumber).toBe(issued[0]!.serial);
      expect(issuerCertificates(issuer.dataDir, 'user01')).toEqual(issued);
      await expectInstalled(home, 'user01', issued[0]!.serial);
      expect(await journalFiles(home)).toEqual([]);
      for (const dir of orphans) expect(existsSync(dir), dir).toBe(false);
      const st = await status(target, home);
      expect(st.certificates).toMatchObject([{ loginId: 'user01', state: 'valid', serialNumber: issued[0]!.serial, hasPrivateKey: true }]);
    },
  );
});

describe('killed after issuance, then the master deletes and re-registers the login ID', () => {
  let issuer: TestIssuer;
  let target: Target;
  let wrapperDir: string;

  beforeAll(async () => {
    issuer = await startTestIssuer();
    target = { url: issuer.estUrl, trust: issuer.tlsCaCertPath };
    const real = execFileSync('sh', ['-c', 'command -v pk12util'], { encoding: 'utf8' }).trim();
    wrapperDir = await mkdtemp(join(tmpdir(), 'cjs-fault-bin-'));
    const script = join(wrapperDir, 'pk12util');
    await writeFile(script, `#!/bin/sh\nif [ "$1" = "-i" ]; then kill -KILL "$PPID"; sleep 10; exit 1; fi\nexec '${real}' "$@"\n`);
    await chmod(script, 0o755);
  });
  afterAll(async () => {
    await issuer?.stop();
    if (wrapperDir) await rm(wrapperDir, { recursive: true, force: true });
  });

  it(
    'the next run does not install the revoked certificate: it says why, requests a new one and installs that',
    { timeout: 120_000 },
    async () => {
      const home = await newHome();
      const killed = await enroll(target, home, 'user01', { env: { PATH: `${wrapperDir}:${process.env.PATH ?? ''}` } });
      expect(killed.signal, killed.stderr).toBe('SIGKILL');
      const [revoked] = issuerCertificates(issuer.dataDir, 'user01');
      expect(await journalFiles(home)).toHaveLength(1);

      const master = await issuer.service.authenticate('master01', DEMO_PASSWORD);
      issuer.service.deleteUser(master, 'user01');
      await issuer.service.addUser(master, { loginId: 'user01', password: DEMO_PASSWORD });

      const retry = await enroll(target, home, 'user01');
      expect(retry.exitCode, retry.stderr).toBe(0);
      expect(retry.stderr).toContain(`中断前に発行された電子証明書 (シリアル ${revoked!.serial}) は、その後に失効しています`);
      const done = retry.json<EnrollJson>();
      expect(done.resumed).toBe(false);
      expect(done.certificate.serialNumber).not.toBe(revoked!.serial);
      await expectInstalled(home, 'user01', done.certificate.serialNumber);
      expect(await journalFiles(home)).toEqual([]);
      const st = await status(target, home);
      expect(st.exitCode).toBe(0);
      expect(st.certificates).toMatchObject([{ loginId: 'user01', state: 'valid', serialNumber: done.certificate.serialNumber }]);
    },
  );
});

describe('killed while a renewal tidies up the superseded certificate', () => {
  let issuer: TestIssuer;
  let target: Target;
  let wrapperDir: string;

  beforeAll(async () => {
    // Renewal open from the first day, so a renewal can follow the enrollment at once.
    issuer = await startTestIssuer({ policy: { renewalWindowDays: 400 } });
    target = { url: issuer.estUrl, trust: issuer.tlsCaCertPath };
    // A certutil that deletes the key it is asked to (-F), then SIGKILLs the cjs-cert process
    // that started it: the old certificate stays, without its key, beside the renewed one.
    const real = execFileSync('sh', ['-c', 'command -v certutil'], { encoding: 'utf8' }).trim();
    wrapperDir = await mkdtemp(join(tmpdir(), 'cjs-fault-bin-'));
    const script = join(wrapperDir, 'certutil');
    await writeFile(
      script,
      `#!/bin/sh\nif [ "$1" = "-F" ]; then '${real}' "$@"; kill -KILL "$PPID"; sleep 10; exit 1; fi\nexec '${real}' "$@"\n`,
    );
    await chmod(script, 0o755);
  });
  afterAll(async () => {
    await issuer?.stop();
    if (wrapperDir) await rm(wrapperDir, { recursive: true, force: true });
  });

  it(
    'the next `status` finishes the tidy-up: only the renewed certificate is left, and renew/enroll are not refused',
    { timeout: 150_000 },
    async () => {
      const home = await newHome();
      const first = await enroll(target, home, 'user01');
      expect(first.exitCode, first.stderr).toBe(0);
      const old = first.json<EnrollJson>().certificate.serialNumber;

      const renew = await runCliProcess(
        ['renew', '--json', '--issuer', target.url, '--trust', target.trust, '--login-id', 'user01', '--password-stdin'],
        { home, stdin: `${DEMO_PASSWORD}\n`, timeoutMs: RUN_TIMEOUT_MS, env: { PATH: `${wrapperDir}:${process.env.PATH ?? ''}` } },
      );
      expect(renew.signal, renew.stderr).toBe('SIGKILL');
      expect(renew.stderr).toContain('✓ 証明書ストアへのインストールと確認');
      const renewed = issuerCertificates(issuer.dataDir, 'user01').find((c) => !c.revoked)!.serial;
      expect(renewed).not.toBe(old);
      expect((await (await nssContents(home)).serialsOf('user01')).sort()).toEqual([old, renewed].sort());

      const st = await status(target, home);
      expect(st.exitCode).toBe(0);
      expect(st.certificates).toMatchObject([{ loginId: 'user01', state: 'valid', serialNumber: renewed, hasPrivateKey: true }]);
      await expectInstalled(home, 'user01', renewed);

      // Nothing left to refuse on: enroll answers "nothing to do", and a second status changes nothing.
      const again = await enroll(target, home, 'user01');
      expect(again.exitCode, again.stderr).toBe(0);
      await expectInstalled(home, 'user01', renewed);
    },
  );
});

describe('refused before anything is issued', () => {
  let issuer: TestIssuer;
  let mitm: EstMitm;
  let target: Target;
  let bareBin: string;

  beforeAll(async () => {
    issuer = await startTestIssuer();
    // Through the MITM only to see which requests the CLI makes.
    mitm = await startEstMitm({ issuerDataDir: issuer.dataDir, upstream: issuer.estUrl });
    target = { url: mitm.url, trust: issuer.tlsCaCertPath };
    bareBin = await mkdtemp(join(tmpdir(), 'cjs-fault-bare-'));
    await symlink(process.execPath, join(bareBin, 'node'));
  });
  afterAll(async () => {
    await mitm?.close();
    await issuer?.stop();
    if (bareBin) await rm(bareBin, { recursive: true, force: true });
  });

  it('the store tool is missing: STORE-TOOL-MISSING with install advice, exit 5, no key, no request', { timeout: 90_000 }, async () => {
    const home = await newHome();
    const env = { PATH: bareBin };
    const json = await enroll(target, home, 'user01', { env });
    expect(json.exitCode, json.stdout).toBe(5);
    const error = errorOf(json);
    expect(error.code).toBe('STORE-TOOL-MISSING');
    expect(error.advice).toContain('libnss3-tools');

    const text = await enroll(target, home, 'user01', { env, json: false });
    expect(text.exitCode).toBe(5);
    expect(text.stderr).toContain('証明書ストアのツールがありません');
    expect(text.stderr).toContain('libnss3-tools');
    expect(text.stderr).toContain('STORE-TOOL-MISSING');
    expect(text.stderr).not.toContain('鍵ペアの生成');

    // The pre-check runs first: not even the CA was asked for, no key was made.
    expect(mitm.log).toEqual([]);
    expect(issuerCertificates(issuer.dataDir, 'user01')).toEqual([]);
    expect(await journalFiles(home)).toEqual([]);
    expect(existsSync(nssDir(home))).toBe(false);
  });

  it('a wrong password: CJS-E-AUTH, exit 3, nothing changed on the PC or at the issuer, no journal left', { timeout: 90_000 }, async () => {
    const home = await newHome();
    const userView = () =>
      issuer.service
        .listContracts()
        .flatMap((c) => c.users)
        .find((u) => u.loginId === 'user02');
    const before = userView();
    expect(before).toMatchObject({ certificate: null, locked: false });

    const json = await enroll(target, home, 'user02', { password: 'not-the-password' });
    expect(json.exitCode, json.stderr).toBe(3);
    expect(errorOf(json).code).toBe('CJS-E-AUTH');

    const text = await enroll(target, home, 'user02', { password: 'not-the-password', json: false });
    expect(text.exitCode).toBe(3);
    expect(text.stderr).toContain('ログイン ID またはパスワードが正しくありません');
    expect(text.stderr).toContain('CJS-E-AUTH');

    expect(userView()).toEqual(before);
    expect(issuerCertificates(issuer.dataDir, 'user02')).toEqual([]);
    await expectNothingInstalled(home, 'user02');
    // The refused key never got a certificate: its journal (and the key in it) is gone.
    expect(await journalFiles(home)).toEqual([]);
  });
});

describe('a tampered answer is rejected and nothing is installed', () => {
  let issuer: TestIssuer;
  let mitm: EstMitm;
  let target: Target;
  let realCa: CertificateInfo;

  beforeAll(async () => {
    issuer = await startTestIssuer();
    mitm = await startEstMitm({ issuerDataDir: issuer.dataDir, upstream: issuer.estUrl });
    target = { url: mitm.url, trust: issuer.tlsCaCertPath };
    realCa = readCertificate(await readFile(issuer.caCertPath, 'utf8'));
    // Each variant is issued for real (one certificate per user): a login ID each.
    const master = await issuer.service.authenticate('master01', DEMO_PASSWORD);
    for (const loginId of ['user03', 'user04']) await issuer.service.addUser(master, { loginId, password: DEMO_PASSWORD });
  });
  afterAll(async () => {
    await mitm?.close();
    await issuer?.stop();
  });

  const leafOf = (body: Buffer): CertificateInfo => readCertificate(decodeCertsOnly(decodeBase64Strict(body.toString('latin1')))[0]!);
  const answerWith = (der: Buffer): Buffer => Buffer.from(encodeBase64Lines(encodeCertsOnly([der])), 'latin1');
  const signLike = async (
    leaf: CertificateInfo,
    authority: { certificate: CertificateInfo; privateKey: ReturnType<typeof createPrivateKey> },
    publicKey = leaf.publicKey,
  ) =>
    issueCertificate({
      authority,
      publicKey,
      subjectCommonName: leaf.subjectCommonName!,
      serialNumber: randomSerialNumber(),
      notBefore: leaf.notBefore,
      notAfter: leaf.notAfter,
      profile: { kind: 'tls-client' },
    });

  /** The genuine leaf re-signed by the real CA with CA powers added: everything else is right. */
  const withCaPowers = async (leaf: CertificateInfo, powers: { ca: boolean; keyUsage: number }) =>
    forgeCertificate({
      subject: { cn: leaf.subjectCommonName! },
      issuer: realCa.der,
      publicKey: leaf.publicKey,
      signingKey: createPrivateKey(await readFile(join(issuer.dataDir, 'ca-key.pem'), 'utf8')),
      ca: powers.ca,
      keyUsage: powers.keyUsage,
      extendedKeyUsage: [EKU_CLIENT_AUTH],
      notBefore: leaf.notBefore,
      notAfter: leaf.notAfter,
    });

  const variants: { name: string; loginId: string; code: string; rewrite: (body: Buffer) => Promise<Buffer> }[] = [
    {
      name: 'a certificate for another key (signed by the real CA)',
      loginId: 'user01',
      code: 'ISSUE-WRONG-KEY',
      rewrite: async (body) => {
        const realCaKey = createPrivateKey(await readFile(join(issuer.dataDir, 'ca-key.pem'), 'utf8'));
        const other = await generateKeyPair('rsa-2048');
        return answerWith(await signLike(leafOf(body), { certificate: realCa, privateKey: realCaKey }, other.publicKey));
      },
    },
    {
      name: 'a certificate for our key from another CA with the same name',
      loginId: 'user02',
      code: 'ISSUE-WRONG-ISSUER',
      rewrite: async (body) => {
        const keyPair = await generateKeyPair('rsa-2048');
        const fakeCa = readCertificate(
          await createSelfSignedCa({
            keyPair,
            commonName: realCa.subjectCommonName!,
            organization: 'Rokin CJS reference service',
            notBefore: realCa.notBefore,
            notAfter: realCa.notAfter,
          }),
        );
        expect(fakeCa.subject).toBe(realCa.subject);
        return answerWith(await signLike(leafOf(body), { certificate: fakeCa, privateKey: keyPair.privateKey }));
      },
    },
    {
      name: 'a certificate for our key with CA:TRUE (signed by the real CA)',
      loginId: 'user03',
      code: 'ISSUE-LEAF-IS-CA',
      rewrite: async (body) => answerWith(await withCaPowers(leafOf(body), { ca: true, keyUsage: KEY_USAGE.digitalSignature })),
    },
    {
      name: 'a certificate for our key with keyCertSign (signed by the real CA)',
      loginId: 'user04',
      code: 'ISSUE-LEAF-IS-CA',
      rewrite: async (body) =>
        answerWith(await withCaPowers(leafOf(body), { ca: false, keyUsage: KEY_USAGE.digitalSignature | KEY_USAGE.keyCertSign })),
    },
    {
      name: 'garbage instead of PKCS#7',
      loginId: 'master01',
      code: 'ISSUE-BAD-RESPONSE',
      rewrite: (body) => Promise.resolve(Buffer.from(Buffer.from(`not a PKCS#7 bundle ${body.length}`).toString('base64'), 'latin1')),
    },
  ];

  for (const variant of variants) {
    it(
      `${variant.name}: ${variant.code}, exit 6, nothing in NSS; a clean retry installs the genuine certificate`,
      { timeout: 120_000 },
      async () => {
        const home = await newHome();
        mitm.setEnrollAction({ kind: 'rewrite', rewrite: variant.rewrite });
        const res = await enroll(target, home, variant.loginId);
        expect(mitm.log.at(-1)).toMatch(/simpleenroll -> 200 rewritten/);
        expect(res.exitCode, res.stdout + res.stderr).toBe(6);
        const error = errorOf(res);
        expect(error.code).toBe(variant.code);
        expect(error.message).toMatch(/何もインストールしていません/);
        await expectNothingInstalled(home, variant.loginId);

        // The issuer did issue for our CSR (the MITM replaced its answer): the journal keeps the
        // key, so the next run over a clean connection gets that certificate instead of being
        // refused as a second one.
        const issued = issuerCertificates(issuer.dataDir, variant.loginId);
        expect(issued).toHaveLength(1);
        expect(await journalFiles(home)).toHaveLength(1);
        mitm.setEnrollAction({ kind: 'pass' });
        const retry = await enroll(target, home, variant.loginId);
        expect(retry.exitCode, retry.stderr).toBe(0);
        expect(retry.json<EnrollJson>()).toMatchObject({ resumed: true, certificate: { serialNumber: issued[0]!.serial } });
        expect(issuerCertificates(issuer.dataDir, variant.loginId)).toEqual(issued);
        await expectInstalled(home, variant.loginId, issued[0]!.serial);
        expect(await journalFiles(home)).toEqual([]);
      },
    );
  }
});

describe('after every fault above', () => {
  it('no PKCS#12, key or journal is left anywhere', { timeout: 30_000 }, async () => {
    expect(homes.length).toBeGreaterThanOrEqual(8);
    for (const home of homes) {
      expect(await journalFiles(home), home).toEqual([]);
      expect(await filesMatching(home, /\.(p12|pfx|key|journal)$|^cjs-cert-/i), home).toEqual([]);
    }
    // Staging directories that appeared during this file. Other test files running in parallel
    // stage their own briefly; a leak is one still there a moment later whose process is gone.
    const appeared = (await secretDirs()).filter((d) => !secretDirsBefore.has(d));
    let leaked = appeared;
    if (appeared.length > 0) {
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const still = new Set(await secretDirs());
      leaked = appeared.filter((d) => still.has(d) && (isOrphanRunDir(d) || !/cjs-cert-run-/.test(d)));
    }
    expect(leaked).toEqual([]);
  });
});
