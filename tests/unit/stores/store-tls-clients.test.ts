// The factory, the checks every backend makes before running anything, and macOS's typed refusal.
import { describe, expect, it } from 'vitest';
import { IssuingError } from '../../../electron/core/issuing/errors';
import { MacKeychainStore, NssStore, WindowsCertStore } from '../../../electron/core/stores';
import {
  createStoreTlsClient,
  MacTlsClient,
  NssTlsClient,
  StoreTlsError,
  WindowsTlsClient,
  type StoreTlsRequest,
} from '../../../electron/core/stores/client-certificate-transport';
import { fakeRunner } from './fake-runner';

const THUMBPRINT = 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678';

function request(overrides: Partial<StoreTlsRequest> = {}): StoreTlsRequest {
  return {
    url: new URL('https://issuer.example/.well-known/est/simplereenroll'),
    method: 'POST',
    headers: { 'Content-Type': 'application/pkcs10' },
    body: Buffer.from('x'),
    certificate: { store: 'macos', handle: THUMBPRINT, thumbprintSha1: THUMBPRINT },
    timeoutMs: 1000,
    trust: { extraCaPem: [] },
    ...overrides,
  };
}

describe('createStoreTlsClient', () => {
  it('gives the backend of the store, NSS on the store’s own database', () => {
    expect(createStoreTlsClient('nss')).toBeInstanceOf(NssTlsClient);
    expect(createStoreTlsClient(new WindowsCertStore())).toBeInstanceOf(WindowsTlsClient);
    expect(createStoreTlsClient(new MacKeychainStore({ home: '/nonexistent' }))).toBeInstanceOf(MacTlsClient);
    expect(createStoreTlsClient(new NssStore({ dbDir: '/tmp/some db' })).kind).toBe('nss');
  });
});

describe('the checks before anything runs', () => {
  it.each([
    ['http://', { url: new URL('http://issuer.example/x') }, 'ISSUE-HTTP-URL'],
    ['user:password in the URL', { url: new URL('https://u:p@issuer.example/x') }, 'ISSUE-BAD-URL'],
    ['a header with a line break', { headers: { 'X-A': 'a\r\nInjected: 1' } }, 'ISSUE-BAD-URL'],
    ['a header name that is not a token', { headers: { 'X A': 'a' } }, 'ISSUE-BAD-URL'],
    ['a Host header of its own', { headers: { host: 'elsewhere' } }, 'ISSUE-BAD-URL'],
    ['a Content-Length of its own', { headers: { 'Content-Length': '0' } }, 'ISSUE-BAD-URL'],
  ] as const)('refuses %s', async (_what, overrides, code) => {
    const { runner, calls } = fakeRunner(() => ({}));
    const client = createStoreTlsClient('windows', { runner });
    const error = await client
      .request(request({ ...overrides, certificate: { store: 'windows', handle: THUMBPRINT, thumbprintSha1: THUMBPRINT } }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IssuingError);
    expect(error).toMatchObject({ code });
    expect(calls).toHaveLength(0);
  });

  it('refuses a certificate of another store as "needs the password"', async () => {
    const error = await createStoreTlsClient('windows', { runner: fakeRunner(() => ({})).runner })
      .request(request())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreTlsError);
    expect(error).toMatchObject({ code: 'RENEW-NEEDS-PASSWORD', reason: 'certificate-missing' });
  });

  it('says NSS has no certificate when there is no database, without running tstclnt', async () => {
    const { runner, calls } = fakeRunner(() => ({}));
    const client = createStoreTlsClient('nss', { runner, nssDbDir: '/nonexistent/nssdb' });
    const error = await client
      .request(request({ certificate: { store: 'nss', handle: 'nick', thumbprintSha1: THUMBPRINT } }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'RENEW-NEEDS-PASSWORD', reason: 'certificate-missing' });
    expect(calls).toHaveLength(0);
  });
});

describe('macOS', () => {
  it('answers "needs the password" (unsupported), typed, with ja/en texts, and after the URL checks', async () => {
    const error = await new MacTlsClient().request(request()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreTlsError);
    expect(error).toMatchObject({ code: 'RENEW-NEEDS-PASSWORD', reason: 'unsupported', actor: 'user', params: { reason: 'unsupported' } });
    await expect(new MacTlsClient().request(request({ url: new URL('http://issuer.example/') }))).rejects.toMatchObject({
      code: 'ISSUE-HTTP-URL',
    });
  });
});
