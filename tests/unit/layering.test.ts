// The architecture's layers (docs/architecture.md) are lint rules: prove a forbidden import fails.
import { ESLint } from 'eslint';
import { join } from 'node:path';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
// The probe files do not exist on disk, so type-aware rules (which need the TS project) are off;
// the layering rules under test work on resolved import paths, not on types.
const eslint = new ESLint({ cwd: ROOT, overrideConfig: tseslint.configs.disableTypeChecked });

async function layerErrors(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport {};\n`, { filePath: join(ROOT, file) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'import-x/no-restricted-paths' || m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

describe('layering rules', () => {
  it.each([
    ['electron/core/pki/probe.ts', "import 'electron';", /Only electron\/main/],
    ['electron/core/pki/probe.ts', "import 'zustand';", /renderer/],
    ['electron/core/pki/probe.ts', "import '../../../issuer/src/service';", /core never depends/],
    ['electron/contract/probe.ts', "import '../core/pki';", /contract imports nothing/],
    ['electron/contract/probe.ts', "import 'electron';", /Only electron\/main/],
    ['issuer/src/probe.ts', "import 'react';", /renderer/],
    ['renderer/probe.ts', "import '../electron/core/pki';", /contract types only/],
    ['cli/probe.ts', "import '../issuer/src/service';", /separate program/],
    // The issuer shares the pure PKI functions only: the client's stores, platform code and
    // workflow would tie the bank's server to the PC's OS and secrets.
    ['issuer/src/probe.ts', "import '../../electron/core/stores';", /shares only electron\/core\/pki/],
    [
      'issuer/src/domain/probe.ts',
      "import { parseCertutilList } from '../../../electron/core/stores/nss-store';",
      /shares only electron\/core\/pki/,
    ],
    ['issuer/src/probe.ts', "import '../../electron/core/platform/process-runner';", /shares only electron\/core\/pki/],
    ['issuer/src/probe.ts', "import '../../electron/core/config';", /shares only electron\/core\/pki/],
    ['issuer/src/http/probe.ts', "import '../../../electron/core/issuing';", /shares only electron\/core\/pki/],
    ['issuer/src/probe.ts', "import '../../cli/services';", /imports nothing of the app/],
  ])('%s may not %s', async (file, source, message) => {
    const errors = await layerErrors(file, source);
    expect(errors.some((m) => message.test(m))).toBe(true);
  });

  it.each([
    ['issuer/src/probe.ts', "import '../../electron/core/pki';"],
    ['issuer/src/probe.ts', "import '../../electron/contract/problem-codes';"],
    ['cli/probe.ts', "import '../electron/core/pki';"],
    ['electron/core/pki/probe.ts', "import '../../contract/problem-codes';"],
  ])('%s may %s', async (file, source) => {
    expect(await layerErrors(file, source)).toEqual([]);
  });
});
