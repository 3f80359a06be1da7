import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, LEADING_ROLES_SQL } from '@lt/access';
import { AppError } from '@lt/common';
import type { ChannelRef, ThreadSubjectType } from './chat-events';
import { visibleTaskSql } from '@lt/tasks';
import { DataSource, EntityManager } from 'typeorm';
import { ChatChannelEntity } from './chat.entity';

/**
 * Reader rows `r` for the user ids in `ids` (an SQL array expression): the units where each
 * leads (leader, deputy), keeps the register (clerk) and works at all. Enabled people only.
 */
export const readersSql = (ids: string): string =>
  `(SELECT u.id AS user_id,
           ARRAY(SELECT p.unit_id FROM positions p WHERE p.user_id = u.id AND p.role IN (${LEADING_ROLES_SQL})) AS led,
           ARRAY(SELECT p.unit_id FROM positions p WHERE p.user_id = u.id AND p.role = 'clerk') AS clerk,
           ARRAY(SELECT p.unit_id FROM positions p WHERE p.user_id = u.id) AS units
      FROM users u WHERE u.id = ANY(${ids}) AND u.disabled_at IS NULL)`;

/**
 * Whether reader `r` may read the directive, task or document whose id is the SQL expression
 * `id`, by the subject's own rule: tasks as TaskQueries.requireVisible; directives their
 * recipients and the leaders over the issuing unit (DirectiveFollowUp.get: a signer moved
 * elsewhere no longer reads it); documents as
 * DocumentsService.requireReadable. Threads and search both ask here.
 */
export const subjectReadableSql = (type: ThreadSubjectType, id: string, r: string): string => {
  switch (type) {
    case 'task':
      return `EXISTS (SELECT 1 FROM tasks t WHERE t.id = ${id} AND ${visibleTaskSql('t', `${r}.user_id`, `${r}.led`)})`;
    case 'directive':
      return `EXISTS (
         SELECT 1 FROM directives d WHERE d.id = ${id} AND (
           EXISTS (SELECT 1 FROM directive_recipients dr WHERE dr.directive_id = d.id AND dr.user_id = ${r}.user_id)
           OR EXISTS (SELECT 1 FROM org_unit_closure dc
                       WHERE dc.ancestor_id = ANY(${r}.led) AND dc.descendant_id = d.issuing_unit_id)))`;
    case 'document':
      return `EXISTS (
         SELECT 1 FROM documents doc WHERE doc.id = ${id} AND (
           doc.unit_id = ANY(${r}.clerk)
           OR EXISTS (SELECT 1 FROM org_unit_closure oc
                       WHERE oc.ancestor_id = ANY(${r}.led) AND oc.descendant_id = doc.unit_id)
           OR EXISTS (SELECT 1 FROM annotations a JOIN tasks t ON t.source_type = 'annotation' AND t.source_id = a.id
                       WHERE a.document_id = doc.id AND (
                         t.assigner_id = ${r}.user_id OR t.lead_user_id = ${r}.user_id
                         OR (t.lead_user_id IS NULL AND t.lead_unit_id = ANY(${r}.led))
                         OR EXISTS (SELECT 1 FROM task_parties tp WHERE tp.task_id = t.id
                                     AND (tp.user_id = ${r}.user_id OR (tp.user_id IS NULL AND tp.unit_id = ANY(${r}.led))))))))`;
  }
};

/**
 * Whether reader `r` may read channel `c`: the one rule behind opening a channel, its live
 * audience, its history and search. A unit's channel is its people's (not its superiors');
 * a direct channel its two people's; a thread belongs to whoever may read its subject.
 */
export const channelReadableSql = (c: string, r: string): string =>
  `(CASE ${c}.kind
     WHEN 'unit' THEN ${c}.unit_id = ANY(${r}.units)
     WHEN 'direct' THEN ${r}.user_id IN (${c}.user_low, ${c}.user_high)
     ELSE CASE ${c}.subject_type
       WHEN 'task' THEN ${subjectReadableSql('task', `${c}.subject_id`, r)}
       WHEN 'directive' THEN ${subjectReadableSql('directive', `${c}.subject_id`, r)}
       WHEN 'document' THEN ${subjectReadableSql('document', `${c}.subject_id`, r)}
       ELSE FALSE
     END
   END)`;

/** What a channel is called and about, for its views and events. */
export const CHANNEL_REF_SQL = `
  SELECT c.id, c.kind,
         CASE c.kind
           WHEN 'unit' THEN u.name
           WHEN 'direct' THEN lo.full_name || ' – ' || hi.full_name
           ELSE COALESCE(t.title, d.notation || ' ' || d.subject, doc.code_number || '/' || doc.code_notation || ' ' || doc.subject, '')
         END AS title,
         u.id AS "unitId", u.name AS "unitName", c.subject_type AS "subjectType", c.subject_id AS "subjectId",
         lo.id AS "lowId", lo.full_name AS "lowName", hi.id AS "highId", hi.full_name AS "highName"
    FROM chat_channels c
    LEFT JOIN org_units u ON u.id = c.unit_id
    LEFT JOIN users lo ON lo.id = c.user_low
    LEFT JOIN users hi ON hi.id = c.user_high
    LEFT JOIN tasks t ON c.subject_type = 'task' AND t.id = c.subject_id
    LEFT JOIN directives d ON c.subject_type = 'directive' AND d.id = c.subject_id
    LEFT JOIN documents doc ON c.subject_type = 'document' AND doc.id = c.subject_id`;

export interface ChannelRefRow {
  id: string;
  kind: ChannelRef['kind'];
  title: string;
  unitId: string | null;
  unitName: string | null;
  subjectType: 'directive' | 'task' | 'document' | null;
  subjectId: string | null;
  lowId: string | null;
  lowName: string | null;
  highId: string | null;
  highName: string | null;
}

export function toChannelRef(row: ChannelRefRow): ChannelRef {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    unit: row.unitId ? { id: row.unitId, name: row.unitName! } : null,
    subject: row.subjectType ? { type: row.subjectType, id: row.subjectId! } : null,
    people: row.lowId
      ? [
          { id: row.lowId, fullName: row.lowName! },
          { id: row.highId!, fullName: row.highName! },
        ]
      : [],
  };
}

/** Who may read which channel; every chat use-case asks here. */
@Injectable()
export class ChannelAccess {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The channel, if `actor` may read it; otherwise it does not exist for them (404). */
  async requireReadable(
    actor: Actor,
    channelId: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<ChatChannelEntity> {
    const channel = await em.findOne(ChatChannelEntity, { where: { id: channelId } });
    if (!channel) throw new AppError('chat/channel_not_found', { channelId });
    const me = actor.principal.userId;
    // A unit's or a pair's channel is answered from the principal, the same rule as
    // channelReadableSql without its planning cost: this is the hot path. A socket's principal
    // is as old as its token, so posting re-checks membership in SQL (PostMessage).
    const readable =
      channel.kind === 'unit'
        ? actor.principal.positions.some((p) => p.unitId === channel.unitId)
        : channel.kind === 'direct'
          ? me === channel.userLow || me === channel.userHigh
          : (await this.readersOf(em, channelId, [me])).length > 0;
    if (!readable) throw new AppError('chat/channel_not_found', { channelId });
    return channel;
  }

  /** Those of `userIds` who may read the channel now. */
  async readersOf(em: EntityManager, channelId: string, userIds: string[]): Promise<string[]> {
    if (userIds.length === 0) return [];
    const rows: { userId: string }[] = await em.query(
      `SELECT r.user_id AS "userId" FROM chat_channels c, ${readersSql('$2::uuid[]')} r
        WHERE c.id = $1 AND ${channelReadableSql('c', 'r')}`,
      [channelId, userIds],
    );
    return rows.map((r) => r.userId);
  }

  async ref(em: EntityManager, channel: ChatChannelEntity): Promise<ChannelRef> {
    if (channel.kind === 'unit') {
      // The common case, without the joins every kind needs.
      const [unit]: { name: string }[] = await em.query('SELECT name FROM org_units WHERE id = $1', [
        channel.unitId,
      ]);
      const unitRef = { id: channel.unitId!, name: unit.name };
      return { id: channel.id, kind: 'unit', title: unit.name, unit: unitRef, subject: null, people: [] };
    }
    const [row]: ChannelRefRow[] = await em.query(`${CHANNEL_REF_SQL} WHERE c.id = $1`, [channel.id]);
    return toChannelRef(row);
  }

  /**
   * Who gets a channel's messages live and in their feed: a unit's people, the pair, or a
   * thread's followers and the people its subject involves — each still able to read it.
   */
  async audience(em: EntityManager, channel: ChatChannelEntity): Promise<string[]> {
    if (channel.kind === 'direct') return [channel.userLow!, channel.userHigh!];
    if (channel.kind === 'unit') {
      const rows: { userId: string }[] = await em.query(
        `SELECT DISTINCT p.user_id AS "userId" FROM positions p JOIN users u ON u.id = p.user_id
          WHERE p.unit_id = $1 AND u.disabled_at IS NULL`,
        [channel.unitId],
      );
      return rows.map((r) => r.userId);
    }
    const rows: { userId: string }[] = await em.query(
      `SELECT m.user_id AS "userId" FROM chat_members m WHERE m.channel_id = $1 AND m.following
       UNION ${threadCoreSql}`,
      [channel.id, channel.subjectType, channel.subjectId],
    );
    return this.readersOf(
      em,
      channel.id,
      rows.map((r) => r.userId),
    );
  }
}

/**
 * The people a thread's subject involves, who follow it without opening it: a task's
 * assigner, lead and parties (their units' leaders when a unit holds the role); a directive's
 * signer; the leader a document was routed to. ($2 subject type, $3 subject id.)
 */
const threadCoreSql = `
  SELECT t.assigner_id FROM tasks t WHERE $2 = 'task' AND t.id = $3
  UNION SELECT t.lead_user_id FROM tasks t WHERE $2 = 'task' AND t.id = $3 AND t.lead_user_id IS NOT NULL
  UNION SELECT p.user_id FROM tasks t JOIN positions p ON p.unit_id = t.lead_unit_id AND p.role IN (${LEADING_ROLES_SQL})
         WHERE $2 = 'task' AND t.id = $3 AND t.lead_user_id IS NULL
  UNION SELECT tp.user_id FROM task_parties tp WHERE $2 = 'task' AND tp.task_id = $3 AND tp.user_id IS NOT NULL
  UNION SELECT p.user_id FROM task_parties tp JOIN positions p ON p.unit_id = tp.unit_id AND p.role IN (${LEADING_ROLES_SQL})
         WHERE $2 = 'task' AND tp.task_id = $3 AND tp.user_id IS NULL
  UNION SELECT d.signer_id FROM directives d WHERE $2 = 'directive' AND d.id = $3
  UNION SELECT doc.routed_to FROM documents doc WHERE $2 = 'document' AND doc.id = $3 AND doc.routed_to IS NOT NULL`;
