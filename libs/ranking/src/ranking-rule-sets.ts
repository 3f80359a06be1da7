import { Injectable } from '@nestjs/common';
import { CommandRunner } from '@lt/commands';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor } from '@lt/access';
import { AppError } from '@lt/common';
import { OrgTreeService } from '@lt/org';
import { PeopleService } from '@lt/people';
import { DataSource, EntityManager } from 'typeorm';
import { RankingRuleSetEntity } from './ranking.entity';
import { rootGrants } from './ranking-access';
import { GRADE_NAMES, normaliseRules, RankingRules, rulesProblems, withDefaults } from './ranking-rules';
import type { UpdateRankingRulesDto } from './ranking.dto';

export interface RuleSetView {
  id: string;
  /** Send it back with PUT: a newer rule set gives 409 request/conflict_version. */
  version: number;
  rules: RankingRules;
  gradeNames: typeof GRADE_NAMES;
  createdBy: { id: string; fullName: string } | null;
  createdAt: string;
}

/** The ranking rules in force (the newest rule set) and their change by a root unit's admin. */
@Injectable()
export class RankingRuleSets {
  constructor(
    private readonly commands: CommandRunner,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tree: OrgTreeService,
    private readonly people: PeopleService,
  ) {}

  /** The rule set in force; the migration seeds version 1, so there always is one. */
  async current(em: EntityManager = this.dataSource.manager): Promise<RankingRuleSetEntity> {
    const [latest] = await em.find(RankingRuleSetEntity, { order: { version: 'DESC' }, take: 1 });
    if (!latest) throw new Error('no ranking rule set: the migration seeds one');
    latest.rules = withDefaults(latest.rules);
    return latest;
  }

  async view(): Promise<RuleSetView> {
    return this.toView(this.dataSource.manager, await this.current());
  }

  /**
   * Adopts new rules as the next version. Months already stored keep the rule set they were
   * computed with; the new rules apply to months computed from now on.
   */
  async update(actor: Actor, dto: UpdateRankingRulesDto): Promise<RuleSetView> {
    return this.commands.run({
      name: 'ranking.rules.update',
      actor,
      // Two saves from the same version: the second is told the rules changed meanwhile.
      uniqueViolations: {
        ranking_rule_sets_version_key: new AppError('request/conflict_version', {
          expectedVersion: dto.version,
        }),
      },
      run: async (context) => {
        const { em } = context;
        const [grant] = await rootGrants(this.tree, em, actor, { permission: 'ranking.configure' });
        if (!grant) throw new AppError('access/forbidden', { permission: 'ranking.configure', unit: 'root' });
        const current = await this.current(em);
        // Left out, the files' weight stays as it is (a client that predates it changes nothing).
        const rules = normaliseRules({
          deadlineBasis: dto.deadlineBasis,
          citizenFileWeight: dto.citizenFileWeight ?? current.rules.citizenFileWeight,
          grades: dto.grades,
        });
        const problems = rulesProblems(rules);
        if (problems.length > 0) throw new AppError('ranking/invalid_rules', undefined, problems);
        if (current.version !== dto.version)
          throw new AppError('request/conflict_version', {
            id: current.id,
            expectedVersion: dto.version,
            currentVersion: current.version,
          });
        // Two admins saving at once: the unique version lets one in, the other gets 409 below.
        const saved = await em.save(
          em.create(RankingRuleSetEntity, {
            version: current.version + 1,
            rules,
            createdBy: actor.principal.userId,
          }),
        );
        await context.audit({
          actor,
          actingUnitId: grant.unitId,
          action: 'ranking.rules.update',
          subjectType: 'ranking_rule_set',
          subjectId: saved.id,
          before: { version: current.version, rules: current.rules },
          after: { version: saved.version, rules },
        });
        return this.toView(em, saved);
      },
    });
  }

  private async toView(em: EntityManager, set: RankingRuleSetEntity): Promise<RuleSetView> {
    const names = await this.people.namesOf(set.createdBy ? [set.createdBy] : [], em);
    return {
      id: set.id,
      version: set.version,
      rules: set.rules,
      gradeNames: GRADE_NAMES,
      createdBy: set.createdBy ? { id: set.createdBy, fullName: names.get(set.createdBy) ?? '' } : null,
      createdAt: set.createdAt.toISOString(),
    };
  }
}
