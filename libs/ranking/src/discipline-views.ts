import { Injectable } from '@nestjs/common';
import { headingPositionFor } from '@lt/access';
import type { Principal } from '@lt/access';
import { OrgTreeService } from '@lt/org';
import { PeopleService } from '@lt/people';
import { DisciplineCaseRow, disciplineCaseRows, type DisciplineDecision, latenessesOf } from '@lt/lateness';
import { CitizenFileSummaries, type CitizenFileSummary } from '@lt/one-stop';
import { type TaskSummary, TaskViews } from '@lt/tasks';
import { EntityManager } from 'typeorm';

export const DECISION_NAMES: Record<DisciplineDecision, { vi: string; en: string }> = {
  accept_explanation: { vi: 'Chấp nhận giải trình', en: 'Explanation accepted' },
  remind: { vi: 'Nhắc nhở', en: 'Reminded' },
  criticise: { vi: 'Phê bình', en: 'Criticised' },
  propose_discipline: { vi: 'Đề nghị xem xét xử lý kỷ luật', en: 'Referred for disciplinary review' },
};

export interface LatenessView {
  number: number;
  missedDeadline: string;
  overdueAt: string;
  /** Giải trình; null until the lead files it. */
  explanation: string | null;
  /** Thư xin lỗi, addressed to the assigner (a task) or the citizen (a file). */
  apology: string | null;
  /** The new appointment the letter promised the citizen (a file); null for a task. */
  newDueAt: string | null;
  filedBy: { id: string; fullName: string } | null;
  filedAt: string | null;
}

export interface DisciplineCaseView {
  id: string;
  state: 'open' | 'decided';
  openedAt: string;
  /** The lateness that opened the case (2 for a second lateness). */
  latenessNumber: number;
  /** The unit that was late. */
  unit: { id: string; name: string };
  /** The unit whose head reviews the case. */
  reviewerUnit: { id: string; name: string };
  /** What was late: a task, or a citizen's file (hồ sơ một cửa); the other is null. */
  task: TaskSummary | null;
  citizenFile: CitizenFileSummary | null;
  /** Every lateness of it, first first, with its explanation and apology letter. */
  latenesses: LatenessView[];
  decision: {
    decision: DisciplineDecision;
    name: { vi: string; en: string };
    note: string | null;
    decidedBy: { id: string; fullName: string };
    /** Decided thừa ủy quyền (or as acting head): the head whose post the decider used. */
    onBehalfOf: { id: string; fullName: string } | null;
    decidedAt: string;
  } | null;
  /** You are a head (leader) of the reviewer unit and the case is open. */
  mayDecide: boolean;
  /** You decide it by delegation: the `actingFor` your signed decision names. */
  decidingFor: { delegationId: string; delegatorId: string; delegatorName: string } | null;
  /** Send it back with the decision. */
  version: number;
}

/** Discipline cases as the review shows them: the lateness mechanism's rows, named by their subjects, org and people. */
@Injectable()
export class DisciplineCaseViews {
  constructor(
    private readonly tree: OrgTreeService,
    private readonly people: PeopleService,
    private readonly taskViews: TaskViews,
    private readonly fileSummaries: CitizenFileSummaries,
  ) {}

  /** The views of `ids`, in their order: the cases, their latenesses and tasks, and the names of each, batched. */
  async views(
    em: EntityManager,
    principal: Principal,
    ids: readonly string[],
  ): Promise<DisciplineCaseView[]> {
    if (ids.length === 0) return [];
    const rows = await disciplineCaseRows(em, ids);
    const of = (type: DisciplineCaseRow['subjectType']) => [
      ...new Set(rows.filter((r) => r.subjectType === type).map((r) => r.subjectId)),
    ];
    const [taskIds, fileIds] = [of('task'), of('citizen_file')];
    const latenesses = [
      ...(await latenessesOf(em, 'task', taskIds)),
      ...(await latenessesOf(em, 'citizen_file', fileIds)),
    ];
    const tasks = await this.taskViews.summaries(em, taskIds);
    const files = await this.fileSummaries.of(em, fileIds);
    const unitName = new Map(
      (
        await this.tree.units(
          rows.flatMap((r) => [r.unitId, r.reviewerUnitId]),
          em,
        )
      ).map((u) => [u.id, u.name]),
    );
    const fullName = await this.people.namesOf(
      [
        ...rows.flatMap((r) => [r.decidedBy, r.decidedOnBehalfOfId]),
        ...latenesses.map((l) => l.filedBy),
      ].filter((id): id is string => id !== null),
      em,
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids
      .map((id) => byId.get(id))
      .filter((r): r is DisciplineCaseRow => r !== undefined)
      .map((r) => ({
        id: r.id,
        state: r.decision === null ? 'open' : 'decided',
        openedAt: r.openedAt.toISOString(),
        latenessNumber: r.latenessNumber,
        unit: { id: r.unitId, name: unitName.get(r.unitId) ?? '' },
        reviewerUnit: { id: r.reviewerUnitId, name: unitName.get(r.reviewerUnitId) ?? '' },
        task: r.subjectType === 'task' ? tasks.get(r.subjectId)! : null,
        citizenFile: r.subjectType === 'citizen_file' ? files.get(r.subjectId)! : null,
        latenesses: latenesses
          .filter((l) => l.subjectId === r.subjectId)
          .map((l) => ({
            number: l.number,
            missedDeadline: l.missedDeadline.toISOString(),
            overdueAt: l.overdueAt.toISOString(),
            explanation: l.explanation,
            apology: l.apology,
            newDueAt: l.newDueAt?.toISOString() ?? null,
            filedBy: l.filedBy ? { id: l.filedBy, fullName: fullName.get(l.filedBy) ?? '' } : null,
            filedAt: l.filedAt?.toISOString() ?? null,
          })),
        decision:
          r.decision === null
            ? null
            : {
                decision: r.decision,
                name: DECISION_NAMES[r.decision],
                note: r.decisionNote,
                decidedBy: { id: r.decidedBy!, fullName: fullName.get(r.decidedBy!) ?? '' },
                onBehalfOf: r.decidedOnBehalfOfId
                  ? { id: r.decidedOnBehalfOfId, fullName: fullName.get(r.decidedOnBehalfOfId) ?? '' }
                  : null,
                decidedAt: r.decidedAt!.toISOString(),
              },
        ...this.deciding(principal, r),
        version: r.version,
      }));
  }

  /** Whether the reader decides the case, and under which delegation if not in their own right. */
  private deciding(
    principal: Principal,
    r: DisciplineCaseRow,
  ): Pick<DisciplineCaseView, 'mayDecide' | 'decidingFor'> {
    const position =
      r.decision === null ? headingPositionFor(principal, 'discipline.decide', r.reviewerUnitId) : null;
    const delegation = position?.delegation;
    return {
      mayDecide: position !== null,
      decidingFor: delegation
        ? {
            delegationId: delegation.delegationId,
            delegatorId: delegation.delegatorId,
            delegatorName: delegation.delegatorName,
          }
        : null,
    };
  }
}
