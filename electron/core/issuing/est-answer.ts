// The EST encoding (RFC 7030 §4), apart from how the request travels: what a request carries
// and what an answer means — certificates, a CRL, or a refusal with a stable code. Any transport
// (axios over node:https with a password, or another one authenticated by the current
// certificate) turns the server's HTTP answer into an EstAnswer and hands it here.
import { PROBLEM_CODES, type ProblemCode } from '../../contract/problem-codes';
import { decodeBase64Strict, decodeCertsOnly, encodeBase64Lines, parseCsrAttributes, type CsrAttribute } from '../pki';
import { parseChallenges } from './auth-challenge';
import { IssuingError } from './errors';

/** A server's HTTP answer, whatever carried it. */
export interface EstAnswer {
  readonly status: number;
  /** By lower-case name; a repeated field's values joined with ", " (as Node does). */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: Buffer;
}

/** What the request said about who is asking: a refusal of a login means another thing than a refusal of a public page. */
export interface AnswerContext {
  /** The request carried the login ID and password (Basic or Digest). */
  readonly authenticated: boolean;
}

export const EST_ACCEPT = 'application/pkcs7-mime, application/pkix-crl, application/csrattrs, application/problem+json';

/** The headers and body of a PKCS#10 request (RFC 7030 §4.2.1): base64 in lines. */
export function csrRequest(csrDer: Uint8Array): { readonly headers: Readonly<Record<string, string>>; readonly body: string } {
  return {
    headers: { 'content-type': 'application/pkcs10', 'content-transfer-encoding': 'base64' },
    body: encodeBase64Lines(csrDer),
  };
}

const KNOWN_PROBLEM_CODES = new Set<string>(Object.values(PROBLEM_CODES));

/**
 * The certificates of a certs-only answer (RFC 7030 §4.1.3, §4.2.3): base64 with or without line
 * breaks (CRLF or LF) and trailing white space, as servers differ; anything else is refused.
 */
export function certificatesOf(answer: EstAnswer, context: AnswerContext): Buffer[] {
  const contentType = contentTypeOf(answer);
  if (answer.status !== 200) throw refusalOf(answer, context);
  if (!contentType.startsWith('application/pkcs7-mime')) {
    throw new IssuingError(
      'ISSUE-BAD-RESPONSE',
      `the service answered ${contentType || 'no content type'} instead of application/pkcs7-mime`,
      { status: answer.status },
    );
  }
  try {
    return decodeCertsOnly(decodeBase64Strict(answer.body.toString('latin1')));
  } catch (cause) {
    throw new IssuingError('ISSUE-BAD-RESPONSE', 'the answer is not a base64 PKCS#7 certificate bundle', { status: answer.status, cause });
  }
}

/** The DER of a CRL answer (application/pkix-crl); the caller verifies its signature. */
export function crlOf(answer: EstAnswer): Buffer {
  const contentType = contentTypeOf(answer);
  if (answer.status !== 200) throw refusalOf(answer, { authenticated: false });
  if (!contentType.startsWith('application/pkix-crl')) {
    throw new IssuingError(
      'ISSUE-BAD-RESPONSE',
      `the service answered ${contentType || 'no content type'} instead of application/pkix-crl`,
      {
        status: answer.status,
      },
    );
  }
  return answer.body;
}

/**
 * What /csrattrs asks of the request (RFC 7030 §4.5.2): none when the server has no list (204,
 * 404), the parsed list from a base64 application/csrattrs answer.
 */
export function csrAttributesOf(answer: EstAnswer): CsrAttribute[] {
  if (answer.status === 204 || answer.status === 404) return [];
  if (answer.status !== 200) throw refusalOf(answer, { authenticated: false });
  const contentType = contentTypeOf(answer);
  if (!contentType.startsWith('application/csrattrs')) {
    throw new IssuingError(
      'ISSUE-BAD-RESPONSE',
      `the service answered ${contentType || 'no content type'} instead of application/csrattrs`,
      {
        status: answer.status,
      },
    );
  }
  // An empty body is an empty list (§4.5.2: "the server MAY return ... an empty sequence").
  if (answer.body.toString('latin1').trim() === '') return [];
  try {
    return parseCsrAttributes(decodeBase64Strict(answer.body.toString('latin1')));
  } catch (cause) {
    throw new IssuingError('ISSUE-BAD-RESPONSE', 'the CSR attributes are not a base64 CsrAttrs', { status: answer.status, cause });
  }
}

/**
 * The error an unsuccessful answer stands for. A problem+json code of the issuer's is taken as
 * it is. Without one, a standard EST server's refusal is still understood: 401 to a request with
 * the password is a wrong login ID or password (RFC 7030 §3.2.3), 403 is "not allowed"; other
 * statuses stay ISSUE-HTTP-STATUS with the status (a 5xx is the bank's to mend, errors.ts).
 */
export function refusalOf(answer: EstAnswer, context: AnswerContext): IssuingError {
  const contentType = contentTypeOf(answer);
  const problem = contentType.startsWith('application/problem+json') ? problemOf(answer.body) : undefined;
  const detail = problem?.detail !== undefined ? { detail: problem.detail } : {};
  if (problem?.code !== undefined && KNOWN_PROBLEM_CODES.has(problem.code)) {
    const code = problem.code as ProblemCode;
    return new IssuingError(code, `the issuing service refused: ${code}${problem.title ? ` (${problem.title})` : ''}`, {
      status: answer.status,
      ...detail,
    });
  }
  const what = describeAnswer(answer, contentType, problem);
  const loginRefusal = context.authenticated ? LOGIN_REFUSALS.get(answer.status) : undefined;
  if (loginRefusal) {
    return new IssuingError(loginRefusal, `the issuing service refused the login with HTTP ${answer.status} (${what})`, {
      status: answer.status,
      ...detail,
    });
  }
  return new IssuingError('ISSUE-HTTP-STATUS', `the issuing service answered HTTP ${answer.status} (${what})`, {
    status: answer.status,
    ...detail,
  });
}

/** The meaning of a bare status to a request that carried the login ID and password. */
const LOGIN_REFUSALS: ReadonlyMap<number, ProblemCode> = new Map([
  [401, PROBLEM_CODES.AUTH],
  [403, PROBLEM_CODES.FORBIDDEN],
]);

interface Problem {
  readonly code: string | undefined;
  readonly title: string | undefined;
  readonly detail: string | undefined;
}

function problemOf(body: Buffer): Problem | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object') return undefined;
  const member = (name: string): string | undefined => {
    const value: unknown = (parsed as Record<string, unknown>)[name];
    return typeof value === 'string' ? value : undefined;
  };
  return { code: member('code'), title: member('title'), detail: member('detail') };
}

/** For the message: what came instead of a usable answer (no body text of the server's). */
function describeAnswer(answer: EstAnswer, contentType: string, problem: Problem | undefined): string {
  if (answer.status >= 300 && answer.status < 400) {
    const location = answer.headers.location;
    return `a redirect${location ? ` to ${location.slice(0, 200)}` : ''}, which is not followed`;
  }
  if (problem) return problem.code !== undefined ? `unknown problem code ${problem.code.slice(0, 64)}` : 'problem without a code';
  const schemes = answer.status === 401 ? offeredSchemes(answer.headers['www-authenticate']) : '';
  return `${contentType || 'no content type'}${schemes}`;
}

function offeredSchemes(field: string | undefined): string {
  // Scheme names only: the parameters (nonces) say nothing to a reader.
  const schemes = parseChallenges(field).map((c) => c.scheme.slice(0, 32));
  return schemes.length > 0 ? `, offering ${schemes.slice(0, 5).join(', ')}` : '';
}

function contentTypeOf(answer: EstAnswer): string {
  return (answer.headers['content-type'] ?? '').toLowerCase();
}

/** What the issuer's JSON look-up `/api/v1/certificates/:serial/status` says of one certificate. */
export interface CertificateStatusAnswer {
  readonly status: 'good' | 'revoked' | 'unknown';
  /** Revoked, and its login ID was registered again since (P10): the user obtains a new one. */
  readonly reregistered: boolean;
}

export function certificateStatusOf(answer: EstAnswer): CertificateStatusAnswer {
  if (answer.status !== 200) throw refusalOf(answer, { authenticated: false });
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.body.toString('utf8'));
  } catch {
    throw new IssuingError('ISSUE-BAD-RESPONSE', 'the certificate status look-up did not answer JSON', { status: answer.status });
  }
  const record = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const status = record['status'];
  if (status !== 'good' && status !== 'revoked' && status !== 'unknown') {
    throw new IssuingError('ISSUE-BAD-RESPONSE', 'the certificate status look-up answered no known status', { status: answer.status });
  }
  // An issuer from before the field: not known to be re-registered.
  return { status, reregistered: record['reregistered'] === true };
}
