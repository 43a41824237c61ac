// The app:// scheme and the test route serve the build through one resolver: nothing outside
// dist/renderer may come out of it, whatever the URL path says.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentTypeOf, resolveAppPath, serveAppFile } from '../../../electron/main/app-files';
import { appProtocolHandler } from '../../../electron/main/app-protocol';
import { APP_CSP } from '../../../electron/main/content-security-policy';

let parent: string;
let root: string;
beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), 'app-files-'));
  root = join(parent, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>app</title>');
  await writeFile(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  await writeFile(join(parent, 'outside.txt'), 'not part of the build');
});
afterAll(async () => {
  await rm(parent, { recursive: true, force: true });
});

describe('resolveAppPath', () => {
  it('maps / to the entry page and paths to files of the build', () => {
    expect(resolveAppPath(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveAppPath(root, '/assets/index-abc.js')).toBe(join(root, 'assets', 'index-abc.js'));
    expect(resolveAppPath(root, '/assets/%E3%81%82.png')).toBe(join(root, 'assets', 'あ.png'));
  });

  it.each([
    '/../outside.txt',
    '/assets/../../outside.txt',
    '/%2e%2e/outside.txt',
    '/%2E%2E%2Foutside.txt',
    '/..%2f..%2fetc%2fpasswd',
    '/assets%5c..%5c..%5coutside.txt',
    '/index.html%00.png',
    '/%E0%A4%A',
    'relative.txt',
  ])('refuses %s', (path) => {
    expect(resolveAppPath(root, path)).toBeUndefined();
  });
});

describe('serveAppFile', () => {
  it('serves a file with its content type and the CSP', async () => {
    const res = await serveAppFile(root, 'GET', '/assets/index-abc.js');
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('console.log(1)');
    expect(res.headers).toMatchObject({
      'content-type': 'text/javascript; charset=utf-8',
      'content-security-policy': APP_CSP,
      'x-content-type-options': 'nosniff',
    });
  });

  it('answers 404 for a missing file or a directory, 400 for a traversal, 405 for POST', async () => {
    expect((await serveAppFile(root, 'GET', '/missing.js')).status).toBe(404);
    expect((await serveAppFile(root, 'GET', '/assets')).status).toBe(404);
    const traversal = await serveAppFile(root, 'GET', '/%2e%2e/outside.txt');
    expect(traversal.status).toBe(400);
    expect(traversal.body.length).toBe(0);
    expect((await serveAppFile(root, 'POST', '/index.html')).status).toBe(405);
  });

  it('knows the types the build emits', () => {
    expect(contentTypeOf('a.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeOf('a.CSS')).toBe('text/css; charset=utf-8');
    expect(contentTypeOf('a.woff2')).toBe('font/woff2');
    expect(contentTypeOf('a.svg')).toBe('image/svg+xml');
    expect(contentTypeOf('a.unknown')).toBe('application/octet-stream');
  });
});

describe('appProtocolHandler', () => {
  it('serves app://cjs/ from the build', async () => {
    const res = await appProtocolHandler(root)(new Request('app://cjs/'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(await res.text()).toContain('<title>app</title>');
  });

  it('refuses another host', async () => {
    expect((await appProtocolHandler(root)(new Request('app://evil/index.html'))).status).toBe(404);
  });

  it.each(['app://cjs/%2e%2e/outside.txt', 'app://cjs/..%2foutside.txt', 'app://cjs/assets/..%2F..%2Foutside.txt'])(
    'never serves a file outside the build for %s',
    async (url) => {
      const res = await appProtocolHandler(root)(new Request(url));
      expect([400, 404]).toContain(res.status);
      expect(await res.text()).toBe('');
    },
  );
});
