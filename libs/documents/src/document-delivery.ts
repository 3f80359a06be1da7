import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessService, Actor, LEADING_ROLES, roleGrants } from '@lt/access';
import { CommandContext, CommandRunner } from '@lt/commands';
import { AppError } from '@lt/common';
import { lockForChange } from '@lt/database';
import { OrgTreeService } from '@lt/org';
import { PeopleService, ROLES } from '@lt/people';
import { DataSource, EntityManager, In } from 'typeorm';
import { DocumentDeliveryEntity, DeliveryStatus } from './document-delivery.entity';
import { DocumentEntity } from './document.entity';
import { DocumentOutcomes } from './document-outcomes';
import { DocumentsService } from './documents.service';

/** The roles that keep a unit's registers (its clerks): who receives what arrives. */
const REGISTER_ROLES = ROLES.filter((r) => roleGrants(r, 'document.register') !== null);

export const DELIVERY_STATUS_NAMES: Record<DeliveryStatus, { vi: string; en: string }> = {
  '01': { vi: 'Đã đến', en: 'Arrived' },
  '02': { vi: 'Từ chối', en: 'Refused' },
  '03': { vi: 'Đã tiếp nhận', en: 'Accepted' },
  '04': { vi: 'Chờ phân công xử lý', en: 'Waiting for assignment' },
  '05': { vi: 'Đã phân công, đang xử lý', en: 'Assigned, being handled' },
  '06': { vi: 'Đã xử lý xong', en: 'Handled' },
};

/**
 * The edXML status of an incoming entry, as its sender hears it: as decided on arrival (03
 * accepted) until it is routed (04), annotated (05) and every task from it done (06; `handled`
 * holds the annotated entries that are, DocumentOutcomes).
 */
export function incomingStatus(
  incoming: Pick<DocumentEntity, 'id' | 'state'>,
  handled: ReadonlySet<string>,
  decided: DeliveryStatus = '03',
): DeliveryStatus {
  if (incoming.state === 'routed') return '04';
  if (incoming.state === 'annotated') return handled.has(incoming.id) ? '06' : '05';
  return decided;
}

export interface DeliveryView {
  id: string;
  document: { id: string; subject: string; codeNumber: string; codeNotation: string; organName: string };
  unit: { id: string; name: string };
  status: DeliveryStatus;
  statusName: { vi: string; en: string };
  recalled: boolean;
  arrivedAt: string;
  decidedAt: string | null;
  decidedBy: { id: string; fullName: string } | null;
  refusalReason: string | null;
  incoming: { id: string; registerNumber: number } | null;
}

/**
 * Delivery inside the deployment (liên thông nội bộ, Decree 30/2020): a document issued here
 * arrives at once in every recipient unit's inbox; their clerk accepts it (numbered in their
 * incoming register; routing, annotation and tasks then work as for any incoming document) or
 * refuses it with a reason; the sender follows each recipient's status by the edXML codes
 * 01–06, live; a recall (thu hồi) freezes it everywhere, the trail kept.
 */
@Injectable()
export class DocumentDelivery {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly commands: CommandRunner,
    private readonly access: AccessService,
    private readonly tree: OrgTreeService,
    private readonly people: PeopleService,
    private readonly documents: DocumentsService,
    private readonly outcomes: DocumentOutcomes,
  ) {}

  /** Called in the issuing transaction: one arrival per recipient unit, told live to its clerks. */
  async deliver(context: CommandContext, documentId: string, unitIds: string[], now: Date): Promise<void> {
    const { em } = context;
    const doc = await em.findOneByOrFail(DocumentEntity, { id: documentId });
    const units = [...new Set(unitIds)].filter((u) => u !== doc.unitId);
    if (units.length === 0) return;
    await em.insert(
      DocumentDeliveryEntity,
      units.map((unitId) => ({ documentId, unitId, status: '01' as const, arrivedAt: now })),
    );
    const clerks = await this.people.positionHolders(units, { roles: REGISTER_ROLES, enabledOnly: true }, em);
    await context.emit({
      name: 'document.arrived',
      payload: { document: this.documentRef(doc), at: now.toISOString() },
      audience: [...new Set(clerks.map((c) => c.userId))],
    });
  }

  /** What arrived for the units whose registers I keep, waiting to be accepted or refused. */
  async inbox(actor: Actor): Promise<DeliveryView[]> {
    const units = actor.principal.positions
      .filter((p) => roleGrants(p.role, 'document.register'))
      .map((p) => p.unitId);
    if (units.length === 0) return [];
    const em = this.dataSource.manager;
    const rows = await em.find(DocumentDeliveryEntity, {
      where: { unitId: In(units), status: '01' },
      order: { arrivedAt: 'DESC' },
      take: 200,
    });
    return (await this.views(em, rows)).filter((v) => !v.recalled);
  }

  async accept(actor: Actor, id: string, now = new Date()): Promise<DeliveryView> {
    await this.commands.change('document.accept_delivery', actor, async (context) => {
      const { em } = context;
      const delivery = await this.lockForClerk(em, actor, id);
      const source = await em.findOneByOrFail(DocumentEntity, { id: delivery.documentId });
      if (source.state === 'recalled') throw new AppError('document/recalled', { id: source.id });
      if (delivery.status !== '01')
        throw new AppError('document/delivery_decided', { status: delivery.status });
      const incoming = await this.documents.receiveDelivered(context, actor, source, delivery, now);
      delivery.status = '03';
      delivery.decidedAt = now;
      delivery.decidedBy = actor.principal.userId;
      delivery.incomingId = incoming.id;
      await em.save(delivery);
      await this.tellSender(context, actor, source, delivery, now);
    });
    return this.view(id);
  }

  async refuse(actor: Actor, id: string, reason: string, now = new Date()): Promise<DeliveryView> {
    await this.commands.change('document.refuse_delivery', actor, async (context) => {
      const { em } = context;
      const delivery = await this.lockForClerk(em, actor, id);
      const source = await em.findOneByOrFail(DocumentEntity, { id: delivery.documentId });
      if (delivery.status !== '01')
        throw new AppError('document/delivery_decided', { status: delivery.status });
      delivery.status = '02';
      delivery.decidedAt = now;
      delivery.decidedBy = actor.principal.userId;
      delivery.refusalReason = reason.trim();
      await em.save(delivery);
      await context.audit({
        actor,
        actingUnitId: delivery.unitId,
        action: 'document.refuse_delivery',
        subjectType: 'document',
        subjectId: source.id,
        after: { unitId: delivery.unitId, reason: delivery.refusalReason },
      });
      await this.tellSender(context, actor, source, delivery, now);
    });
    return this.view(id);
  }

  /** Each recipient of a document issued here, with its status now (01–06), for whoever may read it. */
  async statuses(actor: Actor, documentId: string): Promise<DeliveryView[]> {
    const doc = await this.documents.requireReadable(actor, documentId);
    if (doc.direction !== 'outgoing') throw new AppError('document/not_found', { id: documentId });
    const em = this.dataSource.manager;
    const rows = await em.find(DocumentDeliveryEntity, { where: { documentId } });
    const views = await this.views(em, rows);
    return views.sort((a, b) => a.unit.name.localeCompare(b.unit.name, 'vi'));
  }

  /**
   * Recall (thu hồi) by the signer or a leader of the issuing unit, with a reason: the document
   * and every incoming entry made from it are frozen (recalled), nothing deleted; the
   * recipients' clerks and whoever it waits with are told live.
   */
  async recall(actor: Actor, documentId: string, reason: string, now = new Date()): Promise<void> {
    await this.commands.change('document.recall', actor, async (context) => {
      const { em } = context;
      const doc = await lockForChange(em, DocumentEntity, documentId, undefined, 'document/not_found');
      await this.documents.requireReadable(actor, documentId, em);
      const leads = await this.people.holdersIn([doc.unitId], LEADING_ROLES, em);
      if (doc.signerId !== actor.principal.userId && !leads.some((l) => l.userId === actor.principal.userId))
        throw new AppError('document/recall_not_allowed');
      if (doc.direction !== 'outgoing' || !doc.signatureId) throw new AppError('document/not_recallable');
      if (doc.state === 'recalled') throw new AppError('document/recalled', { id: documentId });
      const text = reason.trim();
      await em.update(DocumentEntity, documentId, { state: 'recalled', recalledAt: now, recallReason: text });
      const incoming = await em.find(DocumentEntity, { where: { sourceDocumentId: documentId } });
      if (incoming.length > 0)
        await em.update(
          DocumentEntity,
          { id: In(incoming.map((d) => d.id)) },
          { state: 'recalled', recalledAt: now, recallReason: text },
        );
      await context.audit({
        actor,
        actingUnitId: doc.unitId,
        action: 'document.recall',
        subjectType: 'document',
        subjectId: documentId,
        after: { reason: text, incoming: incoming.map((d) => d.id) },
      });
      const deliveries = await em.find(DocumentDeliveryEntity, { where: { documentId } });
      const clerks = await this.people.positionHolders(
        deliveries.map((d) => d.unitId),
        { roles: REGISTER_ROLES, enabledOnly: true },
        em,
      );
      await context.emit({
        name: 'document.recalled',
        payload: { document: this.documentRef(doc), reason: text, at: now.toISOString() },
        audience: [
          ...new Set([
            ...clerks.map((c) => c.userId),
            ...incoming.flatMap((d) => (d.routedTo ? [d.routedTo] : [])),
          ]),
        ],
      });
    });
  }

  private async lockForClerk(em: EntityManager, actor: Actor, id: string): Promise<DocumentDeliveryEntity> {
    const delivery = await em.findOne(DocumentDeliveryEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!delivery || !(await this.access.grantFor(actor.principal, 'document.register', delivery.unitId, em)))
      throw new AppError('document/delivery_not_found', { id });
    return delivery;
  }

  /** The sender's side hears each recipient's new status: the signer, the drafter and the issuing unit's clerks. */
  private async tellSender(
    context: CommandContext,
    actor: Actor,
    source: DocumentEntity,
    delivery: DocumentDeliveryEntity,
    now: Date,
  ): Promise<void> {
    const { em } = context;
    const clerks = await this.people.positionHolders(
      [source.unitId],
      { roles: REGISTER_ROLES, enabledOnly: true },
      em,
    );
    const named = (await this.documents.namedPeople(em, [source.id])).get(source.id) ?? new Set<string>();
    const unit = await this.tree.requireUnit(delivery.unitId, em);
    await context.emit({
      name: 'document.delivery_status',
      payload: {
        document: this.documentRef(source),
        unit: { id: unit.id, name: unit.name },
        status: delivery.status,
        statusName: DELIVERY_STATUS_NAMES[delivery.status],
        by: { id: actor.principal.userId, fullName: actor.principal.fullName },
        reason: delivery.refusalReason,
        at: now.toISOString(),
      },
      audience: [...new Set([...clerks.map((c) => c.userId), ...named])],
    });
  }

  private documentRef(doc: DocumentEntity) {
    return {
      id: doc.id,
      subject: doc.subject,
      codeNumber: doc.codeNumber,
      codeNotation: doc.codeNotation,
      organName: doc.organName,
    };
  }

  private async view(id: string): Promise<DeliveryView> {
    const em = this.dataSource.manager;
    return (await this.views(em, [await em.findOneByOrFail(DocumentDeliveryEntity, { id })]))[0];
  }

  /** The status of each: 01–03 as decided; after acceptance, from the incoming entry (04 routed, 05 annotated, 06 handled). */
  private async views(em: EntityManager, rows: DocumentDeliveryEntity[]): Promise<DeliveryView[]> {
    if (rows.length === 0) return [];
    const docs = await em.find(DocumentEntity, {
      where: {
        id: In([
          ...new Set([
            ...rows.map((r) => r.documentId),
            ...rows.flatMap((r) => (r.incomingId ? [r.incomingId] : [])),
          ]),
        ]),
      },
    });
    const byId = new Map(docs.map((d) => [d.id, d]));
    const handled = await this.outcomes.handled(
      docs.filter((d) => d.state === 'annotated').map((d) => d.id),
      em,
    );
    const units = new Map(
      (await this.tree.units([...new Set(rows.map((r) => r.unitId))], em)).map((u) => [u.id, u.name]),
    );
    const names = await this.people.namesOf(
      rows.flatMap((r) => (r.decidedBy ? [r.decidedBy] : [])),
      em,
    );
    return rows.map((r) => {
      const source = byId.get(r.documentId)!;
      const incoming = r.incomingId ? byId.get(r.incomingId) : undefined;
      const status = incoming ? incomingStatus(incoming, handled, r.status) : r.status;
      return {
        id: r.id,
        document: this.documentRef(source),
        unit: { id: r.unitId, name: units.get(r.unitId) ?? '' },
        status,
        statusName: DELIVERY_STATUS_NAMES[status],
        recalled: source.state === 'recalled',
        arrivedAt: r.arrivedAt.toISOString(),
        decidedAt: r.decidedAt?.toISOString() ?? null,
        decidedBy: r.decidedBy ? { id: r.decidedBy, fullName: names.get(r.decidedBy) ?? '' } : null,
        refusalReason: r.refusalReason,
        incoming: incoming ? { id: incoming.id, registerNumber: incoming.registerNumber } : null,
      };
    });
  }
}
