import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateKeyPair, toPem, type SigningAuthority } from '../../../electron/core/pki';
import { loadAuthority } from '../../../issuer/src/ca/load-authority';
import { makeAuthority, makeDataDir } from './issuer-fixture';

let authority: SigningAuthority;
let dataDir: string;

beforeAll(async () => {
  authority = await makeAuthority();
});
beforeEach(async () => {
  dataDir = await makeDataDir();
  await writeFile(join(dataDir, 'ca.pem'), toPem('CERTIFICATE', authority.certificate.der));
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

describe('loadAuthority', () => {
  it('reads ca.pem and ca-key.pem (PKCS#8)', async () => {
    await writeFile(join(dataDir, 'ca-key.pem'), authority.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const loaded = await loadAuthority(dataDir);
    expect(loaded.certificate.serialNumber).toBe(authority.certificate.serialNumber);
    expect(loaded.privateKey.asymmetricKeyType).toBe('ec');
  });

  it('refuses a key that does not belong to the certificate', async () => {
    const other = await generateKeyPair('ecdsa-p256');
    await writeFile(join(dataDir, 'ca-key.pem'), other.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await expect(loadAuthority(dataDir)).rejects.toThrow(/not the key of the CA certificate/);
  });

  it('fails clearly when the key file is missing', async () => {
    await expect(loadAuthority(dataDir)).rejects.toThrow(/ca-key\.pem/);
  });
});
