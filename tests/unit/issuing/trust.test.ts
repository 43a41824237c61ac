// What the issuing connection trusts: Node's bundled roots, the operating system's roots (an
// HTTPS-inspecting proxy's root that IT installed), the Linux bundle and the configured files —
// and, where the running Node cannot read the OS store (Node 20), everything else as before.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCaList, readOsRoots } from '../../../electron/core/issuing/trust';
import { createLoopbackTlsIdentity } from '../../helpers/loopback-tls';

let dir: string;
let companyRoot: string;
let otherRoot: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cjs-trust-'));
  companyRoot = (await createLoopbackTlsIdentity('Company Inspection Root')).caPem;
  otherRoot = (await createLoopbackTlsIdentity('Configured Root')).caPem;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const noOsRoots = () => undefined;

describe('buildCaList', () => {
  it("keeps Node's bundled roots, adds the Linux system bundle when present, then the configured files", async () => {
    const bundle = join(dir, 'ca-certificates.crt');
    await writeFile(bundle, 'SYSTEM-BUNDLE');
    const list = await buildCaList({ platform: 'linux', systemBundlePath: bundle, extraCaPem: ['EXTRA'], systemRoots: noOsRoots });
    expect(list.slice(0, rootCertificates.length)).toEqual([...rootCertificates]);
    expect(list.slice(rootCertificates.length)).toEqual(['SYSTEM-BUNDLE', 'EXTRA']);
    const absent = await buildCaList({ platform: 'linux', systemBundlePath: join(dir, 'absent.crt'), systemRoots: noOsRoots });
    expect(absent).toHaveLength(rootCertificates.length);
    expect(await buildCaList({ platform: 'win32', systemBundlePath: bundle, extraCaPem: ['EXTRA'], systemRoots: noOsRoots })).toEqual([
      ...rootCertificates,
      'EXTRA',
    ]);
  });

  it("adds the operating system's roots after the bundled ones, each certificate once", async () => {
    const list = await buildCaList({
      platform: 'win32',
      systemRoots: () => [rootCertificates[0]!, companyRoot, companyRoot.replaceAll('\n', '\r\n')],
      extraCaPem: [otherRoot + companyRoot],
    });
    expect(list).toEqual([...rootCertificates, companyRoot, otherRoot]);
  });

  it('splits the Linux bundle into certificates, so a root it shares with the OS list is there once', async () => {
    const bundle = join(dir, 'with-company-root.crt');
    await writeFile(bundle, `${companyRoot}${otherRoot}`);
    const list = await buildCaList({ platform: 'linux', systemBundlePath: bundle, systemRoots: () => [companyRoot] });
    expect(list.slice(rootCertificates.length)).toEqual([companyRoot, otherRoot]);
  });
});

describe('readOsRoots', () => {
  it("asks Node for the 'system' roots where it can (Node ≥ 22.15, Electron's Node)", () => {
    const asked: unknown[] = [];
    const roots = readOsRoots({ getCACertificates: (type) => (asked.push(type), [companyRoot]) });
    expect(roots).toEqual([companyRoot]);
    expect(asked).toEqual(['system']);
  });

  it('has nothing on Node 20 (no getCACertificates) or when the store cannot be read', () => {
    expect(readOsRoots({})).toBeUndefined();
    const broken = () => {
      throw new Error('keychain locked');
    };
    expect(readOsRoots({ getCACertificates: broken })).toBeUndefined();
  });
});
