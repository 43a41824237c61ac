// An issuer address that answers with an HTTP error and no problem+json code (ISSUE-HTTP-STATUS):
// a 5xx is the issuing service itself failing, which only the bank's side can mend, so the user
// quotes the code to the bank; a 404 (a wrong address) is not the bank's. Real HTTPS servers on
// 127.0.0.1 with a trusted certificate, the real command in a throw-away HOME.
import { rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpsServer } from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshHome, runCliProcess, type CliRun } from '../../helpers/cli-process';
import { LoopbackServers } from '../../helpers/loopback-servers';
import { createLoopbackTlsIdentity } from '../../helpers/loopback-tls';

const TIMEOUT_MS = 45_000;
const servers = new LoopbackServers();
let home: string;
let trustFile: string;
let unavailableUrl: string;
let notFoundUrl: string;

/** A server on 127.0.0.1 that answers every request with `status` and an HTML page. */
async function htmlServer(tls: { cert: string; key: string }, status: number): Promise<string> {
  const server = createHttpsServer(tls, (_req, res) => res.writeHead(status, { 'content-type': 'text/html' }).end('<html>error</html>'));
  return `https://127.0.0.1:${await servers.listen(server)}`;
}

beforeAll(async () => {
  home = await freshHome('cjs-http-status-');
  const { caPem, tls } = await createLoopbackTlsIdentity('CJS HTTP Status Test Root');
  trustFile = join(home, 'test-root.pem');
  await writeFile(trustFile, caPem);
  unavailableUrl = await htmlServer(tls, 503);
  notFoundUrl = await htmlServer(tls, 404);
});

afterAll(async () => {
  await servers.closeAll();
  if (home) await rm(home, { recursive: true, force: true });
});

function status(issuerUrl: string, extra: readonly string[] = []): Promise<CliRun> {
  return runCliProcess(['status', '--issuer', issuerUrl, '--trust', trustFile, ...extra], { home, timeoutMs: TIMEOUT_MS });
}

describe('the issuer answers with an HTTP error and no problem code', { timeout: 60_000 }, () => {
  it('503: the bank acts, the code is to be quoted to the bank, the status is named', async () => {
    const res = await status(unavailableUrl);
    expect(res.exitCode, res.stderr).toBe(4);
    expect(res.stderr).toContain('エラー: 発行元がエラー (HTTP 503) を返しました。');
    expect(res.stderr).toContain('エラーコード: ISSUE-HTTP-STATUS (労金へのお問い合わせの際にお伝えください)');
    expect(res.stderr).toContain('対応する人: 労金');
    expect(res.stderr).not.toContain('IT 担当者');
    const json = await status(unavailableUrl, ['--json']);
    expect(json.json()).toMatchObject({ ok: false, error: { code: 'ISSUE-HTTP-STATUS', actor: 'bank', params: { status: 503 } } });
  });

  it('404: not the bank’s (a wrong address): no "quote it to the bank"', async () => {
    const res = await status(notFoundUrl);
    expect(res.exitCode, res.stderr).toBe(4);
    expect(res.stderr).toContain('エラー: 発行元がエラー (HTTP 404) を返しました。');
    expect(res.stderr).toContain('エラーコード: ISSUE-HTTP-STATUS\n');
    expect(res.stderr).toContain('対応する人: IT 担当者');
    expect(res.stderr).not.toContain('労金');
  });
});
