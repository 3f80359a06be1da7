import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BriefingReminders } from '@lt/briefings';
import { IdempotencyKeys } from '@lt/commands';
import { AppConfig } from '@lt/config';
import { DirectiveEscalation } from '@lt/directives';
import { EscalationLadder } from '@lt/escalation';
import { FilesService } from '@lt/files';
import { MonthlyRanking } from '@lt/ranking';
import { FeedPruner } from '@lt/realtime';
import { TaskDeadlines } from '@lt/tasks';
import { DocumentReminders } from '@lt/documents';
import { FileLateness, PersonalDataRetention } from '@lt/one-stop';

/** How long a command's Idempotency-Key is remembered. */
const IDEMPOTENCY_KEY_DAYS = 7;

/**
 * The worker's timed rules, run one after the other every WORKER_SCAN_SECONDS: missed
 * acknowledgement deadlines, task deadlines (reminders, lateness), the next step of every
 * escalation due (up the tree), briefing reminders before
 * their cut-off, then feed pruning, uploads never attached, citizens' personal data past its
 * retention and week-old Idempotency-Keys, and the ranking of the month
 * that has just ended (stored once).
 * Each rule claims its rows with SKIP LOCKED (the ranking its month's marker row)
 * and marks them, so several workers can run side by side without double notices.
 * `runOnce(now)` is the seam tests use to drive the clock.
 */
@Injectable()
export class TimedRulesService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('TimedRules');
  private timer?: NodeJS.Timeout;
  private running: Promise<void> | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly escalation: DirectiveEscalation,
    private readonly ladder: EscalationLadder,
    private readonly pruner: FeedPruner,
    private readonly deadlines: TaskDeadlines,
    private readonly files: FilesService,
    private readonly ranking: MonthlyRanking,
    private readonly briefings: BriefingReminders,
    private readonly idempotencyKeys: IdempotencyKeys,
    private readonly documentReminders: DocumentReminders,
    private readonly retention: PersonalDataRetention,
    private readonly fileLateness: FileLateness,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), this.config.WORKER_SCAN_SECONDS * 1000);
    this.tick();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.idle();
  }

  /** Resolves once the pass in progress (the one started at bootstrap, say) has ended. */
  async idle(): Promise<void> {
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.runOnce(new Date())
      .then(() => undefined)
      .catch((error: unknown) => this.logger.error({ err: error }, 'timed rules failed'))
      .finally(() => (this.running = null));
  }

  async runOnce(now: Date): Promise<{
    escalated: number;
    /** Steps made up the tree by escalations already open. */
    climbed: number;
    pruned: number;
    tasks: { reminded: number; overdue: number; disciplineCases: number };
    /** Briefing reporters reminded before the cut-off. */
    briefingReminders: number;
    /** Incoming documents reminded as due soon or overdue. */
    documentReminders: number;
    drafts: number;
    /** Citizens' files whose personal data was masked past its retention. */
    masked: number;
    /** Citizens' files that missed their appointment, and the discipline cases a second miss opened. */
    citizenFiles: { late: number; disciplineCases: number };
    /** The month (YYYY-MM) this pass closed and stored, if any. */
    rankedMonth: string | null;
  }> {
    const escalated = await this.escalation.run(now);
    const tasks = await this.deadlines.run(now);
    const climbed = await this.ladder.climb(now);
    const briefingReminders = await this.briefings.run(now);
    const documentReminders = await this.documentReminders.run(now);
    const pruned = await this.pruner.prune(now);
    const drafts = await this.files.sweepDrafts(now);
    const masked = await this.retention.run(now);
    const citizenFiles = await this.fileLateness.run(now);
    await this.idempotencyKeys.prune(new Date(now.getTime() - IDEMPOTENCY_KEY_DAYS * 86_400_000));
    // After the deadline rules, so a lateness of the month's last minutes is counted.
    const ranked = await this.ranking.closeEndedMonth(now);
    if (escalated > 0)
      this.logger.log(`escalated ${escalated} directive(s) past their acknowledgement deadline`);
    if (climbed > 0) this.logger.log(`escalations: ${climbed} step(s) up the tree`);
    if (tasks.reminded + tasks.overdue > 0)
      this.logger.log(
        `tasks: ${tasks.reminded} reminded, ${tasks.overdue} overdue, ${tasks.disciplineCases} discipline case(s) opened`,
      );
    if (documentReminders > 0) this.logger.log(`documents: ${documentReminders} reminded as due or overdue`);
    if (briefingReminders > 0)
      this.logger.log(`briefings: ${briefingReminders} reporter(s) reminded before the cut-off`);
    if (citizenFiles.late > 0)
      this.logger.log(
        `one-stop: ${citizenFiles.late} file(s) late, ${citizenFiles.disciplineCases} discipline case(s) opened`,
      );
    if (masked > 0) this.logger.log(`one-stop: personal data of ${masked} file(s) masked past retention`);
    if (ranked)
      this.logger.log(
        `ranking: month ${ranked.month} stored (${ranked.units} unit(s), ${ranked.people} person(s))`,
      );
    return {
      escalated,
      climbed,
      pruned: pruned.durable + pruned.live,
      tasks,
      briefingReminders,
      documentReminders,
      drafts,
      masked,
      citizenFiles,
      rankedMonth: ranked?.month ?? null,
    };
  }
}
