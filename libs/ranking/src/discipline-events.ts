/**
 * The discipline review's part of the socket contract (the head's decision on a task's second
 * lateness): the payload as a TypeBox schema, the type derived from it, and its entry in the
 * contract's registry. Browser-safe; prose and examples are in `discipline-events.asyncapi.ts`.
 */
import { DateTime, Nullable, PersonRef, StringEnum, Uuid, PayloadsOf } from '@lt/realtime/contract';
import { DISCIPLINE_DECISIONS } from '@lt/lateness/lateness-subjects';
import { CitizenFileSummary } from '@lt/one-stop/one-stop-events';
import { TaskSummary } from '@lt/tasks/task-events';
import { Type } from '@sinclair/typebox';

const decided = {
  caseId: Uuid('Discipline case id.'),
  decision: StringEnum(DISCIPLINE_DECISIONS, { description: 'The decision. / Quyết định của thủ trưởng.' }),
  note: Nullable(Type.String({ description: 'The head’s note; null when none. / Ý kiến của thủ trưởng.' })),
  decidedBy: PersonRef(),
  onBehalfOf: Nullable(
    PersonRef('Decided thừa ủy quyền (TUQ.) or as acting head (Q.): the head whose post was used.'),
  ),
  decidedAt: DateTime('When.'),
};

export const TaskDisciplineDecidedPayload = Type.Object(
  { ...decided, task: TaskSummary },
  { $id: 'TaskDisciplineDecidedPayload' },
);

export const CitizenFileDisciplineDecidedPayload = Type.Object(
  { ...decided, file: CitizenFileSummary },
  { $id: 'CitizenFileDisciplineDecidedPayload' },
);

export const DISCIPLINE_FEED_EVENTS = {
  /** The head decided the discipline case of a task you lead. */
  'task.discipline_decided': TaskDisciplineDecidedPayload,
  /** The head decided the discipline case of a citizen's file late at your unit's step. */
  'citizen_file.discipline_decided': CitizenFileDisciplineDecidedPayload,
};

declare module '@lt/realtime/contract' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this capability's events to the registry
  interface FeedPayloads extends PayloadsOf<typeof DISCIPLINE_FEED_EVENTS> {}
}
