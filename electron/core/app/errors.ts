// Any failure of a use case as the data that crosses the boundary (contract/result.ts): the
// code, who must act, the FAQ entries and the explanation's values. An error that is not one of
// ours becomes UNEXPECTED with nothing of its text: a message may hold paths, tool output or worse.
import { faqRefSchema } from '../../contract/actors';
import type { AppError } from '../../contract/result';
import { codePolicy, isCjsError, type ErrorParams } from '../errors';

export function toAppError(err: unknown): AppError {
  if (isCjsError(err)) {
    return {
      code: err.code,
      actor: err.actor,
      faq: err.faq.filter((f) => faqRefSchema.safeParse(f).success),
      params: safeParams(err.params),
    };
  }
  const unexpected = codePolicy('UNEXPECTED');
  return { code: 'UNEXPECTED', actor: unexpected.actor, faq: [...unexpected.faq], params: {} };
}

/** Plain JSON values only. Params are built without secrets where each error is raised. */
function safeParams(params: ErrorParams): AppError['params'] {
  return Object.fromEntries(
    Object.entries(params).filter(([, value]) => value === null || ['string', 'number', 'boolean'].includes(typeof value)),
  );
}
