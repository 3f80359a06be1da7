import { Injectable } from '@nestjs/common';
import { DirectiveReaders } from '@lt/directives';
import { FilesService } from '@lt/files';
import { PeopleService } from '@lt/people';
import type { ChatMessageView } from './chat-events';
import { EntityManager } from 'typeorm';

interface MessageRow {
  id: string;
  channelId: string;
  n: number;
  authorId: string;
  body: string;
  mentions: string[];
  directiveId: string | null;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
  version: number;
}

const MESSAGE_SQL = `
  SELECT m.id, m.channel_id AS "channelId", m.n::int AS n, m.author_id AS "authorId", m.body, m.mentions,
         m.directive_id AS "directiveId", m.created_at AS "createdAt", m.edited_at AS "editedAt",
         m.deleted_at AS "deletedAt", m.version
    FROM chat_messages m`;

/**
 * Messages as clients see them, in the order of `ids`, with the author's and mentioned names
 * and attachments (an announcement's files and terms are its directive's). A deleted message
 * keeps its place, not its text.
 */
@Injectable()
export class MessageViews {
  constructor(
    private readonly files: FilesService,
    private readonly people: PeopleService,
    private readonly directives: DirectiveReaders,
  ) {}

  async of(em: EntityManager, ids: readonly string[]): Promise<ChatMessageView[]> {
    if (ids.length === 0) return [];
    const rows: MessageRow[] = await em.query(`${MESSAGE_SQL} WHERE m.id = ANY($1::uuid[])`, [ids]);
    const names = await this.people.namesOf(
      [...new Set(rows.flatMap((r) => [r.authorId, ...r.mentions]))],
      em,
    );
    const announcements = await this.directives.announcementsOf(
      rows.filter((r) => r.directiveId).map((r) => r.directiveId!),
      em,
    );
    const plain = await this.files.metaOf(
      'chat_message',
      rows.filter((r) => !r.directiveId).map((r) => r.id),
      em,
    );
    const announced = await this.files.metaOf(
      'directive',
      rows.filter((r) => r.directiveId).map((r) => r.directiveId!),
      em,
    );
    const byId = new Map(
      rows.map((r): [string, ChatMessageView] => [
        r.id,
        {
          id: r.id,
          channelId: r.channelId,
          n: r.n,
          author: { id: r.authorId, fullName: names.get(r.authorId)! },
          body: r.deletedAt ? '' : r.body,
          mentions: r.deletedAt ? [] : r.mentions.map((id) => ({ id, fullName: names.get(id) ?? '' })),
          attachments: r.deletedAt
            ? []
            : ((r.directiveId ? announced.get(r.directiveId) : plain.get(r.id)) ?? []),
          announcement: r.directiveId
            ? {
                directiveId: r.directiveId,
                notation: announcements.get(r.directiveId)!.notation,
                ackRequired: announcements.get(r.directiveId)!.ackRequired,
                ackDueAt: announcements.get(r.directiveId)!.ackDueAt?.toISOString() ?? null,
              }
            : null,
          createdAt: r.createdAt.toISOString(),
          editedAt: r.editedAt?.toISOString() ?? null,
          deletedAt: r.deletedAt?.toISOString() ?? null,
          version: r.version,
        },
      ]),
    );
    return ids.flatMap((id) => byId.get(id) ?? []);
  }
}
