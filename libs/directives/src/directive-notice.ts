import { URGENCY_LABELS } from '@lt/realtime/contract';
import type { DirectiveSummary } from './directive-events';

/**
 * How a new directive reads as a system notification — one wording for the page (a hidden tab)
 * and for Web Push (no tab). Browser-safe: the contract's vocabulary only.
 */
export function directiveIssuedNotice(d: DirectiveSummary) {
  const urgency = d.urgency > 0 ? `${URGENCY_LABELS[d.urgency].vi.toUpperCase()} — ` : '';
  return {
    title: `${urgency}Chỉ đạo mới ${d.notation}`,
    body: `${d.subject}\n${d.issuingUnit.name}${d.ackRequired ? ' · cần xác nhận đã nhận' : ''}`,
    url: '/#/directives',
    tag: `directive:${d.id}`,
  };
}
