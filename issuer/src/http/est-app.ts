import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Writable } from 'node:stream';
import { z } from 'zod';
import { decodeBase64Strict, encodeBase64Lines, encodeCertsOnly, PkiError } from '../../../electron/core/pki';
import { PROBLEM_CODES } from '../../../electron/contract/problem-codes';
import type { AuthenticatedUser, IssuingServiceApi } from '../domain/api';
import { IssuerError } from '../domain/errors';
import { parseBasicAuth, WWW_AUTHENTICATE } from './basic-auth';
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

/**
 * The EST (RFC 7030) endpoints, the master user's JSON API and the CRL, over HTTPS (TLS 1.2+).
 * Every error leaves as application/problem+json with a stable `code`.
 */
export function buildEstApp(opts: EstAppOptions): FastifyInstance {
  const reapLog: ReapLog = (level, notice) => app.log[level](notice, 'connection closed by the service');
  const guard = new ConnectionGuard('est', opts.limits, reapLog);
  const app: FastifyInstance = Fastify({
    https: { key: opts.tls.keyPem, cert: opts.tls.certPem, minVersion: 'TLSv1.2', ...serverCreationOptions(opts.limits) },
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
  const { service } = opts;

  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('application/pkcs10', { parseAs: 'string', bodyLimit: EST_BODY_LIMIT }, (_req, body, done) => {
    done(null, body);
  });

  app.addHook('onSend', async (_req, reply) => {
    reply.header('strict-transport-security', 'max-age=31536000');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('cache-control', 'no-store');
  });

  app.setNotFoundHandler((_req, reply) => {
    void sendProblem(reply, problemBody(PROBLEM_CODES.NOT_FOUND, 404, 'No such resource.'));
  });

  app.setErrorHandler((err: unknown, req, reply) => {
    if (err instanceof IssuerError) {
      if (err.status === 401) void reply.header('www-authenticate', WWW_AUTHENTICATE);
      if (err.retryAfterSeconds !== undefined) void reply.header('retry-after', String(err.retryAfterSeconds));
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
  // wait for a body it never sends.
  const users = new WeakMap<FastifyRequest, AuthenticatedUser>();
  const authenticated = { onRequest: [authenticateBeforeBody(service, users)] };
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
      .header('content-type', PKCS7_CONTENT_TYPE)
      .header('content-transfer-encoding', 'base64')
      .send(encodeBase64Lines(encodeCertsOnly(ders)));

  app.get('/.well-known/est/cacerts', (_req, reply) => sendCertsOnly(reply, [opts.issuingCaDer]));

  for (const [path, operation] of [
    ['/.well-known/est/simpleenroll', 'enroll'],
    ['/.well-known/est/simplereenroll', 'reenroll'],
  ] as const) {
    app.post(path, { ...authenticated, preValidation: requirePkcs10 }, async (req, reply) => {
      const user = userOf(req);
      const csrDer = decodeBase64Strict(typeof req.body === 'string' ? req.body : '');
      const result = await service[operation](user, csrDer);
      req.log.info({ operation, replayed: result.replayed }, 'certificate answered');
      return sendCertsOnly(reply, [result.certificate]);
    });
  }

  app.get('/crl', async (_req, reply) => reply.header('content-type', 'application/pkix-crl').send(await service.currentCrl()));

  // A JSON look-up beside the CRL, for clients that want one certificate's state at once.
  app.get<{ Params: { serial: string } }>('/api/v1/certificates/:serial/status', (req) => {
    const state = service.certificateStatus(req.params.serial);
    if (state.status === 'revoked') return { status: 'revoked', revokedAt: state.revokedAt.toISOString(), reason: state.reason };
    return { status: state.status };
  });

  app.get('/api/v1/users', authenticated, (req) => ({ users: service.listUsers(userOf(req)) }));

  app.post('/api/v1/users', { ...authenticated, preValidation: requireJson }, async (req, reply) => {
    const master = userOf(req);
    const parsed = NewUserBody.safeParse(req.body);
    if (!parsed.success) {
      throw new IssuerError(
        PROBLEM_CODES.BAD_REQUEST,
        400,
        'Bad Request',
        `Expected {"loginId", "password", "email"?}: ${parsed.error.issues.map((i) => i.path.join('.') || i.message).join(', ')}`,
      );
    }
    const user = await service.addUser(master, parsed.data);
    return reply.code(201).send(user);
  });

  app.delete<{ Params: { loginId: string } }>('/api/v1/users/:loginId', authenticated, (req, reply) => {
    service.deleteUser(userOf(req), req.params.loginId);
    return reply.code(204).send();
  });

  app.post<{ Params: { loginId: string } }>('/api/v1/users/:loginId/unlock', authenticated, (req, reply) => {
    service.unlockUser(userOf(req), req.params.loginId);
    return reply.code(204).send();
  });

  app.get('/healthz', () => ({ status: 'ok' }));

  return app;
}

function authenticateBeforeBody(service: IssuingServiceApi, users: WeakMap<FastifyRequest, AuthenticatedUser>) {
  return async (req: FastifyRequest): Promise<void> => {
    const credentials = parseBasicAuth(req.headers.authorization);
    if (!credentials) {
      throw new IssuerError(
        PROBLEM_CODES.AUTH,
        401,
        'Authentication required',
        'Send the login ID and password with HTTP Basic authentication.',
      );
    }
    // The address the throttle counts failures against: the TCP peer (no proxy is trusted).
    users.set(req, await service.authenticate(credentials.loginId, credentials.password, req.ip));
  };
}

function sendProblem(reply: FastifyReply, problem: ReturnType<typeof problemBody>): FastifyReply {
  if (bodyStillExpected(reply.request.raw)) void reply.header('connection', 'close');
  return reply.code(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
}
