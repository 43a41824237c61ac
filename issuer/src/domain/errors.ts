import { PROBLEM_CODES, type ProblemCode } from '../../../electron/contract/problem-codes';

/** A refusal the issuing service explains to the client; the HTTP layer turns it into problem+json. */
export class IssuerError extends Error {
  constructor(
    readonly code: ProblemCode,
    readonly status: number,
    readonly title: string,
    detail: string,
    /** Sent as Retry-After: when trying again can succeed (a throttled login, a lock that expires). */
    readonly retryAfterSeconds?: number,
  ) {
    super(detail);
    this.name = 'IssuerError';
  }
}

export { PROBLEM_CODES };
