import { Injectable } from '@nestjs/common';
import { CommandRunner } from '@lt/commands';
import { Actor } from '@lt/access';
import { AppError } from '@lt/common';
import { requireVersion } from '@lt/database';
import { BriefingAccess } from './briefing-access';
import { CloseBriefingDto } from './briefing.dto';
import { BriefingSummaries } from './briefing-summaries';
import { BriefingView, BriefingViews } from './briefing-views';

/**
 * After the meeting a leader of the unit closes (kết thúc) the briefing with its conclusion
 * (kết luận): from then on it is read-only and archived. Every reporter and the unit's other
 * leaders get `briefing.closed` with the final counts.
 */
@Injectable()
export class CloseBriefing {
  constructor(
    private readonly commands: CommandRunner,
    private readonly access: BriefingAccess,
    private readonly summaries: BriefingSummaries,
    private readonly views: BriefingViews,
  ) {}

  async execute(actor: Actor, id: string, dto: CloseBriefingDto, now = new Date()): Promise<BriefingView> {
    const { principal } = actor;
    const view = await this.commands.change('briefing.close', actor, async ({ em, audit, emit }) => {
      const briefing = await this.access.requireReadable(actor, id, em, 'update');
      this.access.requireUnitLeader(principal, briefing);
      if (briefing.state !== 'open') throw new AppError('briefing/closed', { id });
      requireVersion(briefing, dto.version);
      const conclusion = dto.conclusion.trim();
      await em.query(
        `UPDATE briefings SET state = 'closed', conclusion = $2, closed_by = $3, closed_at = $4, version = version + 1
          WHERE id = $1`,
        [id, conclusion, principal.userId, now],
      );
      Object.assign(briefing, {
        state: 'closed',
        conclusion,
        closedBy: principal.userId,
        closedAt: now,
        version: briefing.version + 1,
      });
      const view = await this.views.view(em, actor, briefing, now);
      await audit({
        actor,
        actingUnitId: briefing.unitId,
        action: 'briefing.close',
        subjectType: 'briefing',
        subjectId: id,
        before: { state: 'open' },
        after: { state: 'closed', conclusion, counts: view.counts },
      });
      const reporters = await this.access.reporterPeople(em, id);
      const audience = new Set(
        [...reporters.values()].flat().concat(await this.access.unitLeaders(em, briefing.unitId)),
      );
      audience.delete(principal.userId);
      await emit({
        name: 'briefing.closed',
        payload: {
          briefing: await this.summaries.summary(em, id),
          counts: view.counts,
          by: { id: principal.userId, fullName: principal.fullName },
          at: now.toISOString(),
        },
        audience: [...audience],
      });
      return view;
    });
    return view;
  }
}
