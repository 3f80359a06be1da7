import { Injectable } from '@nestjs/common';
import { CommandContext, CommandRunner } from '@lt/commands';
import { AccessService, Actor, actingWith, headingPositionFor, LEADING_ROLES } from '@lt/access';
import { AppError } from '@lt/common';
import { requireVersion } from '@lt/database';
import { PeopleService } from '@lt/people';
import { SignedDecision, SignedDecisions } from '@lt/signing';
import { DisciplineCaseEntity, LatenessEntity } from '@lt/lateness';
import { CitizenFileSummaries } from '@lt/one-stop';
import { TaskViews } from '@lt/tasks';
import type { DisciplineDecisionDto } from './discipline.dto';
import { mayReadCase } from './discipline-queries';
import { DisciplineCaseView, DisciplineCaseViews } from './discipline-views';

/**
 * The head's decision on a discipline case (xử lý trễ hạn lần 2), recorded once: chấp nhận
 * giải trình, nhắc nhở, phê bình or đề nghị xem xét xử lý kỷ luật. Only a leader (the head,
 * not a deputy) of the reviewer unit decides. In one transaction: lock the case, check who
 * acts, verify the head's signature on the decision, refuse a decided case (409
 * discipline/already_decided) or a stale version, record,
 * audit, and tell the lead of the task.
 */
@Injectable()
export class DecideDisciplineCase {
  constructor(
    private readonly commands: CommandRunner,
    private readonly access: AccessService,
    private readonly people: PeopleService,
    private readonly taskViews: TaskViews,
    private readonly fileSummaries: CitizenFileSummaries,
    private readonly caseViews: DisciplineCaseViews,
    private readonly decisions: SignedDecisions,
  ) {}

  async execute(
    actor: Actor,
    id: string,
    signed: SignedDecision<DisciplineDecisionDto>,
    now = new Date(),
  ): Promise<DisciplineCaseView> {
    const dto = signed.content;
    const view = await this.commands.change('discipline.decide', actor, async (context) => {
      const { em, audit } = context;
      const kase = await em.findOne(DisciplineCaseEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!kase || !(await mayReadCase(em, this.access, actor.principal, kase)))
        throw new AppError('discipline/case_not_found', { id });
      // The head decides — or whoever the head delegated deciding to (Q., TUQ.), named as such.
      const position = headingPositionFor(actor.principal, 'discipline.decide', kase.reviewerUnitId);
      if (!position) throw new AppError('discipline/not_reviewer', { reviewerUnitId: kase.reviewerUnitId });
      if (kase.decision !== null)
        throw new AppError('discipline/already_decided', {
          decision: kase.decision,
          decidedAt: kase.decidedAt?.toISOString(),
        });
      const verified = await this.decisions.verify(em, actor, signed, {
        subjectType: 'discipline_case',
        subjectId: kase.id,
        action: 'decide',
      });
      const { signatureId } = verified;
      // Decided thừa ủy quyền: the signed bytes name the delegation that heads the unit (the
      // signature itself names both people); in one's own right they name none.
      if (
        (verified.position.delegation?.delegationId ?? null) !== (position.delegation?.delegationId ?? null)
      )
        throw new AppError('discipline/acting_for_mismatch', {
          actingFor: position.delegation
            ? { delegationId: position.delegation.delegationId, delegatorId: position.delegation.delegatorId }
            : null,
        });
      requireVersion(kase, dto.version);
      if (dto.decision === 'accept_explanation') {
        const lateness = await em.findOneBy(LatenessEntity, { id: kase.latenessId });
        if (!lateness?.explanation) throw new AppError('discipline/explanation_not_filed', { id });
      }
      const note = dto.note?.trim() || null;
      kase.decision = dto.decision;
      kase.decisionNote = note;
      kase.decidedBy = actor.principal.userId;
      kase.decidedOnBehalfOfId = position.delegation?.delegatorId ?? null;
      kase.decidedAt = now;
      await em.save(kase);
      const by = actingWith(actor, position);
      await audit({
        actor: by,
        actingUnitId: kase.reviewerUnitId,
        action: 'discipline_case.decide',
        subjectType: 'discipline_case',
        subjectId: kase.id,
        before: { decision: null },
        after: {
          [kase.subjectType === 'task' ? 'taskId' : 'citizenFileId']: kase.subjectId,
          decision: dto.decision,
          note,
          signatureId,
        },
      });
      await this.announce(context, by, kase, note, now);
      const [decided] = await this.caseViews.views(em, actor.principal, [kase.id]);
      return decided;
    });
    return view;
  }

  /**
   * The decision to who was late: `task.discipline_decided` to the task's lead (the person, or
   * the leaders of the lead unit), `citizen_file.discipline_decided` to the leaders of the late
   * step's unit.
   */
  private async announce(
    { em, emit }: CommandContext,
    actor: Actor,
    kase: DisciplineCaseEntity,
    note: string | null,
    now: Date,
  ): Promise<void> {
    const decided = {
      caseId: kase.id,
      decision: kase.decision!,
      note,
      decidedBy: { id: actor.principal.userId, fullName: actor.principal.fullName },
      onBehalfOf: actor.onBehalfOf
        ? { id: actor.onBehalfOf.delegatorId, fullName: actor.onBehalfOf.delegatorName }
        : null,
      decidedAt: now.toISOString(),
    };
    const leaders = async (unitId: string) =>
      (await this.people.positionHolders([unitId], { roles: LEADING_ROLES }, em)).map((h) => h.userId);
    const others = (audience: string[]) => audience.filter((userId) => userId !== actor.principal.userId);
    if (kase.subjectType === 'citizen_file') {
      const file = (await this.fileSummaries.of(em, [kase.subjectId])).get(kase.subjectId)!;
      await emit({
        name: 'citizen_file.discipline_decided',
        payload: { ...decided, file },
        audience: others(await leaders(kase.unitId)),
      });
      return;
    }
    const task = (await this.taskViews.summaries(em, [kase.subjectId])).get(kase.subjectId)!;
    await emit({
      name: 'task.discipline_decided',
      payload: { ...decided, task },
      audience: others(task.lead.user ? [task.lead.user.id] : await leaders(task.lead.unit.id)),
    });
  }
}
