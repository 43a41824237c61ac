import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Writable } from 'node:stream';
import { z } from 'zod';
import type { TLSSocket } from 'node:tls';
import { decodeBase64Strict, encodeBase64Lines, encodeCertsOnly, PkiError, toPem } from '../../../electron/core/pki';
import { PROBLEM_CODES } from '../../../electron/contract/problem-codes';
import type { AuthenticatedUser, IssuingServiceApi } from '../domain/api';
import { IssuerError } from '../domain/errors';
import { parseBasicAuth, WWW_AUTHENTICATE } from './basic-auth';
import { canonicalHeaderCase } from './canonical-headers';
import { ConnectionGuard, type ReapLog } from './connection-guard';
import { serverCreationOptions, type ConnectionLimits } from './connection-limits';
import { PROBLEM_CONTENT_TYPE, problemBody, problemForFrameworkError } from './problem';
import { bodyStillExpected } from './unread-body';

// A 2048-bit RSA CSR is ~1 KiB in base64, a 8192-bit one ~2.7 KiB: 16 KiB leaves room, no more.
const EST_BODY_LIMIT = 16 * 1024;
const JSON_BODY_LIMIT = 4 * 1024;
const PKCS7_CONTENT_TYPE = 'application/pkcs7-mime; smime-type=certs-only';

export interface EstAppOptions {
  readonly service: IssuingServiceApi;
  readonly issuingCaDer: Buffer;
  readonly tls: { readonly certPem: string; readonly keyPem: string };
  readonly log: { readonly level: string; readonly stream?: Writable | undefined };
  readonly limits: ConnectionLimits;
}

const NewUserBody = z.strictObject({
  loginId: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
  email: z.string().email().max(254).optional(),
});

// A new password for an existing login ID (re-registration, reset): the same bounds as a new user's.
const PasswordBody = z.strictObject({ password: z.string().min(1).max(256) });

/**
 * The EST (RFC 7030) endpoints, the master user's JSON API and the CRL, over HTTPS (TLS 1.2+).
 * Every error leaves as application/problem+json with a stable `code`.
 */
export function buildEstApp(opts: EstAppOptions): FastifyInstance {
  const reapLog: ReapLog = (level, notice) => app.log[level](notice, 'connection closed by the service');
  const guard = new ConnectionGuard('est', opts.limits, reapLog);
  const app: FastifyInstance = Fastify({
    https: {
      key: opts.tls.keyPem,
      cert: opts.tls.certPem,
      minVersion: 'TLSv1.2',
      // RFC 7030 §3.3.2: a client certificate is asked for (naming this CA, so a client picks the
      // right one) but not required: first enrolment and clients without one use the password.
      // Whether a certificate proves anything is decided per request (authenticateByCertificate).
      requestCert: true,
      rejectUnauthorized: false,
      ca: [toPem('CERTIFICATE', opts.issuingCaDer)],
      ...serverCreationOptions(opts.limits),
    },
    clientErrorHandler: guard.onClientError,
    bodyLimit: JSON_BODY_LIMIT,
    // Fastify's default request serializer logs method, URL and address only, never headers;
    // the redaction is a second lock in case someone adds a header serializer later.
    logger: {
      level: opts.log.level,
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      ...(opts.log.stream ? { stream: opts.log.stream } : {}),
    },
  });
  guard.attach(app.server);
  canonicalHeaderCase(app.server);
  const { service } = opts;

  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('application/pkcs10', { parseAs: 'string', bodyLimit: EST_BODY_LIMIT }, (_req, body, done) => {
    done(null, body);
  });

  app.addHook('onSend', async (_req, reply) => {
    reply.header('Strict-Transport-Security', 'max-age=31536000');
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Cache-Control', 'no-store');
  });

  app.setNotFoundHandler((_req, reply) => {
    void sendProblem(reply, problemBody(PROBLEM_CODES.NOT_FOUND, 404, 'No such resource.'));
  });

  app.setErrorHandler((err: unknown, req, reply) => {
    if (err instanceof IssuerError) {
      if (err.status === 401) void reply.header('WWW-Authenticate', WWW_AUTHENTICATE);
      if (err.retryAfterSeconds !== undefined) void reply.header('Retry-After', String(err.retryAfterSeconds));
      req.log.info({ code: err.code }, 'request refused');
      // The full reason for whoever runs the service at debug: the same text the client got.
      req.log.debug({ code: err.code, detail: err.message }, 'refusal detail');
      return sendProblem(reply, problemBody(err.code, err.status, err.message, err.title));
    }
    if (err instanceof PkiError && err.code === 'PKI-BAD-BASE64') {
      return sendProblem(reply, problemBody(PROBLEM_CODES.BAD_BASE64, 400, 'The body must be base64-encoded DER.'));
    }
    const framework = err as { code?: string; statusCode?: number; message: string };
    const problem = problemForFrameworkError(framework);
    if (problem.status >= 500) req.log.error({ err }, 'request failed');
    return sendProblem(reply, problem);
  });

  // Credentials are checked in onRequest, before a byte of the body is read: a client without
  // valid ones is answered (and its connection closed) at once, and cannot make the service
  // wait for a body it never sends. A client certificate is checked there too, where it counts.
  const users = new WeakMap<FastifyRequest, AuthenticatedUser>();
  const authenticated = { onRequest: [authenticateBeforeBody(service, users, 'password')] };
  const renewal = { onRequest: [authenticateBeforeBody(service, users, 'password-or-certificate')] };
  const userOf = (req: FastifyRequest): AuthenticatedUser => {
    const user = users.get(req);
    if (!user) throw new Error('route without the authentication hook');
    return user;
  };

  const mediaType = (req: FastifyRequest): string | undefined => (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();

  // EST bodies must be application/pkcs10; Fastify would otherwise happily parse JSON here.
  const requirePkcs10 = (req: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void): void => {
    if (mediaType(req) === 'application/pkcs10') return done();
    done(
      new IssuerError(
        PROBLEM_CODES.CONTENT_TYPE,
        415,
        'Unsupported Media Type',
        'EST enrollment takes a base64 PKCS#10 request with Content-Type application/pkcs10.',
      ),
    );
  };

  // And the other way round: the pkcs10 parser would hand the JSON API a string.
  const requireJson = (req: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void): void => {
    if (mediaType(req) === 'application/json') return done();
    done(
      new IssuerError(
        PROBLEM_CODES.CONTENT_TYPE,
        415,
        'Unsupported Media Type',
        'This endpoint takes a JSON body with Content-Type application/json.',
      ),
    );
  };

  const sendCertsOnly = (reply: FastifyReply, ders: Buffer[]) =>
    reply
      .header('Content-Type', PKCS7_CONTENT_TYPE)
      .header('Content-Transfer-Encoding', 'base64')
      .send(encodeBase64Lines(encodeCertsOnly(ders)));

  app.get('/.well-known/est/cacerts', (_req, reply) => sendCertsOnly(reply, [opts.issuingCaDer]));

  for (const [path, operation, auth] of [
    ['/.well-known/est/simpleenroll', 'enroll', authenticated],
    ['/.well-known/est/simplereenroll', 'reenroll', renewal],
  ] as const) {
    app.post(path, { ...auth, preValidation: requirePkcs10 }, async (req, reply) => {
      const user = userOf(req);
      const csrDer = decodeBase64Strict(typeof req.body === 'string' ? req.body : '');
      const result = await service[operation](user, csrDer);
      const by = user.viaCertificate === undefined ? 'password' : 'certificate';
      req.log.info({ operation, by, replayed: result.replayed }, 'certificate answered');
      return sendCertsOnly(reply, [result.certificate]);
    });
  }

  app.get('/crl', async (_req, reply) => reply.header('Content-Type', 'application/pkix-crl').send(await service.currentCrl()));

  // A JSON look-up beside the CRL, for clients that want one certificate's state at once.
  app.get<{ Params: { serial: string } }>('/api/v1/certificates/:serial/status', (req) => {
    const state = service.certificateStatus(req.params.serial);
    if (state.status === 'revoked') {
      return { status: 'revoked', revokedAt: state.revokedAt.toISOString(), reason: state.reason, reregistered: state.reregistered };
    }
    return { status: state.status };
  });

  app.get('/api/v1/users', authenticated, (req) => service.listContractUsers(userOf(req)));

  app.post('/api/v1/users', { ...authenticated, preValidation: requireJson }, async (req, reply) => {
    const master = userOf(req);
    const user = await service.addUser(master, parseBody(NewUserBody, req.body, '{"loginId", "password", "email"?}'));
    return reply.code(201).send(user);
  });

  app.delete<{ Params: { loginId: string } }>('/api/v1/users/:loginId', authenticated, (req, reply) => {
    const result = service.deleteUser(userOf(req), req.params.loginId);
    // RFC 7240: a client that asks for it learns which certificate was revoked; others get 204 as before.
    if (/\breturn=representation\b/i.test(String(req.headers.prefer ?? ''))) {
      return reply.code(200).header('Preference-Applied', 'return=representation').send(result);
    }
    return reply.code(204).send();
  });

  app.post<{ Params: { loginId: string } }>('/api/v1/users/:loginId/unlock', authenticated, (req, reply) => {
    service.unlockUser(userOf(req), req.params.loginId);
    return reply.code(204).send();
  });

  app.post<{ Params: { loginId: string } }>(
    '/api/v1/users/:loginId/reregister',
    { ...authenticated, preValidation: requireJson },
    async (req) => {
      const { password } = parseBody(PasswordBody, req.body, '{"password"}');
      return service.reregisterUser(userOf(req), req.params.loginId, password);
    },
  );

  app.post<{ Params: { loginId: string } }>(
    '/api/v1/users/:loginId/password',
    { ...authenticated, preValidation: requireJson },
    async (req, reply) => {
      const { password } = parseBody(PasswordBody, req.body, '{"password"}');
      await service.resetUserPassword(userOf(req), req.params.loginId, password);
      return reply.code(204).send();
    },
  );

  app.get('/healthz', () => ({ status: 'ok' }));

  return app;
}

/** A JSON body of the master API, or CJS-E-BAD-REQUEST naming what was expected (never echoing a value). */
function parseBody<T>(schema: z.ZodType<T>, body: unknown, expected: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new IssuerError(
      PROBLEM_CODES.BAD_REQUEST,
      400,
      'Bad Request',
      `Expected ${expected}: ${parsed.error.issues.map((i) => i.path.join('.') || i.message).join(', ')}`,
    );
  }
  return parsed.data;
}

type Authentication = 'password' | 'password-or-certificate';

function authenticateBeforeBody(service: IssuingServiceApi, users: WeakMap<FastifyRequest, AuthenticatedUser>, accepted: Authentication) {
  return async (req: FastifyRequest): Promise<void> => {
    users.set(req, await authenticate(service, req, accepted));
  };
}

/**
 * Credentials win: a request with an Authorization header is judged by it alone, and a client
 * certificate beside it is ignored (a browser or a store may offer one unasked). Without the
 * header, a simplereenroll is judged by the TLS client certificate, if one was presented.
 */
async function authenticate(service: IssuingServiceApi, req: FastifyRequest, accepted: Authentication): Promise<AuthenticatedUser> {
  const header = req.headers.authorization;
  if (!header && accepted === 'password-or-certificate') {
    const certificate = clientCertificate(req);
    if (certificate) return service.authenticateByCertificate(certificate);
  }
  const credentials = parseBasicAuth(header);
  if (!credentials) {
    throw new IssuerError(
      PROBLEM_CODES.AUTH,
      401,
      'Authentication required',
      accepted === 'password-or-certificate'
        ? 'Send the login ID and password with HTTP Basic authentication, or renew over TLS with the current certificate of this service.'
        : 'Send the login ID and password with HTTP Basic authentication.',
    );
  }
  // The address the throttle counts failures against: the TCP peer (no proxy is trusted).
  return service.authenticate(credentials.loginId, credentials.password, req.ip);
}

/** The DER of the certificate the client presented in the TLS handshake, if any. */
function clientCertificate(req: FastifyRequest): Buffer | undefined {
  return (req.raw.socket as Partial<TLSSocket>).getPeerX509Certificate?.()?.raw;
}

function sendProblem(reply: FastifyReply, problem: ReturnType<typeof problemBody>): FastifyReply {
  if (bodyStillExpected(reply.request.raw)) void reply.header('Connection', 'close');
  return reply.code(problem.status).header('Content-Type', PROBLEM_CONTENT_TYPE).send(problem);
}
