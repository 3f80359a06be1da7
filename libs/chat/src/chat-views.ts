import { FilesService } from '@lt/files';
import type { ChatMessageView } from './chat-events';
import { EntityManager } from 'typeorm';

interface MessageRow {
  id: string;
  channelId: string;
  n: number;
  authorId: string;
  authorName: string;
  body: string;
  mentions: string[];
  directiveId: string | null;
  notation: string | null;
  ackRequired: boolean | null;
  ackDueAt: Date | null;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
  version: number;
}

const MESSAGE_SQL = `
  SELECT m.id, m.channel_id AS "channelId", m.n::int AS n, m.author_id AS "authorId", a.full_name AS "authorName",
         m.body, m.mentions, m.directive_id AS "directiveId", d.notation, d.ack_required AS "ackRequired",
         d.ack_due_at AS "ackDueAt", m.created_at AS "createdAt", m.edited_at AS "editedAt",
         m.deleted_at AS "deletedAt", m.version
    FROM chat_messages m
    JOIN users a ON a.id = m.author_id
    LEFT JOIN directives d ON d.id = m.directive_id`;

/**
 * Messages as clients see them, in the order of `ids`, with mentioned names and attachments
 * (an announcement's files are its directive's). A deleted message keeps its place, not its text.
 */
export async function messageViews(
  em: EntityManager,
  files: FilesService,
  ids: readonly string[],
): Promise<ChatMessageView[]> {
  if (ids.length === 0) return [];
  const rows: MessageRow[] = await em.query(`${MESSAGE_SQL} WHERE m.id = ANY($1::uuid[])`, [ids]);
  const mentioned = [...new Set(rows.flatMap((r) => r.mentions))];
  const users =
    mentioned.length === 0
      ? []
      : await em.query<{ id: string; fullName: string }[]>(
          'SELECT id, full_name AS "fullName" FROM users WHERE id = ANY($1::uuid[])',
          [mentioned],
        );
  const names = new Map(users.map((u) => [u.id, u.fullName]));
  const plain = await files.metaOf(
    'chat_message',
    rows.filter((r) => !r.directiveId).map((r) => r.id),
    em,
  );
  const announced = await files.metaOf(
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
        author: { id: r.authorId, fullName: r.authorName },
        body: r.deletedAt ? '' : r.body,
        mentions: r.deletedAt ? [] : r.mentions.map((id) => ({ id, fullName: names.get(id) ?? '' })),
        attachments: r.deletedAt
          ? []
          : ((r.directiveId ? announced.get(r.directiveId) : plain.get(r.id)) ?? []),
        announcement: r.directiveId
          ? {
              directiveId: r.directiveId,
              notation: r.notation!,
              ackRequired: r.ackRequired!,
              ackDueAt: r.ackDueAt?.toISOString() ?? null,
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
