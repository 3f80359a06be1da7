import { Injectable } from '@nestjs/common';
import type { Actor } from '@lt/access';
import { searchSnippet } from '@lt/common';
import { BriefingSearch } from '@lt/briefings';
import { ChatSearch, SubjectReaders, searchText } from '@lt/chat';

export const SEARCH_TYPES = ['message', 'directive', 'task', 'document', 'briefing'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

export interface SearchHit {
  type: SearchType;
  /** The message, directive, task, document or briefing. */
  id: string;
  title: string;
  /** The matching text around the first word found, as written. */
  snippet: string;
  at: string;
  /** Where to open a message: its channel and its place there (null for other kinds). */
  channelId: string | null;
  n: number | null;
}

/**
 * One search over everything a person may read: messages of their channels, directives,
 * tasks, documents and weekly briefings, each by its own reading rule (the ones threads use:
 * SubjectReaders; the briefing list's), insensitive to Vietnamese marks ("tien do" finds
 * "tiến độ"). The newest first, at most `limit` of each kind.
 */
@Injectable()
export class SearchService {
  constructor(
    private readonly subjects: SubjectReaders,
    private readonly chat: ChatSearch,
    private readonly briefings: BriefingSearch,
  ) {}

  async search(
    actor: Actor,
    q: string | undefined,
    types: SearchType[],
    limit: number,
  ): Promise<SearchHit[]> {
    const text = searchText(q);
    const wanted = new Set(types.length > 0 ? types : SEARCH_TYPES);
    const hits: SearchHit[] = [];
    const snippet = (body: string) => searchSnippet(body, text, 200);
    const subjectTypes = (['directive', 'task', 'document'] as const).filter((type) => wanted.has(type));
    // A disabled account reads nothing (null), as its channels show it nothing.
    const reader = subjectTypes.length > 0 ? await this.subjects.reader(actor.principal.userId) : null;
    for (const type of subjectTypes) {
      for (const r of reader ? await this.subjects.search(reader, type, text, limit) : [])
        hits.push({
          type,
          id: r.id,
          title: r.title,
          snippet: snippet(r.text),
          at: r.at.toISOString(),
          channelId: null,
          n: null,
        });
    }
    if (wanted.has('message')) {
      for (const { channel, message } of await this.chat.messages(actor, text, { limit }))
        hits.push({
          type: 'message',
          id: message.id,
          title: `${channel.title} — ${message.author.fullName}`,
          snippet: snippet(message.body),
          at: message.createdAt,
          channelId: channel.id,
          n: message.n,
        });
    }
    if (wanted.has('briefing')) {
      const page = await this.briefings.search(actor, { q: text, pageSize: limit });
      const seen = new Set<string>();
      // One hit per briefing (its best match first), as a hit opens the briefing.
      for (const hit of page.items.filter((h) => !seen.has(h.briefing.id) && seen.add(h.briefing.id)))
        hits.push({
          type: 'briefing',
          id: hit.briefing.id,
          title: hit.briefing.title,
          snippet: snippet(hit.text),
          at: hit.briefing.meetingAt,
          channelId: null,
          n: null,
        });
    }
    return hits.sort((a, b) => b.at.localeCompare(a.at));
  }
}
