// The built screens (dist/renderer) served by URL path: one resolver for both transports — the
// app:// protocol handler in Electron and the https://app.test route of the browser tests.
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { APP_CSP } from './content-security-policy';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file a URL path names inside `root`, or undefined when it would leave `root` (`..`,
 * encoded separators, backslashes, NUL) or cannot be decoded. `/` is the entry page.
 */
export function resolveAppPath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return undefined;
  if (decoded.split('/').some((segment) => segment === '..')) return undefined;
  const base = resolve(root);
  const file = resolve(base, `.${decoded === '/' ? '/index.html' : decoded}`);
  return file.startsWith(base + sep) ? file : undefined;
}

export interface AppFileResponse {
  readonly status: 200 | 400 | 404 | 405;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

const COMMON_HEADERS = {
  'content-security-policy': APP_CSP,
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-cache',
} as const;

/** An empty answer with the CSP: nothing of the build, nothing about the file system. */
export function refusal(status: 400 | 404 | 405): AppFileResponse {
  return { status, headers: { ...COMMON_HEADERS, 'content-type': 'text/plain; charset=utf-8' }, body: Buffer.alloc(0) };
}

/** Answers GET/HEAD of a URL path from `root`: the file with its type and the CSP, or a refusal. */
export async function serveAppFile(root: string, method: string, urlPath: string): Promise<AppFileResponse> {
  if (method !== 'GET' && method !== 'HEAD') return refusal(405);
  const file = resolveAppPath(root, urlPath);
  if (!file) return refusal(400);
  try {
    if (!(await stat(file)).isFile()) return refusal(404);
    const body = await readFile(file);
    return {
      status: 200,
      headers: { ...COMMON_HEADERS, 'content-type': contentTypeOf(file) },
      body: method === 'HEAD' ? Buffer.alloc(0) : body,
    };
  } catch {
    return refusal(404);
  }
}
