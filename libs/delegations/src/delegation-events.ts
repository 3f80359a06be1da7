/**
 * Delegation's part of the socket contract: payloads as TypeBox schemas (the types derive
 * from them) and their entries in the contract's registry. Browser-safe; prose and examples
 * are in `delegation-events.asyncapi.ts`.
 */
import { DateTime, Nullable, PersonRef, StringEnum, UnitRef, Uuid, PayloadsOf } from '@lt/realtime/contract';
import { DELEGABLE_POWERS, DELEGATION_FORMS } from '@lt/access/delegated-authority';
import { type Static, Type } from '@sinclair/typebox';

export const DelegationSummary = Type.Object(
  {
    id: Uuid('Delegation id.'),
    form: StringEnum(DELEGATION_FORMS, {
      description: '`TUQ` thừa ủy quyền (named powers) or `Q` quyền (a deputy acting as head).',
    }),
    delegator: PersonRef('Who delegated. / Người ủy quyền.'),
    delegate: PersonRef('Who acts for them. / Người được ủy quyền.'),
    unit: UnitRef("The delegator's unit. / Đơn vị."),
    limitUnit: Nullable(UnitRef('Only over this unit and those under it; null: the whole reach.')),
    powers: Type.Array(StringEnum(DELEGABLE_POWERS), { description: 'What the delegate may do.' }),
    startsAt: DateTime('From.'),
    endsAt: DateTime('Until (exclusive).'),
    revokedAt: Nullable(DateTime('When it was revoked; null if not.')),
  },
  { $id: 'DelegationSummary', description: 'A delegation of authority. / Ủy quyền.' },
);
export type DelegationSummary = Static<typeof DelegationSummary>;

const changedFields = (by: string) => ({
  delegation: DelegationSummary,
  by: PersonRef(by),
  at: DateTime('When.'),
});

export const DelegationGivenPayload = Type.Object(changedFields('Who gave it: the delegator.'), {
  $id: 'DelegationGivenPayload',
});

export const DelegationRevokedPayload = Type.Object(
  changedFields('Who revoked it: the delegator or an admin over the unit.'),
  { $id: 'DelegationRevokedPayload' },
);

export const DELEGATION_FEED_EVENTS = {
  /** A delegation to you or from you was given. */
  'delegation.given': DelegationGivenPayload,
  /** A delegation to you or from you was revoked before its end. */
  'delegation.revoked': DelegationRevokedPayload,
};

declare module '@lt/realtime/contract' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this capability's events to the registry
  interface FeedPayloads extends PayloadsOf<typeof DELEGATION_FEED_EVENTS> {}
}
