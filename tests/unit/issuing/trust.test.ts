import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { buildCaList } from '../../../electron/core/issuing';

describe('buildCaList', () => {
  it("keeps Node's bundled roots, adds the Linux system bundle when present, then the configured files", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cjs-trust-'));
    try {
      const bundle = join(dir, 'ca-certificates.crt');
      await writeFile(bundle, 'SYSTEM-BUNDLE');
      const list = await buildCaList({ platform: 'linux', systemBundlePath: bundle, extraCaPem: ['EXTRA'] });
      expect(list.slice(0, rootCertificates.length)).toEqual([...rootCertificates]);
      expect(list.slice(rootCertificates.length)).toEqual(['SYSTEM-BUNDLE', 'EXTRA']);
      expect(await buildCaList({ platform: 'linux', systemBundlePath: join(dir, 'absent.crt') })).toHaveLength(rootCertificates.length);
      expect(await buildCaList({ platform: 'win32', systemBundlePath: bundle, extraCaPem: ['EXTRA'] })).toEqual([
        ...rootCertificates,
        'EXTRA',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
