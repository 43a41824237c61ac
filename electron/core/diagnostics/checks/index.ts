// Every self-diagnosis check, in the order the report lists them (docs/product.md's table).
// Each lives in its own file in this folder; add a check by adding its file and one line here.
import type { DiagnosticCheck } from '../check';

export const ALL_CHECKS: readonly DiagnosticCheck[] = [];
