import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Actor } from '@lt/access';
import type { AuditInput } from '@lt/audit';
import { CommandRunner } from '@lt/commands';
import { AppConfig } from '@lt/config';

/** What was opened: a document, a directive, a task, an attachment of one, or an export. */
export interface Viewed {
  type: string;
  id: string;
  /** `view` (opened), `download` (an attachment), `export`. */
  how: 'view' | 'download' | 'export';
  /** For a download: the file; for an export: what was exported. */
  detail?: Record<string, unknown>;
}

const MAX_BATCH = 2_000;

/**
 * Who viewed what, and when (Decree 30/2020, Appendix VI: "ai truy cập, xem, khi nào"): every
 * opening of a document, directive, task or attachment, and every export, becomes an audit
 * entry `<type>.<how>` with the person, the time and the request id. A read must not wait for
 * a write: views are kept in memory and appended in one command per VIEW_FLUSH_MS (one chain
 * lock per unit per batch, however many people read), and flushed before the process stops.
 */
@Injectable()
export class ViewLog implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ViewLog.name);
  private pending: AuditInput[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly commands: CommandRunner,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.AUDIT_VIEWS) return;
    this.timer = setInterval(() => void this.flush(), this.config.VIEW_FLUSH_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }

  /** Records that `actor` viewed `item` (at the next flush). */
  seen(actor: Actor, item: Viewed, at = new Date()): void {
    if (!this.config.AUDIT_VIEWS) return;
    this.pending.push({
      actor,
      // In the chain of the unit the reader acts for, as every entry of theirs.
      actingUnitId: actor.principal.positions[0]?.unitId ?? null,
      action: `${item.type}.${item.how}`,
      subjectType: item.type,
      subjectId: item.id,
      after: { at: at.toISOString(), ...item.detail },
    });
    if (this.pending.length >= MAX_BATCH) void this.flush();
  }

  /** Writes what is pending, one batch at a time; resolves when it is in the chain. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, MAX_BATCH);
        try {
          await this.commands.change('audit.views', null, ({ audit }) => audit(...batch));
        } catch (error) {
          // Kept for the next round: a view is not lost to one failed write.
          this.pending.unshift(...batch);
          this.logger.warn(`views not written yet (${batch.length}): ${String(error)}`);
          return;
        }
      }
    });
    return this.flushing;
  }
}
