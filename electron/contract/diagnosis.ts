// The self-diagnosis as data: checks return codes, parameters and next actions; the words come
// from the locale resources (namespace `diagnostics`), in the CLI and in the app alike.
import * as z from 'zod/mini';
import { nextActionSchema } from './actions';
import { faqRefSchema } from './actors';
import { errorParamsSchema } from './result';
import { isoDateSchema } from './situation';

export const CHECK_STATUSES = ['pass', 'warn', 'fail', 'not-applicable', 'error'] as const;
export const checkStatusSchema = z.enum(CHECK_STATUSES);
export type CheckStatusName = z.infer<typeof checkStatusSchema>;

/** The screen groups results this way: network / certificate / Windows settings. */
export const CHECK_GROUPS = ['network', 'certificate', 'windows'] as const;
export const checkGroupSchema = z.enum(CHECK_GROUPS);

/** A sentence to show, by key in the locale resources, with its values. */
export const messageSchema = z.object({ key: z.string().check(z.minLength(1)), params: errorParamsSchema });
export type Message = z.infer<typeof messageSchema>;

export const evidenceValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);

export const reportedCheckSchema = z.object({
  id: z.string().check(z.minLength(1)),
  group: checkGroupSchema,
  status: checkStatusSchema,
  faq: z.array(faqRefSchema),
  summary: messageSchema,
  advice: z.nullable(messageSchema),
  evidence: z.record(z.string(), evidenceValueSchema),
  codes: z.array(z.string()),
  actions: z.array(nextActionSchema),
  durationMs: z.number().check(z.nonnegative()),
  fixable: z.boolean(),
});
export type ReportedCheckView = z.infer<typeof reportedCheckSchema>;

export const diagnosisReportSchema = z.object({
  createdAt: isoDateSchema,
  platform: z.string(),
  issuerUrl: z.string(),
  loginUrl: z.string(),
  loginId: z.nullable(z.string()),
  summary: z.record(checkStatusSchema, z.int().check(z.nonnegative())),
  checks: z.array(reportedCheckSchema),
});
export type DiagnosisReportView = z.infer<typeof diagnosisReportSchema>;

export const diagnosisProgressSchema = z.object({
  checkId: z.string().check(z.minLength(1)),
  status: checkStatusSchema,
  completed: z.int().check(z.nonnegative()),
  total: z.int().check(z.positive()),
});

export { faqRefSchema };
