/**
 * What the AsyncAPI document says about delegation's events: prose and examples, typed by the
 * payloads. Server only; the schemas are in `delegation-events.ts`.
 */
import { EXAMPLE_IDS as EX, type FeedEventDocs } from '@lt/realtime';
import {
  DELEGATION_FEED_EVENTS,
  DelegationGivenPayload,
  DelegationRevokedPayload,
  type DelegationSummary,
} from './delegation-events';

const EXAMPLE: DelegationSummary = {
  id: '3e5a7c9e-1b3d-4f5a-8c9e-1b3d5f7a9c1e',
  form: 'Q',
  delegator: { id: EX.signer, fullName: 'Nguyễn Văn An' },
  delegate: { id: EX.user, fullName: 'Trần Thị Bình' },
  unit: { id: EX.issuingUnit, name: 'Ủy ban nhân dân thành phố Đà Nẵng' },
  limitUnit: null,
  powers: [
    'directive.issue',
    'task.assign',
    'annotation.write',
    'document.sign',
    'discipline.decide',
    'schedule.publish',
  ],
  startsAt: '2026-03-02T00:00:00.000Z',
  endsAt: '2026-04-01T00:00:00.000Z',
  revokedAt: null,
};

export const DELEGATION_FEED_DOCS: FeedEventDocs<keyof typeof DELEGATION_FEED_EVENTS> = {
  'delegation.given': {
    summary: 'A delegation of authority was given / Có ủy quyền mới',
    description:
      'To the delegator and the delegate: the delegate’s browser reloads what they may do. Gửi người ủy quyền và ' +
      'người được ủy quyền.',
    payload: DelegationGivenPayload,
    example: { delegation: EXAMPLE, by: { id: EX.signer, fullName: 'Nguyễn Văn An' }, at: EX.now },
  },
  'delegation.revoked': {
    summary: 'A delegation of authority was revoked / Ủy quyền bị thu hồi',
    description:
      'To the delegator and the delegate; from now on the delegate’s actions under it are refused. Gửi người ủy ' +
      'quyền và người được ủy quyền.',
    payload: DelegationRevokedPayload,
    example: {
      delegation: { ...EXAMPLE, revokedAt: EX.now },
      by: { id: EX.signer, fullName: 'Nguyễn Văn An' },
      at: EX.now,
    },
  },
};
