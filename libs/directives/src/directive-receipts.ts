import { CommandContext, CommandRunner } from '@lt/commands';
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { Actor } from '@lt/access';
import { AuditInput } from '@lt/audit';
import { AppError, ErrorCode } from '@lt/common';
import { OutgoingEvent, rooms } from '@lt/realtime';
import { ReceiptView } from './directive-events';
import { EntityManager } from 'typeorm';
import { DirectiveRecipientEntity } from './directive.entity';
import { receiptState, toReceipt } from './directive-views';

export type ReceiptKind = 'delivered' | 'read' | 'acknowledge';
const STRENGTH: Record<ReceiptKind, number> = { delivered: 1, read: 2, acknowledge: 3 };
const BATCH = 1000;
const MAX_IN_FLIGHT = 2;

interface Request {
  actor: Actor;
  kind: ReceiptKind;
  directiveIds: string[];
  comment: string | null;
  resolve: (views: ReceiptView[]) => void;
  reject: (error: unknown) => void;
}

interface Current extends DirectiveRecipientEntity {
  ackRequired: boolean;
  recalledAt: Date | null;
}

const key = (directiveId: string, userId: string) => `${directiveId}:${userId}`;

/**
 * Receipts (delivered, read, acknowledged), written in batches. Thousands of recipients
 * answer a directive within seconds; one transaction per receipt would spend the database
 * on commits. Requests queue while a batch is being written and go together in the next:
 * one locking read, one update, one counter update, one audit append, one outbox insert,
 * one commit — then every caller's promise settles. Each request is all or nothing: one that
 * names a directive the person did not receive is refused whole and stores nothing.
 * Receipts are idempotent: a second "read" keeps the first time.
 */
@Injectable()
export class DirectiveReceipts implements OnApplicationShutdown {
  private readonly logger = new Logger(DirectiveReceipts.name);
  private queue: Request[] = [];
  private inFlight = 0;
  private scheduled = false;
  private idle: (() => void)[] = [];

  constructor(private readonly commands: CommandRunner) {}

  record(
    actor: Actor,
    kind: ReceiptKind,
    directiveIds: string[],
    comment?: string | null,
  ): Promise<ReceiptView[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({
        actor,
        kind,
        directiveIds: [...new Set(directiveIds)],
        comment: comment?.trim() || null,
        resolve,
        reject,
      });
      this.schedule();
    });
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.inFlight === 0 && this.queue.length === 0) return;
    await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  /** Requests that arrive in the same turn of the event loop join one batch. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.fill();
    });
  }

  /**
   * Keeps up to MAX_IN_FLIGHT batches writing: while one waits on the database the next is
   * prepared and sent, and requests queue meanwhile into a bigger next batch.
   */
  private fill(): void {
    while (this.inFlight < MAX_IN_FLIGHT && this.queue.length > 0) {
      let size = 0;
      let count = 0;
      while (count < this.queue.length && size < BATCH) size += this.queue[count++].directiveIds.length;
      const batch = this.queue.splice(0, count);
      this.inFlight += 1;
      this.writeWithRetry(batch)
        .then(
          () => undefined,
          (error: unknown) => {
            this.logger.error({ err: error }, 'receipt batch failed');
            for (const request of batch) request.reject(error);
          },
        )
        .finally(() => {
          this.inFlight -= 1;
          this.fill();
          if (this.inFlight === 0 && this.queue.length === 0)
            this.idle.splice(0).forEach((resolve) => resolve());
        });
    }
  }

  private async writeWithRetry(batch: Request[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        // One command for the whole batch: many people's receipts, each audited with its own actor.
        const settle = await this.commands.change('directive.receipts', null, (context) =>
          this.write(context, batch),
        );
        settle();
        return;
      } catch (error) {
        // A deadlock or serialization failure with another instance's batch: try again.
        const code = (error as { driverError?: { code?: string }; code?: string }).driverError?.code;
        if (attempt < 3 && (code === '40P01' || code === '40001')) continue;
        // Anything else may be one request's doing (a value the database refuses): each is
        // written on its own, so only that one fails and the others' receipts are kept.
        if (batch.length > 1) return this.writeEach(batch);
        throw error;
      }
    }
  }

  private async writeEach(batch: Request[]): Promise<void> {
    for (const request of batch) {
      try {
        const settle = await this.commands.change('directive.receipts', null, (context) =>
          this.write(context, [request]),
        );
        settle();
      } catch (error) {
        request.reject(error);
      }
    }
  }

  /** Writes a batch; returns what to tell the callers once the transaction has committed. */
  private async write(context: CommandContext, batch: Request[]): Promise<() => void> {
    const { em } = context;
    const keys = [
      ...new Set(batch.flatMap((r) => r.directiveIds.map((id) => key(id, r.actor.principal.userId)))),
    ].sort();
    const current = await this.lockCurrent(em, keys);
    const now = new Date();
    const refused = new Map<Request, ErrorCode>();
    // The strongest accepted receipt per recipient, with the request that asked for it.
    const wanted = new Map<string, { kind: ReceiptKind; request: Request }>();
    for (const request of batch) {
      const problem = this.problem(request, current);
      if (problem) {
        refused.set(request, problem);
        continue;
      }
      for (const id of request.directiveIds) {
        const k = key(id, request.actor.principal.userId);
        const before = wanted.get(k);
        if (!before || STRENGTH[request.kind] > STRENGTH[before.kind])
          wanted.set(k, { kind: request.kind, request });
      }
    }

    const changed: { before: Current; after: Current; request: Request; kind: ReceiptKind }[] = [];
    for (const [k, { kind, request }] of [...wanted.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const before = current.get(k)!;
      const after: Current = { ...before };
      after.deliveredAt ??= now;
      if (kind !== 'delivered') after.readAt ??= now;
      if (kind === 'acknowledge' && !before.acknowledgedAt) {
        after.acknowledgedAt = now;
        after.ackComment = request.comment;
      }
      if (receiptState(after) !== receiptState(before) || after.deliveredAt !== before.deliveredAt) {
        changed.push({ before, after, request, kind });
        current.set(k, after);
      }
    }

    if (changed.length > 0) {
      await em.query(
        `UPDATE directive_recipients r
            SET delivered_at = v.delivered_at, read_at = v.read_at, acknowledged_at = v.acknowledged_at, ack_comment = v.comment
           FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::timestamptz[], $5::timestamptz[], $6::varchar[])
                AS v(directive_id, user_id, delivered_at, read_at, acknowledged_at, comment)
          WHERE r.directive_id = v.directive_id AND r.user_id = v.user_id`,
        [
          changed.map((c) => c.after.directiveId),
          changed.map((c) => c.after.userId),
          changed.map((c) => c.after.deliveredAt),
          changed.map((c) => c.after.readAt),
          changed.map((c) => c.after.acknowledgedAt),
          changed.map((c) => c.after.ackComment),
        ],
      );
      await this.countAndAnnounce(context, changed);
    }

    return () => {
      for (const request of batch) {
        const problem = refused.get(request);
        if (problem) request.reject(new AppError(problem));
        else
          request.resolve(
            request.directiveIds.map((id) =>
              toReceipt(current.get(key(id, request.actor.principal.userId))!),
            ),
          );
      }
    };
  }

  private problem(request: Request, current: Map<string, Current>): ErrorCode | null {
    for (const id of request.directiveIds) {
      const receipt = current.get(key(id, request.actor.principal.userId));
      // Not a recipient: answered as "not found", so ids of other units' directives leak nothing.
      if (!receipt) return 'directive/not_found';
      if (request.kind === 'acknowledge' && !receipt.acknowledgedAt) {
        if (!receipt.ackRequired) return 'directive/ack_not_required';
        if (receipt.recalledAt) return 'directive/recalled';
      }
    }
    return null;
  }

  /**
   * Reads and locks the receipts a batch touches, one statement per directive with the
   * primary key (directive_id, user_id = ANY): joined through unnest, the planner sometimes
   * scanned a whole directive's rows per key.
   */
  private async lockCurrent(em: EntityManager, keys: string[]): Promise<Map<string, Current>> {
    const byDirective = new Map<string, string[]>();
    for (const k of keys) {
      const [directiveId, userId] = k.split(':');
      byDirective.set(directiveId, [...(byDirective.get(directiveId) ?? []), userId]);
    }
    const result = new Map<string, Current>();
    for (const [directiveId, userIds] of [...byDirective.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const rows: Current[] = await em.query(
        `SELECT r.directive_id AS "directiveId", r.user_id AS "userId", r.unit_id AS "unitId", r.role,
                r.delivered_at AS "deliveredAt", r.read_at AS "readAt", r.acknowledged_at AS "acknowledgedAt",
                r.ack_comment AS "ackComment", r.escalated_at AS "escalatedAt",
                d.ack_required AS "ackRequired", d.recalled_at AS "recalledAt"
           FROM directive_recipients r JOIN directives d ON d.id = r.directive_id
          WHERE r.directive_id = $1 AND r.user_id = ANY($2::uuid[])
          ORDER BY r.user_id
            FOR UPDATE OF r`,
        [directiveId, userIds.sort()],
      );
      for (const row of rows) result.set(key(row.directiveId, row.userId), row);
    }
    return result;
  }

  /** Audit entries for reads and acknowledgements, counters on the directive, and the progress events. */
  private async countAndAnnounce(
    context: CommandContext,
    changed: { before: Current; after: Current; request: Request; kind: ReceiptKind }[],
  ): Promise<void> {
    const { em } = context;
    const perDirective = new Map<string, { delivered: number; read: number; ack: number }>();
    for (const { before, after } of changed) {
      const c = perDirective.get(after.directiveId) ?? { delivered: 0, read: 0, ack: 0 };
      if (!before.deliveredAt && after.deliveredAt) c.delivered += 1;
      if (!before.readAt && after.readAt) c.read += 1;
      if (!before.acknowledgedAt && after.acknowledgedAt) c.ack += 1;
      perDirective.set(after.directiveId, c);
    }
    // Delivery is a device's technical receipt; reading and acknowledging are a person's acts.
    const personal = changed.filter((c) => c.kind !== 'delivered');
    const audits: AuditInput[] = personal.map(({ after, request, kind }) => ({
      actor: request.actor,
      actingUnitId: after.unitId,
      action: kind === 'acknowledge' ? 'directive.acknowledge' : 'directive.read',
      subjectType: 'directive',
      subjectId: after.directiveId,
      after: kind === 'acknowledge' ? { comment: after.ackComment } : null,
    }));
    await context.audit(...audits);

    // The counters row is locked last, so concurrent batches wait on it only for the commit.
    const ids = [...perDirective.keys()].sort();
    // TypeORM answers an UPDATE with [rows, affected].
    const [counts]: [
      { id: string; recipients: number; delivered: number; read: number; acknowledged: number }[],
      number,
    ] = await em.query(
      `UPDATE directives d
            SET delivered_count = d.delivered_count + x.delivered, read_count = d.read_count + x.read,
                ack_count = d.ack_count + x.ack
           FROM unnest($1::uuid[], $2::int[], $3::int[], $4::int[]) AS x(id, delivered, read, ack)
          WHERE d.id = x.id
        RETURNING d.id, d.recipient_count AS recipients, d.delivered_count AS delivered, d.read_count AS read,
                  d.ack_count AS acknowledged`,
      [
        ids,
        ids.map((id) => perDirective.get(id)!.delivered),
        ids.map((id) => perDirective.get(id)!.read),
        ids.map((id) => perDirective.get(id)!.ack),
      ],
    );

    // The person's own devices learn of their receipt from the answer and from the inbox; a
    // feed event per receipt would double the writes of every acknowledgement.
    const events: OutgoingEvent[] = [];
    for (const c of counts) {
      const { id, ...rest } = c;
      events.push({
        name: 'directive.progress',
        live: true,
        rooms: [rooms.directive(id)],
        payload: {
          directiveId: id,
          counts: rest,
          changes: changed
            .filter((x) => x.after.directiveId === id)
            .map((x) => ({
              userId: x.after.userId,
              unitId: x.after.unitId,
              state: receiptState(x.after),
              at: (x.after.acknowledgedAt ?? x.after.readAt ?? x.after.deliveredAt)!.toISOString(),
            })),
        },
      });
    }
    await context.emit(...events);
  }
}
