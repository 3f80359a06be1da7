import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@lt/access';
import { AuditInput, AuditLog } from '@lt/audit';
import { AppError, ErrorCode } from '@lt/common';
import { isUniqueViolation, sendTogether } from '@lt/database';
import { OutgoingEvent, RealtimeOutbox } from '@lt/realtime';
import { DataSource, EntityManager } from 'typeorm';
import { IdempotencyKeys } from './idempotency-keys';

/** Thrown to roll a dry run back once it has answered. */
class RolledBack extends Error {}

/** What a use-case gets to make its change: the transaction, and where its audit and events go. */
export interface CommandContext {
  /** The transaction: every read and write of the change goes through it. */
  readonly em: EntityManager;
  /**
   * Audit entries, in the change's transaction (they commit or roll back with it). They are
   * written when the use-case returns, together with its events.
   */
  readonly audit: (...entries: AuditInput[]) => Promise<void>;
  /** Outgoing events, in the change's transaction; the relay is kicked after the commit. */
  readonly emit: (...events: OutgoingEvent[]) => Promise<void>;
}

export interface Command<T> {
  /** What is done, e.g. `directive.issue`: an Idempotency-Key is scoped to it and its actor. */
  name: string;
  actor: Actor | null;
  /**
   * A create request's Idempotency-Key, with the request it names (the validated body and
   * whatever else identifies it, e.g. the route's ids): a retry with the same key and the
   * same request answers what the first one returned; another request under the same key is
   * refused with `conflict`.
   */
  idempotency?: {
    key: string | undefined;
    request: unknown;
    conflict: ErrorCode;
    /** A retry answers the thing as it is now (edited since, say), read again from what the first answer named. */
    reread?: (first: T, em: EntityManager) => Promise<T>;
  };
  /**
   * Runs every check and write of the change, then rolls it all back and answers what it
   * returned: a dry run that cannot differ from the real one (the merge's preview).
   */
  dryRun?: boolean;
  /** Unique constraints the change may run into, and the catalogue error each means (with details, an AppError). */
  uniqueViolations?: Record<string, ErrorCode | AppError>;
  run(context: CommandContext): Promise<T>;
}

/**
 * The one way a change is written: opens the transaction, checks and records the
 * Idempotency-Key, runs the use-case with a context through which it appends audit entries
 * and outgoing events, commits, kicks the relay after the commit, and turns the unique
 * violations the command names into the catalogue's errors. Use-cases open no transaction
 * of their own and never kick the relay.
 */
@Injectable()
export class CommandRunner {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly outbox: RealtimeOutbox,
    private readonly keys: IdempotencyKeys,
  ) {}

  async run<T>(command: Command<T>): Promise<T> {
    try {
      return await this.attempt(command);
    } catch (error) {
      for (const [constraint, code] of Object.entries(command.uniqueViolations ?? {}))
        if (isUniqueViolation(error, constraint)) throw code instanceof AppError ? code : new AppError(code);
      throw error;
    }
  }

  /** A command without Idempotency-Key or named unique violations: `run({ name, actor, run: work })`. */
  change<T>(name: string, actor: Actor | null, work: (context: CommandContext) => Promise<T>): Promise<T> {
    return this.run({ name, actor, run: work });
  }

  private async attempt<T>(command: Command<T>): Promise<T> {
    let emitted = false;
    // Held until the use-case returns, then written in two round trips whatever their number:
    // the chains' places reserved, then the entries, the chains' heads, the outbox rows and
    // the Idempotency-Key's answer in one statement (issue 20: a round trip costs the API more
    // than these statements cost PostgreSQL).
    const entries: AuditInput[] = [];
    const events: OutgoingEvent[] = [];
    let dryRun: { value: T } | null = null;
    const result = await this.dataSource
      .transaction(async (em) => {
        const key = command.dryRun ? undefined : command.idempotency?.key;
        const claim = key
          ? await this.keys.claim(em, {
              actorId: command.actor?.principal.userId ?? null,
              command: command.name,
              key,
              request: command.idempotency!.request,
            })
          : null;
        if (claim?.kind === 'replay') {
          const first = claim.response as T;
          return command.idempotency!.reread ? command.idempotency!.reread(first, em) : first;
        }
        if (claim?.kind === 'other_request') throw new AppError(command.idempotency!.conflict);
        const context: CommandContext = {
          em,
          audit: (...more) => {
            entries.push(...more);
            return Promise.resolve();
          },
          emit: (...more) => {
            events.push(...more);
            return Promise.resolve();
          },
        };
        const value = await command.run(context);
        if (command.dryRun) {
          dryRun = { value };
          throw new RolledBack();
        }
        await sendTogether(em, [
          ...(await this.audit.prepare(em, entries)),
          ...this.outbox.parts(em, events),
          ...(claim?.kind === 'claimed' ? [this.keys.answer(claim, value)] : []),
        ]);
        emitted = events.length > 0;
        return value;
      })
      .catch((error: unknown) => {
        if (error instanceof RolledBack && dryRun) return dryRun.value;
        throw error;
      });
    if (emitted) this.outbox.kick();
    return result;
  }
}
