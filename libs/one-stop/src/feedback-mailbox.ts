import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessService, Actor, LEADING_ROLES } from '@lt/access';
import { CommandRunner } from '@lt/commands';
import { AppError } from '@lt/common';
import { AppConfig } from '@lt/config';
import { requireVersion } from '@lt/database';
import { OrgTreeService } from '@lt/org';
import { PeopleService } from '@lt/people';
import { randomInt } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CitizenLimits } from './citizen-limits';
import type {
  AnswerFeedbackDto,
  FeedbackViewDto,
  PublicFeedbackDto,
  SendFeedbackDto,
  SentFeedbackDto,
} from './one-stop.dto';
import { FeedbackMessageEntity, ProcedureEntity } from './one-stop.entity';
import { PublicHolidays } from './public-holidays';
import { dueAt, vietnamDay, workingDaysAfter } from './working-days';

const digits = (n: number) => Array.from({ length: n }, () => randomInt(10)).join('');

/**
 * A unit's feedback mailbox (hòm thư góp ý, phản ánh): a citizen without an account writes to a
 * unit with a one-stop counter about it or one of its officials and gets a code and a PIN; the
 * unit's leaders (`feedback.answer`) are told at once and answer once, within
 * FEEDBACK_ANSWER_DAYS working days; the citizen reads the answer by the code and PIN. The
 * citizen's routes share the lookup's limits (CitizenLimits); sending and answering are audited
 * without the citizen's words or contact.
 */
@Injectable()
export class FeedbackMailbox {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly commands: CommandRunner,
    private readonly access: AccessService,
    private readonly tree: OrgTreeService,
    private readonly people: PeopleService,
    private readonly holidays: PublicHolidays,
    private readonly limits: CitizenLimits,
    private readonly config: AppConfig,
  ) {}

  /** The units a citizen may write to: those whose counter offers a procedure. */
  async units(address: string | undefined): Promise<{ id: string; name: string }[]> {
    await this.limits.request(address);
    return this.openUnits();
  }

  private async openUnits(): Promise<{ id: string; name: string }[]> {
    const rows: { unitId: string }[] = await this.dataSource.manager
      .createQueryBuilder(ProcedureEntity, 'p')
      .select('DISTINCT p.unit_id', 'unitId')
      .where('p.active')
      .getRawMany();
    const units = await this.tree.units(rows.map((r) => r.unitId));
    return units
      .filter((u) => u.active)
      .map((u) => ({ id: u.id, name: u.name }))
      .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  }

  async send(dto: SendFeedbackDto, address: string | undefined, now = new Date()): Promise<SentFeedbackDto> {
    await this.limits.request(address);
    const open = (await this.openUnits()).some((u) => u.id === dto.unitId);
    if (!open) throw new AppError('feedback/unit_not_open', { unitId: dto.unitId });
    return this.commands.change('feedback.send', null, async ({ em, audit, emit }) => {
      const off = await this.holidays.ahead(em, now);
      const message = em.create(FeedbackMessageEntity, {
        code: `GY-${vietnamDay(now).slice(2).replaceAll('-', '')}-${digits(6)}`,
        pin: digits(6),
        unitId: dto.unitId,
        kind: dto.kind,
        about: dto.about?.trim() || null,
        text: dto.text.trim(),
        contactName: dto.contactName?.trim() || null,
        contactPhone: dto.contactPhone?.trim() || null,
        receivedAt: now,
        dueAt: dueAt(workingDaysAfter(now, this.config.FEEDBACK_ANSWER_DAYS, off)),
        answer: null,
        answeredBy: null,
        answeredAt: null,
      });
      // Six random digits a day: a clash is rare, and then another draw.
      while (await em.existsBy(FeedbackMessageEntity, { code: message.code }))
        message.code = `${message.code.slice(0, 10)}${digits(6)}`;
      const saved = await em.save(message);
      await audit({
        actor: null,
        actingUnitId: saved.unitId,
        action: 'feedback.send',
        subjectType: 'feedback',
        subjectId: saved.id,
        after: { code: saved.code, kind: saved.kind, dueAt: saved.dueAt },
      });
      const unit = await this.tree.requireUnit(saved.unitId, em);
      await emit({
        name: 'feedback.received',
        payload: {
          id: saved.id,
          code: saved.code,
          kind: saved.kind,
          unit: { id: unit.id, name: unit.name },
          receivedAt: now.toISOString(),
          dueAt: saved.dueAt.toISOString(),
        },
        audience: (await this.people.positionHolders([saved.unitId], { roles: LEADING_ROLES }, em)).map(
          (h) => h.userId,
        ),
      });
      return { code: saved.code, pin: saved.pin, dueAt: saved.dueAt.toISOString() };
    });
  }

  /** The citizen's reading: their message and, once given, the answer. */
  async status(code: string, pin: string, address: string | undefined): Promise<PublicFeedbackDto> {
    await this.limits.request(address);
    const message = await this.limits.second(
      code,
      async () => {
        const found = await this.dataSource.manager.findOneBy(FeedbackMessageEntity, { code });
        return found && Object.assign(found, { pinOf: found.pin });
      },
      pin,
      () => new AppError('feedback/not_found'),
    );
    const unit = await this.tree.requireUnit(message.unitId);
    return {
      code: message.code,
      unit: unit.name,
      kind: message.kind,
      about: message.about,
      text: message.text,
      receivedAt: message.receivedAt.toISOString(),
      dueAt: message.dueAt.toISOString(),
      answer: message.answer,
      answeredAt: message.answeredAt?.toISOString() ?? null,
    };
  }

  /** The unit's mailbox for its leaders (and those above), unanswered first. */
  async list(actor: Actor, unitId: string): Promise<FeedbackViewDto[]> {
    await this.access.require(actor.principal, 'feedback.answer', unitId);
    const messages = await this.dataSource.manager.find(FeedbackMessageEntity, {
      where: { unitId },
      order: { receivedAt: 'DESC' },
      take: 200,
    });
    messages.sort((a, b) => Number(a.answeredAt !== null) - Number(b.answeredAt !== null));
    return this.views(messages);
  }

  async answer(actor: Actor, id: string, dto: AnswerFeedbackDto, now = new Date()): Promise<FeedbackViewDto> {
    const answered = await this.commands.change('feedback.answer', actor, async ({ em, audit }) => {
      const message = await em.findOne(FeedbackMessageEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!message || !(await this.access.grantFor(actor.principal, 'feedback.answer', message.unitId, em)))
        throw new AppError('feedback/not_found');
      if (message.answeredAt !== null)
        throw new AppError('feedback/already_answered', { answeredAt: message.answeredAt.toISOString() });
      requireVersion(message, dto.version);
      message.answer = dto.answer.trim();
      message.answeredBy = actor.principal.userId;
      message.answeredAt = now;
      const saved = await em.save(message);
      await audit({
        actor,
        actingUnitId: saved.unitId,
        action: 'feedback.answer',
        subjectType: 'feedback',
        subjectId: saved.id,
        after: { code: saved.code, onTime: now <= saved.dueAt },
      });
      return saved;
    });
    return (await this.views([answered]))[0];
  }

  private async views(messages: FeedbackMessageEntity[]): Promise<FeedbackViewDto[]> {
    const names = await this.people.namesOf(
      messages.flatMap((m) => (m.answeredBy ? [m.answeredBy] : [])),
      this.dataSource.manager,
    );
    const units = new Map(
      (await this.tree.units(messages.map((m) => m.unitId))).map((u) => [u.id, u.name] as const),
    );
    const now = new Date();
    return messages.map((m) => ({
      id: m.id,
      code: m.code,
      unit: { id: m.unitId, name: units.get(m.unitId) ?? '' },
      kind: m.kind,
      about: m.about,
      text: m.text,
      contactName: m.contactName,
      contactPhone: m.contactPhone,
      receivedAt: m.receivedAt.toISOString(),
      dueAt: m.dueAt.toISOString(),
      overdue: m.answeredAt === null && now > m.dueAt,
      answer: m.answer,
      answeredBy: m.answeredBy ? { id: m.answeredBy, fullName: names.get(m.answeredBy) ?? '' } : null,
      answeredAt: m.answeredAt?.toISOString() ?? null,
      version: m.version,
    }));
  }
}
