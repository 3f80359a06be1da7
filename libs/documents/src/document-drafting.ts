import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, actingWith, headingPositionFor, isHeadRole, LEADING_ROLES } from '@lt/access';
import { DelegationViews } from '@lt/delegations';
import { CommandContext, CommandRunner } from '@lt/commands';
import { AppError } from '@lt/common';
import { lockForChange, requireVersion } from '@lt/database';
import { AttachmentMeta, FilesService } from '@lt/files';
import { OrgTreeService } from '@lt/org';
import { PeopleService } from '@lt/people';
import {
  canonicalJson,
  SignatureVerifier,
  SignedDecision,
  SignedDecisions,
  signedContentOf,
} from '@lt/signing';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  CreateDraftDto,
  DOCUMENT_KIND,
  DraftContentDto,
  ReviewFieldsDto,
  ReviseDraftDto,
  SignDocumentDto,
  SubmitDraftDto,
} from './document-draft.dto';
import {
  DocumentDraftEntity,
  DocumentDraftVersionEntity,
  DocumentReviewStepEntity,
  DraftRecipients,
  DraftState,
  ReviewState,
} from './document-draft.entity';
import { DocumentDelivery } from './document-delivery';
import { DOCUMENT_FILES, DocumentsService } from './documents.service';
import { signatureBlock, signingFormAllowed } from './signing-forms';

/** The document as its signer signs it (inside `lien-thong/document@1`). */
export interface DocumentToSign {
  draftId: string;
  draftVersion: number;
  unit: { id: string; name: string; organId: string };
  typeName: string;
  codeNotation: string;
  subject: string;
  bodySha256: string;
  attachments: { id: string; fileName: string; sha256: string }[];
  priority: number;
  secrecy: DocumentDraftEntity['secrecy'];
  recipients: DraftRecipients;
  signingForm: DocumentDraftEntity['signingForm'];
  /** As printed above the signature (KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / name). */
  signatureBlock: string[];
  /** Signed TUQ.: the head whose authority the signer signs under (both named in what is signed). */
  onBehalfOf?: { id: string; fullName: string; delegationId: string };
}

export interface DraftView {
  id: string;
  unit: { id: string; name: string };
  state: DraftState;
  typeName: string;
  codeNotation: string;
  subject: string;
  body: string;
  priority: number;
  secrecy: DocumentDraftEntity['secrecy'];
  recipients: { units: { id: string; name: string }[]; organs: DraftRecipients['organs'] };
  drafter: { id: string; fullName: string };
  signer: { id: string; fullName: string };
  signingForm: DocumentDraftEntity['signingForm'];
  round: number;
  attachments: AttachmentMeta[];
  versions: {
    number: number;
    subject: string;
    editedBy: { id: string; fullName: string };
    note: string | null;
    at: string;
  }[];
  reviews: {
    round: number;
    seq: number;
    reviewer: { id: string; fullName: string };
    state: ReviewState;
    comment: string | null;
    decidedAt: string | null;
    signed: boolean;
  }[];
  /** The document's id once issued (the same as the draft's). */
  documentId: string | null;
  version: number;
  allowedActions: ('revise' | 'submit' | 'review' | 'sign')[];
}

export interface DraftChoices {
  units: { id: string; name: string; depth: number }[];
  signers: { id: string; fullName: string; title: string | null; unitName: string }[];
  reviewers: { id: string; fullName: string; title: string | null; unitName: string }[];
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Drafting outgoing documents (dự thảo → trình ký → ký ban hành), Decree 30/2020: the drafter
 * writes and revises (every version kept), submits it through a review chain they pick; each
 * reviewer approves, returns with comments or forwards, signing their decision; the signer
 * signs the final content — its SHA-256 and every attachment's — in the form that fits
 * (signing-forms.ts), and only then is it numbered in the unit's outgoing register and issued,
 * never to change (a trigger refuses). Drafts are seen only by the people on them.
 */
@Injectable()
export class DocumentDrafting {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly commands: CommandRunner,
    private readonly files: FilesService,
    private readonly tree: OrgTreeService,
    private readonly people: PeopleService,
    private readonly decisions: SignedDecisions,
    private readonly verifier: SignatureVerifier,
    private readonly documents: DocumentsService,
    private readonly delivery: DocumentDelivery,
    private readonly delegations: DelegationViews,
  ) {}

  async create(
    actor: Actor,
    dto: CreateDraftDto,
    idempotencyKey?: string,
    now = new Date(),
  ): Promise<DraftView> {
    if (!actor.principal.positions.some((p) => p.unitId === dto.unitId))
      throw new AppError('draft/unit_not_yours', { unitId: dto.unitId });
    const id = await this.commands.run({
      name: 'document.draft',
      actor,
      idempotency: { key: idempotencyKey, request: dto, conflict: 'draft/idempotency_conflict' },
      run: async (context) => {
        const { em } = context;
        await this.checkContent(em, dto.unitId, dto);
        const draft = await em.save(
          DocumentDraftEntity,
          em.create(DocumentDraftEntity, {
            ...this.contentOf(dto),
            unitId: dto.unitId,
            drafterId: actor.principal.userId,
            state: 'drafting',
            round: 0,
            idempotencyKey: idempotencyKey ?? null,
          }),
        );
        await this.files.attach(em, actor, dto.attachmentIds ?? [], DOCUMENT_FILES, draft.id);
        await this.saveVersion(em, draft, actor, null, now);
        await this.audit(context, actor, draft, 'document.draft', { subject: draft.subject, version: 1 });
        return draft.id;
      },
    });
    return this.get(actor, id);
  }

  /** The drafter's new version, while it is with them (drafting, or returned). */
  async revise(actor: Actor, id: string, dto: ReviseDraftDto, now = new Date()): Promise<DraftView> {
    await this.commands.change('document.revise', actor, async (context) => {
      const { em } = context;
      const draft = await this.lockNamed(em, actor, id);
      if (draft.drafterId !== actor.principal.userId) throw new AppError('draft/not_drafter');
      if (draft.state !== 'drafting') throw new AppError('draft/not_editable', { state: draft.state });
      requireVersion(draft, dto.version);
      await this.checkContent(em, draft.unitId, dto);
      Object.assign(draft, this.contentOf(dto));
      await em.save(draft);
      await this.files.attach(em, actor, dto.attachmentIds ?? [], DOCUMENT_FILES, draft.id);
      const number = await this.saveVersion(em, draft, actor, dto.note?.trim() || null, now);
      await this.audit(context, actor, draft, 'document.revise', { version: number, note: dto.note ?? null });
    });
    return this.get(actor, id);
  }

  /** Into the review chain the drafter picks; with none, straight to the signer. */
  async submit(actor: Actor, id: string, dto: SubmitDraftDto): Promise<DraftView> {
    await this.commands.change('document.submit', actor, async (context) => {
      const { em } = context;
      const draft = await this.lockNamed(em, actor, id);
      if (draft.drafterId !== actor.principal.userId) throw new AppError('draft/not_drafter');
      if (draft.state !== 'drafting') throw new AppError('draft/not_editable', { state: draft.state });
      requireVersion(draft, dto.version);
      const reviewers = [...new Set(dto.reviewers)];
      if (reviewers.length !== dto.reviewers.length) throw new AppError('draft/reviewer_twice');
      await this.requireReviewers(em, draft.unitId, reviewers);
      draft.round += 1;
      draft.state = reviewers.length > 0 ? 'in_review' : 'approved';
      await em.save(draft);
      if (reviewers.length > 0)
        await em.insert(
          DocumentReviewStepEntity,
          reviewers.map((reviewerId, i) => ({
            draftId: id,
            round: draft.round,
            seq: i + 1,
            reviewerId,
            state: i === 0 ? 'waiting' : 'pending',
          })),
        );
      await this.audit(context, actor, draft, 'document.submit', { round: draft.round, reviewers });
      await this.announce(
        context,
        draft,
        reviewers.length > 0 ? [reviewers[0]] : [draft.signerId],
        'submitted',
        actor,
      );
    });
    return this.get(actor, id);
  }

  /**
   * The reviewer whose turn it is decides, signed: approve (on to the next, or to the signer
   * after the last), return to the drafter with comments, or forward to another reviewer first.
   */
  async review(
    actor: Actor,
    id: string,
    signed: SignedDecision<ReviewFieldsDto>,
    now = new Date(),
  ): Promise<DraftView> {
    const dto = signed.content;
    await this.commands.change('document.review', actor, async (context) => {
      const { em } = context;
      const draft = await this.lockNamed(em, actor, id);
      if (draft.state !== 'in_review') throw new AppError('draft/not_in_review', { state: draft.state });
      const step = await em.findOne(DocumentReviewStepEntity, {
        where: { draftId: id, round: draft.round, state: 'waiting' },
      });
      if (!step || step.reviewerId !== actor.principal.userId)
        throw new AppError('draft/not_your_turn', { reviewerId: step?.reviewerId ?? null });
      const { signatureId } = await this.decisions.verify(em, actor, signed, {
        subjectType: 'document_draft',
        subjectId: id,
        action: 'review',
      });
      requireVersion(draft, dto.version);
      const comment = dto.comment?.trim() || null;
      const later = await em.find(DocumentReviewStepEntity, {
        where: { draftId: id, round: draft.round, state: 'pending' },
        order: { seq: 'ASC' },
      });
      let next: string;
      if (dto.decision === 'return') {
        step.state = 'returned';
        draft.state = 'drafting';
        next = draft.drafterId;
      } else if (dto.decision === 'forward') {
        const forwardTo = dto.forwardTo!;
        if (forwardTo === actor.principal.userId) throw new AppError('draft/reviewer_twice');
        await this.requireReviewers(em, draft.unitId, [forwardTo]);
        step.state = 'forwarded';
        // The forwarded reviewer comes next; the rest of the chain moves down one.
        for (const l of [...later].reverse())
          await em.update(DocumentReviewStepEntity, l.id, { seq: l.seq + 1 });
        await em.insert(DocumentReviewStepEntity, {
          draftId: id,
          round: draft.round,
          seq: step.seq + 1,
          reviewerId: forwardTo,
          state: 'waiting',
        });
        next = forwardTo;
      } else {
        step.state = 'approved';
        if (later.length > 0) {
          await em.update(DocumentReviewStepEntity, later[0].id, { state: 'waiting' });
          next = later[0].reviewerId;
        } else {
          draft.state = 'approved';
          next = draft.signerId;
        }
      }
      step.comment = comment;
      step.decidedAt = now;
      step.signatureId = signatureId;
      await em.save(step);
      await em.save(draft);
      await this.audit(context, actor, draft, 'document.review', {
        decision: dto.decision,
        comment,
        forwardTo: dto.forwardTo ?? null,
        signatureId,
      });
      await this.announce(context, draft, [next], dto.decision, actor, comment);
    });
    return this.get(actor, id);
  }

  /** What the signer signs, as the server will check it: fetch, show, sign, send back. */
  async signingContent(actor: Actor, id: string): Promise<DocumentToSign> {
    const em = this.dataSource.manager;
    const draft = await this.requireNamed(em, actor, id);
    return this.toSign(em, draft);
  }

  /**
   * The signer signs the final content (the document as it will be issued, with the SHA-256
   * of its body and of every attachment); the signature is verified, the document numbered in
   * the unit's outgoing register and issued — in one transaction.
   */
  async sign(
    actor: Actor,
    id: string,
    dto: SignDocumentDto,
    now = new Date(),
  ): Promise<{ documentId: string }> {
    const content = signedContentOf<{ kind: string; signer: string; document: Record<string, unknown> }>(
      dto.content,
      { kind: DOCUMENT_KIND, signer: (c) => c.signer },
      actor,
    );
    await this.commands.change('document.sign', actor, async (context) => {
      const { em } = context;
      const draft = await this.lockNamed(em, actor, id);
      if (draft.signerId !== actor.principal.userId) throw new AppError('draft/not_signer');
      // Sent again after a lost answer: it is issued; say where.
      if (draft.state === 'issued') throw new AppError('draft/already_issued', { documentId: draft.id });
      if (draft.state !== 'approved') throw new AppError('draft/not_approved', { state: draft.state });
      const expected = await this.toSign(em, draft);
      if (!canonicalJson(content.document).equals(canonicalJson(expected)))
        throw new AppError('draft/signed_content_mismatch', { expected });
      if (
        !signingFormAllowed(
          draft.signingForm,
          actor.principal,
          draft.unitId,
          await this.signingUnits(em, draft.unitId),
        )
      )
        throw new AppError('draft/signing_form_not_allowed', { signingForm: draft.signingForm });
      // Signed TUQ.: the head's post delegated to the signer; the audit names both.
      const signedBy =
        draft.signingForm === 'TUQ'
          ? actingWith(actor, headingPositionFor(actor.principal, 'document.sign', draft.unitId))
          : actor;
      const verified = await this.verifier.verifyAndRecord(em, actor, 'document.sign', {
        content: dto.content,
        signature: dto.signature,
        certificateId: dto.certificateId,
      });
      const issued = await this.documents.issueSigned(context, {
        id: draft.id,
        unitId: draft.unitId,
        typeName: draft.typeName,
        codeNotation: draft.codeNotation,
        subject: draft.subject,
        body: draft.body,
        priority: draft.priority,
        secrecy: draft.secrecy,
        recipients: recipientsText(expected),
        signerId: actor.principal.userId,
        signerName: actor.principal.fullName,
        signerPosition: expected.signatureBlock.slice(0, -1).join(' / '),
        signingForm: draft.signingForm,
        signatureId: verified.signatureId,
        registeredBy: actor.principal.userId,
        now,
      });
      draft.state = 'issued';
      await em.save(draft);
      // Into every recipient unit's inbox at once (liên thông nội bộ).
      await this.delivery.deliver(context, draft.id, draft.recipients.units, now);
      await this.audit(context, signedBy, draft, 'document.sign', {
        registerNumber: issued.registerNumber,
        signatureId: verified.signatureId,
      });
      await this.announce(context, draft, [draft.drafterId], 'issued', actor);
    });
    return { documentId: id };
  }

  async get(actor: Actor, id: string): Promise<DraftView> {
    const em = this.dataSource.manager;
    const draft = await this.requireNamed(em, actor, id);
    return (await this.views(em, actor, [draft]))[0];
  }

  /**
   * What the draft form offers for `unitId` (one the person holds a position in): every unit
   * of the deployment as a recipient, the leaders who may sign (the unit's, its office's), and
   * the people who may review (those of the unit and of the units above it).
   */
  async choices(actor: Actor, unitId: string): Promise<DraftChoices> {
    if (!actor.principal.positions.some((p) => p.unitId === unitId))
      throw new AppError('draft/unit_not_yours', { unitId });
    const em = this.dataSource.manager;
    const chain = await this.tree.chainAbove(unitId, em);
    const units = await this.tree.subtree(chain[0].id, undefined, em);
    const signers = await this.people.holdersIn(await this.signingUnits(em, unitId), LEADING_ROLES, em);
    const reviewers = await this.people.holdersIn(
      chain.map((u) => u.id),
      null,
      em,
    );
    const unitName = new Map(units.map((u) => [u.id, u.name]));
    const once = <T extends { userId: string; unitId: string }>(rows: T[]) => [
      ...new Map(rows.map((r) => [`${r.userId}|${r.unitId}`, r])).values(),
    ];
    return {
      units: units.filter((u) => u.active).map((u) => ({ id: u.id, name: u.name, depth: u.depth })),
      signers: once(signers).map((h) => ({
        id: h.userId,
        fullName: h.fullName,
        title: h.title,
        unitName: unitName.get(h.unitId) ?? '',
      })),
      reviewers: once(reviewers)
        .filter((h) => h.userId !== actor.principal.userId)
        .map((h) => ({
          id: h.userId,
          fullName: h.fullName,
          title: h.title,
          unitName: unitName.get(h.unitId) ?? '',
        })),
    };
  }

  /** A file attached to the draft, for the people on it. */
  async attachment(actor: Actor, id: string, fileId: string) {
    await this.requireNamed(this.dataSource.manager, actor, id);
    return this.files.content(DOCUMENT_FILES, id, fileId);
  }

  /** My drafts, and those waiting for my review or my signature; newest first. */
  async mine(actor: Actor): Promise<DraftView[]> {
    const em = this.dataSource.manager;
    const me = actor.principal.userId;
    const drafts: { id: string }[] = await em.query(
      `SELECT id FROM document_drafts d
        WHERE d.drafter_id = $1 OR (d.signer_id = $1 AND d.state = 'approved')
           OR EXISTS (SELECT 1 FROM document_review_steps s WHERE s.draft_id = d.id AND s.reviewer_id = $1)
        ORDER BY d.updated_at DESC LIMIT 200`,
      [me],
    );
    const rows = await em.find(DocumentDraftEntity, {
      where: { id: In(drafts.map((d) => d.id)) },
    });
    rows.sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime());
    return this.views(em, actor, rows);
  }

  private contentOf(dto: DraftContentDto) {
    return {
      typeName: dto.typeName.trim(),
      codeNotation: dto.codeNotation.trim(),
      subject: dto.subject.trim(),
      body: dto.body,
      priority: dto.priority,
      secrecy: dto.secrecy,
      recipients: {
        units: [...new Set(dto.recipients.units)],
        organs: dto.recipients.organs.map((o) => ({ organId: o.organId, organName: o.organName.trim() })),
      },
      signerId: dto.signerId,
      signingForm: dto.signingForm,
    };
  }

  /** Recipients are units of the deployment; the signer leads the unit (or, for TL., its office). */
  private async checkContent(em: EntityManager, unitId: string, dto: DraftContentDto): Promise<void> {
    const units = [...new Set(dto.recipients.units)];
    if (units.length + dto.recipients.organs.length === 0) throw new AppError('draft/no_recipients');
    const known = await this.tree.units(units, em);
    const unknown = units.find((u) => !known.some((k) => k.id === u));
    if (unknown) throw new AppError('draft/recipient_not_found', { unitId: unknown });
    if (dto.signingForm === 'TUQ' && !(await this.signingDelegation(em, dto.signerId, unitId)))
      throw new AppError('draft/signing_form_needs_delegation', { signerId: dto.signerId });
    // TL. is signed by the head of a unit under it (its office); every other form by a leader of the unit itself.
    const signingUnits = await this.signingUnits(em, unitId);
    const leaders = await this.people.holdersIn(
      dto.signingForm === 'TL'
        ? signingUnits.filter((u) => u !== unitId)
        : dto.signingForm === 'TUQ'
          ? signingUnits
          : [unitId],
      LEADING_ROLES,
      em,
    );
    if (!leaders.some((l) => l.userId === dto.signerId))
      throw new AppError('draft/signer_not_leader', { signerId: dto.signerId });
  }

  /** The delegation of the unit's head's signature running for `signerId` now, if any. */
  private async signingDelegation(em: EntityManager, signerId: string, unitId: string) {
    const delegations = await this.delegations.running(signerId, em);
    return headingPositionFor({ positions: [], delegations }, 'document.sign', unitId)?.delegation ?? null;
  }

  /** Where a signer may hold their leading position: the unit, and its direct children (its office, for TL.). */
  private async signingUnits(em: EntityManager, unitId: string): Promise<string[]> {
    return (await this.tree.subtree(unitId, 1, em)).map((u) => u.id);
  }

  /** Reviewers hold a position in the unit or a unit above it. */
  private async requireReviewers(em: EntityManager, unitId: string, reviewers: string[]): Promise<void> {
    if (reviewers.length === 0) return;
    const chain = await this.tree.chainAbove(unitId, em);
    const holders = await this.people.holdersIn(
      chain.map((u) => u.id),
      null,
      em,
    );
    const outside = reviewers.find((r) => !holders.some((h) => h.userId === r));
    if (outside) throw new AppError('draft/reviewer_not_found', { userId: outside });
  }

  private async saveVersion(
    em: EntityManager,
    draft: DocumentDraftEntity,
    actor: Actor,
    note: string | null,
    now: Date,
  ): Promise<number> {
    const [{ next }]: { next: number }[] = await em.query(
      'SELECT coalesce(max(number), 0) + 1 AS next FROM document_draft_versions WHERE draft_id = $1',
      [draft.id],
    );
    await em.insert(DocumentDraftVersionEntity, {
      draftId: draft.id,
      number: next,
      subject: draft.subject,
      body: draft.body,
      editedBy: actor.principal.userId,
      note,
      createdAt: now,
    });
    return next;
  }

  private async toSign(em: EntityManager, draft: DocumentDraftEntity): Promise<DocumentToSign> {
    const unit = await this.tree.requireUnit(draft.unitId, em);
    const attachments = (await this.files.metaOf(DOCUMENT_FILES, [draft.id], em)).get(draft.id) ?? [];
    const [{ count }]: { count: number }[] = await em.query(
      'SELECT count(*)::int AS count FROM document_draft_versions WHERE draft_id = $1',
      [draft.id],
    );
    const heads = await this.people.holdersIn([draft.unitId], LEADING_ROLES, em);
    const signer = await this.people.holdersIn(await this.signingUnits(em, draft.unitId), LEADING_ROLES, em);
    const mine = signer.find((s) => s.userId === draft.signerId);
    const delegation =
      draft.signingForm === 'TUQ' ? await this.signingDelegation(em, draft.signerId, draft.unitId) : null;
    return {
      draftId: draft.id,
      draftVersion: count,
      unit: { id: unit.id, name: unit.name, organId: unit.organId },
      typeName: draft.typeName,
      codeNotation: draft.codeNotation,
      subject: draft.subject,
      bodySha256: sha256(draft.body),
      attachments: attachments.map((a) => ({ id: a.id, fileName: a.fileName, sha256: a.sha256 })),
      priority: draft.priority,
      secrecy: draft.secrecy,
      recipients: draft.recipients,
      signingForm: draft.signingForm,
      signatureBlock: signatureBlock(draft.signingForm, {
        unitName: unit.name,
        headTitle: heads.find((h) => isHeadRole(h.role))?.title ?? null,
        signerTitle: mine?.title ?? null,
        signerName: mine?.fullName ?? '',
      }),
      ...(delegation
        ? {
            onBehalfOf: {
              id: delegation.delegatorId,
              fullName: delegation.delegatorName,
              delegationId: delegation.delegationId,
            },
          }
        : {}),
    };
  }

  /** The draft, locked; 404 to whoever is not named on it. */
  private async lockNamed(em: EntityManager, actor: Actor, id: string): Promise<DocumentDraftEntity> {
    const draft = await lockForChange(em, DocumentDraftEntity, id, undefined, 'draft/not_found');
    const named = (await this.documents.namedPeople(em, [id])).get(id);
    if (!named?.has(actor.principal.userId)) throw new AppError('draft/not_found', { id });
    return draft;
  }

  private async requireNamed(em: EntityManager, actor: Actor, id: string): Promise<DocumentDraftEntity> {
    const draft = await em.findOne(DocumentDraftEntity, { where: { id } });
    const named = draft ? (await this.documents.namedPeople(em, [id])).get(id) : undefined;
    if (!draft || !named?.has(actor.principal.userId)) throw new AppError('draft/not_found', { id });
    return draft;
  }

  private async views(em: EntityManager, actor: Actor, drafts: DocumentDraftEntity[]): Promise<DraftView[]> {
    const ids = drafts.map((d) => d.id);
    if (ids.length === 0) return [];
    const versions = await em.find(DocumentDraftVersionEntity, {
      where: { draftId: In(ids) },
      order: { number: 'ASC' },
    });
    const steps = await em.find(DocumentReviewStepEntity, {
      where: { draftId: In(ids) },
      order: { round: 'ASC', seq: 'ASC' },
    });
    const attachments = await this.files.metaOf(DOCUMENT_FILES, ids, em);
    const names = await this.people.namesOf(
      [
        ...drafts.flatMap((d) => [d.drafterId, d.signerId]),
        ...versions.map((v) => v.editedBy),
        ...steps.map((s) => s.reviewerId),
      ],
      em,
    );
    const units = new Map(
      (await this.tree.units([...new Set(drafts.flatMap((d) => [d.unitId, ...d.recipients.units]))], em)).map(
        (u) => [u.id, u.name],
      ),
    );
    const person = (id: string) => ({ id, fullName: names.get(id) ?? '' });
    const me = actor.principal.userId;
    return drafts.map((d) => {
      const mySteps = steps.filter((s) => s.draftId === d.id);
      const actions: DraftView['allowedActions'] = [];
      if (d.state === 'drafting' && d.drafterId === me) actions.push('revise', 'submit');
      if (
        d.state === 'in_review' &&
        mySteps.some((s) => s.round === d.round && s.state === 'waiting' && s.reviewerId === me)
      )
        actions.push('review');
      if (d.state === 'approved' && d.signerId === me) actions.push('sign');
      return {
        id: d.id,
        unit: { id: d.unitId, name: units.get(d.unitId) ?? '' },
        state: d.state,
        typeName: d.typeName,
        codeNotation: d.codeNotation,
        subject: d.subject,
        body: d.body,
        priority: d.priority,
        secrecy: d.secrecy,
        recipients: {
          units: d.recipients.units.map((u) => ({ id: u, name: units.get(u) ?? '' })),
          organs: d.recipients.organs,
        },
        drafter: person(d.drafterId),
        signer: person(d.signerId),
        signingForm: d.signingForm,
        round: d.round,
        attachments: attachments.get(d.id) ?? [],
        versions: versions
          .filter((v) => v.draftId === d.id)
          .map((v) => ({
            number: v.number,
            subject: v.subject,
            editedBy: person(v.editedBy),
            note: v.note,
            at: v.createdAt.toISOString(),
          })),
        reviews: mySteps.map((s) => ({
          round: s.round,
          seq: s.seq,
          reviewer: person(s.reviewerId),
          state: s.state,
          comment: s.comment,
          decidedAt: s.decidedAt?.toISOString() ?? null,
          signed: s.signatureId !== null,
        })),
        documentId: d.state === 'issued' ? d.id : null,
        version: d.version,
        allowedActions: actions,
      };
    });
  }

  private async audit(
    context: CommandContext,
    actor: Actor,
    draft: DocumentDraftEntity,
    action: string,
    after: Record<string, unknown>,
  ): Promise<void> {
    await context.audit({
      actor,
      actingUnitId: draft.unitId,
      action,
      subjectType: 'document',
      subjectId: draft.id,
      after,
    });
  }

  /** `document.draft_changed` to whoever acts next (the reviewer, the signer, the drafter). */
  private async announce(
    context: CommandContext,
    draft: DocumentDraftEntity,
    audience: string[],
    change: 'submitted' | 'approve' | 'return' | 'forward' | 'issued',
    actor: Actor,
    comment: string | null = null,
  ): Promise<void> {
    await context.emit({
      name: 'document.draft_changed',
      payload: {
        draft: { id: draft.id, subject: draft.subject, state: draft.state, typeName: draft.typeName },
        change,
        by: { id: actor.principal.userId, fullName: actor.principal.fullName },
        comment,
        at: new Date().toISOString(),
      },
      audience,
    });
  }
}

function recipientsText(document: DocumentToSign): string {
  return [
    ...document.recipients.organs.map((o) => o.organName),
    `${document.recipients.units.length} đơn vị trong hệ thống`,
  ]
    .filter((s) => s.length > 0)
    .join('; ');
}
