/**
 * What can be late, and what a head decides on a second lateness. Browser-safe: no server
 * code, so contracts (task events, the discipline review) import it.
 */
export const LATE_SUBJECT_TYPES = ['task', 'citizen_file'] as const;
export type LateSubjectType = (typeof LATE_SUBJECT_TYPES)[number];

export const DISCIPLINE_DECISIONS = [
  'accept_explanation',
  'remind',
  'criticise',
  'propose_discipline',
] as const;
/**
 * A head's decision on a discipline case: chấp nhận giải trình (accept the explanation),
 * nhắc nhở (remind), phê bình (criticise), đề nghị xem xét xử lý kỷ luật (refer for discipline).
 */
export type DisciplineDecision = (typeof DISCIPLINE_DECISIONS)[number];
