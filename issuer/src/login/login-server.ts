import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { isIssuedBy, readCertificate, toPem, validityAt, type CertificateInfo } from '../../../electron/core/pki';
import { PROBLEM_CODES, type ProblemCode } from '../../../electron/contract/problem-codes';
import type { IssuingServiceApi } from '../domain/api';
import type { Clock } from '../domain/clock';
import { ConnectionGuard, type ReapLog } from '../http/connection-guard';
import { serverCreationOptions, type ConnectionLimits } from '../http/connection-limits';
import { PROBLEM_CONTENT_TYPE, problemBody } from '../http/problem';
import { bodyStillExpected } from '../http/unread-body';

export interface LoginServerOptions {
  readonly service: IssuingServiceApi;
  readonly clock: Clock;
  readonly issuingCa: CertificateInfo;
  readonly tls: { readonly certPem: string; readonly keyPem: string };
  readonly limits: ConnectionLimits;
  readonly log: ReapLog;
}

type LoginOutcome =
  | { readonly ok: true; readonly loginId: string; readonly cert: CertificateInfo }
  | { readonly ok: false; readonly status: number; readonly code: ProblemCode; readonly detail: string; readonly detailJa: string };

/**
 * The stand-in for the payroll system's login page: an HTTPS listener that asks for a client
 * certificate of this CA and answers with the login ID it belongs to.
 *
 * The TLS layer requests a certificate but does not reject (rejectUnauthorized: false) so that
 * a refusal arrives as a readable page with a code, as the real system's error pages do (FAQ
 * Q17, Q19), instead of a bare TLS alert. Chain, validity and revocation are checked per
 * request against the database, so a revocation takes effect on the very next request.
 */
export function createLoginServer(opts: LoginServerOptions): Server {
  const server = createServer(
    {
      ...serverCreationOptions(opts.limits),
      key: opts.tls.keyPem,
      cert: opts.tls.certPem,
      ca: [toPem('CERTIFICATE', opts.issuingCa.der)],
      requestCert: true,
      rejectUnauthorized: false,
      minVersion: 'TLSv1.2',
    },
    (req, res) => {
      try {
        respond(req, res, judge(req.socket as TLSSocket, opts));
      } catch {
        respond(req, res, {
          ok: false,
          status: 500,
          code: PROBLEM_CODES.INTERNAL,
          detail: 'The login check failed.',
          detailJa: 'ログインの確認中にエラーが発生しました。',
        });
      }
    },
  );
  const guard = new ConnectionGuard('login', opts.limits, opts.log);
  guard.attach(server);
  server.on('clientError', guard.onClientError);
  return server;
}

function judge(socket: TLSSocket, opts: LoginServerOptions): LoginOutcome {
  const peer = socket.getPeerCertificate();
  if (!peer || !('raw' in peer) || !peer.raw) {
    return {
      ok: false,
      status: 401,
      code: PROBLEM_CODES.NO_CLIENT_CERT,
      detail: 'No client certificate was presented.',
      detailJa: '電子証明書が提示されませんでした。電子証明書を取得してください。',
    };
  }
  const cert = readCertificate(peer.raw);
  if (!isIssuedBy(cert, opts.issuingCa)) {
    return {
      ok: false,
      status: 403,
      code: PROBLEM_CODES.UNKNOWN_CERT,
      detail: 'The certificate was not issued by this system.',
      detailJa: 'この電子証明書は本システムのものではありません。ブラウザをすべて閉じ、正しい電子証明書を選択してください。',
    };
  }
  const validity = validityAt(cert, opts.clock.now());
  if (validity !== 'valid') {
    return {
      ok: false,
      status: 403,
      code: PROBLEM_CODES.CERT_EXPIRED,
      detail: `The certificate is ${validity}.`,
      detailJa: '電子証明書の有効期限が切れています。ログインIDとパスワードで電子証明書を再取得してください。',
    };
  }
  const state = opts.service.certificateStatus(cert.serialNumber);
  if (state.status === 'revoked') {
    return {
      ok: false,
      status: 403,
      code: PROBLEM_CODES.CERT_REVOKED,
      detail: 'The certificate has been revoked.',
      detailJa: 'この電子証明書は失効しています。電子証明書を再発行してください。',
    };
  }
  if (state.status !== 'good') {
    return {
      ok: false,
      status: 403,
      code: PROBLEM_CODES.UNKNOWN_CERT,
      detail: 'The certificate is not known to this system.',
      detailJa: 'この電子証明書は本システムに登録されていません。',
    };
  }
  return { ok: true, loginId: state.loginId, cert };
}

function respond(req: IncomingMessage, res: ServerResponse, outcome: LoginOutcome): void {
  const wantsHtml = (req.headers.accept ?? '').includes('text/html');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // The login page reads no body: one that is still on its way must not keep the connection.
  if (bodyStillExpected(req)) res.setHeader('Connection', 'close');
  if (outcome.ok) {
    const body = { loginId: outcome.loginId, serialNumber: outcome.cert.serialNumber, notAfter: outcome.cert.notAfter.toISOString() };
    if (wantsHtml)
      return sendHtml(
        res,
        200,
        `ログインしました / Logged in`,
        `<p>ログインID: <strong id="login-id">${escapeHtml(outcome.loginId)}</strong></p><p>有効期限: ${escapeHtml(body.notAfter)}</p><p>シリアル番号: <code id="serial">${escapeHtml(body.serialNumber)}</code></p>`,
      );
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
    return;
  }
  if (wantsHtml) {
    return sendHtml(
      res,
      outcome.status,
      'ログインできません / Login refused',
      `<p id="error-detail">${escapeHtml(outcome.detailJa)}</p><p>${escapeHtml(outcome.detail)}</p><p>エラーコード: <code id="error-code">${outcome.code}</code></p>`,
    );
  }
  res
    .writeHead(outcome.status, { 'Content-Type': PROBLEM_CONTENT_TYPE })
    .end(JSON.stringify(problemBody(outcome.code, outcome.status, outcome.detail)));
}

function sendHtml(res: ServerResponse, status: number, title: string, body: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': "default-src 'none'",
  });
  res.end(
    `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`,
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
