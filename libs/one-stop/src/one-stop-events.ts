/**
 * The one-stop counter's part of the socket contract: payloads as TypeBox schemas (the types
 * derive from them) and their entries in the contract's registry. Browser-safe; prose and
 * examples are in `one-stop-events.asyncapi.ts`. No event carries the applicant's personal data.
 */
import { DateTime, Nullable, PersonRef, StringEnum, UnitRef, Uuid, PayloadsOf } from '@lt/realtime/contract';
import { type Static, Type } from '@sinclair/typebox';

export const CITIZEN_FILE_STATES = ['received', 'processing', 'awaiting_papers', 'done', 'returned'] as const;
/**
 * received: at the counter; processing: a step is being handled; awaiting_papers: returned to
 * the citizen for more papers (the clock stops); done: the result is ready; returned: handed back.
 */
export type CitizenFileState = (typeof CITIZEN_FILE_STATES)[number];

/** A citizen's file as events carry it: no personal data. */
export const CitizenFileSummary = Type.Object(
  {
    id: Uuid('File id.'),
    code: Type.String({ description: 'Mã hồ sơ, e.g. 000.01.32.H17-261207-0001.' }),
    unit: UnitRef('The unit whose counter received it.'),
    procedure: Type.Object({
      id: Uuid('Procedure id.'),
      code: Type.String({ description: 'Mã thủ tục.' }),
      name: Type.String({ description: 'Tên thủ tục.' }),
    }),
    state: StringEnum(CITIZEN_FILE_STATES, { description: 'Where the file stands.' }),
    receivedAt: DateTime('Received at.'),
    appointmentAt: DateTime('Ngày hẹn trả kết quả.'),
  },
  { $id: 'CitizenFileSummary' },
);
export type CitizenFileSummary = Static<typeof CitizenFileSummary>;

export const CitizenFileReceivedPayload = Type.Object(
  { file: CitizenFileSummary },
  { $id: 'CitizenFileReceivedPayload' },
);

export const CITIZEN_FILE_CHANGES = [
  'step_done',
  'papers_requested',
  'papers_received',
  'done',
  'handed_back',
  'late',
  'apologised',
] as const;
export type CitizenFileChange = (typeof CITIZEN_FILE_CHANGES)[number];

export const CitizenFileChangedPayload = Type.Object(
  {
    file: CitizenFileSummary,
    change: StringEnum(CITIZEN_FILE_CHANGES, {
      description:
        'step_done: a step was done, the next is yours; papers_requested: returned to the citizen (the clock stops); papers_received: the clock runs again; done: the result is ready; handed_back: given to the citizen; late: it missed its appointment and waits for the step’s explanation and apology letter; apologised: the letter was filed with a new appointment and the file moves on.',
    }),
    step: Type.Integer({ minimum: 0, description: 'The step it concerns (index).' }),
    by: Nullable(PersonRef('Who acted; null when the worker found it late.')),
    at: DateTime('When.'),
  },
  { $id: 'CitizenFileChangedPayload' },
);

export const CitizenFileDisciplineCasePayload = Type.Object(
  {
    caseId: Uuid('Discipline case id.'),
    file: CitizenFileSummary,
    latenessNumber: Type.Integer({ minimum: 2, description: 'Which lateness opened it (2: trễ hẹn lần 2).' }),
    unitId: Uuid('The unit of the step that was late.'),
  },
  { $id: 'CitizenFileDisciplineCasePayload' },
);

export const FeedbackReceivedPayload = Type.Object(
  {
    id: Uuid('Feedback id.'),
    code: Type.String({ description: 'Mã phản ánh.' }),
    kind: StringEnum(['suggestion', 'complaint'] as const, {
      description: 'suggestion: góp ý; complaint: phản ánh.',
    }),
    unit: UnitRef('The unit written to.'),
    receivedAt: DateTime('Received at.'),
    dueAt: DateTime('The answer is due by then.'),
  },
  { $id: 'FeedbackReceivedPayload' },
);

export const ONE_STOP_FEED_EVENTS = {
  /** A file was received at your unit's counter, or has a step in your unit. */
  'citizen_file.received': CitizenFileReceivedPayload,
  /** A file of your unit's counter, or with a step in your unit, moved on. */
  'citizen_file.changed': CitizenFileChangedPayload,
  /** A file was late a second time: a discipline case for the step unit's head, yours to review. */
  'citizen_file.discipline_case': CitizenFileDisciplineCasePayload,
  /** A citizen wrote to your unit's feedback mailbox: yours to answer. */
  'feedback.received': FeedbackReceivedPayload,
};

declare module '@lt/realtime/contract' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this capability's events to the registry
  interface FeedPayloads extends PayloadsOf<typeof ONE_STOP_FEED_EVENTS> {}
}
