import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor, Reader } from '@lt/access';
import { AppError } from '@lt/common';
import { OrgTreeService } from '@lt/org';
import { PeopleService } from '@lt/people';
import { THREAD_SUBJECT_TYPES, type ChannelRef } from './chat-events';
import { DataSource, EntityManager } from 'typeorm';
import { ChatChannelEntity } from './chat.entity';
import { SubjectReaders } from './subject-readers';

/** The columns of a channel its reference is made from. */
export type ChannelFacts = Pick<
  ChatChannelEntity,
  'id' | 'kind' | 'unitId' | 'userLow' | 'userHigh' | 'subjectType' | 'subjectId'
>;

/** Who may read which channel; every chat use-case asks here. */
@Injectable()
export class ChannelAccess {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly subjects: SubjectReaders,
    private readonly people: PeopleService,
    private readonly tree: OrgTreeService,
  ) {}

  /** The channel, if `actor` may read it; otherwise it does not exist for them (404). */
  async requireReadable(
    actor: Actor,
    channelId: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<ChatChannelEntity> {
    const channel = await em.findOne(ChatChannelEntity, { where: { id: channelId } });
    if (!channel) throw new AppError('chat/channel_not_found', { channelId });
    const me = actor.principal.userId;
    // A unit's or a pair's channel is answered from the principal, the same rule as readersOf
    // without its queries: this is the hot path. A socket's principal is as old as its token,
    // so posting re-checks membership as stored (PostMessage).
    const readable =
      channel.kind === 'unit'
        ? actor.principal.positions.some((p) => p.unitId === channel.unitId)
        : channel.kind === 'direct'
          ? me === channel.userLow || me === channel.userHigh
          : (await this.readersOf(em, channel, [me])).length > 0;
    if (!readable) throw new AppError('chat/channel_not_found', { channelId });
    return channel;
  }

  /**
   * Those of `userIds` who may read the channel now (enabled people only): the one rule behind
   * opening a channel, its live audience, its history and search. A unit's channel is its
   * people's (not its superiors'); a direct channel its two people's; a thread belongs to
   * whoever may read its subject.
   */
  async readersOf(em: EntityManager, channel: ChannelFacts, userIds: readonly string[]): Promise<string[]> {
    if (userIds.length === 0) return [];
    const readers = await this.subjects.readers(userIds, em);
    switch (channel.kind) {
      case 'unit':
        return readers
          .filter((r) => r.positions.some((p) => p.unitId === channel.unitId))
          .map((r) => r.userId);
      case 'direct':
        return readers
          .filter((r) => r.userId === channel.userLow || r.userId === channel.userHigh)
          .map((r) => r.userId);
      default:
        return channel.subjectType && channel.subjectId
          ? this.subjects.readersOf(channel.subjectType, channel.subjectId, readers, em)
          : [];
    }
  }

  async ref(em: EntityManager, channel: ChannelFacts): Promise<ChannelRef> {
    return (await this.refsOf(em, [channel])).get(channel.id)!;
  }

  /**
   * What each channel is called and about, for views and events: a unit's name, the pair's
   * names, a thread's subject — each asked of its owner once for all the channels.
   */
  async refsOf(em: EntityManager, channels: readonly ChannelFacts[]): Promise<Map<string, ChannelRef>> {
    const unitIds = [...new Set(channels.flatMap((c) => (c.unitId ? [c.unitId] : [])))];
    const units = new Map((await this.tree.units(unitIds, em)).map((u) => [u.id, u.name]));
    const personIds = [...new Set(channels.flatMap((c) => (c.userLow ? [c.userLow, c.userHigh!] : [])))];
    const names = await this.people.namesOf(personIds, em);
    const subjects = channels.flatMap((c) =>
      c.subjectType && c.subjectId ? [{ type: c.subjectType, id: c.subjectId }] : [],
    );
    const titles = await this.subjects.titlesOf(subjects, em);
    return new Map(
      channels.map((c): [string, ChannelRef] => {
        const pair = c.userLow
          ? [
              { id: c.userLow, fullName: names.get(c.userLow)! },
              { id: c.userHigh!, fullName: names.get(c.userHigh!)! },
            ]
          : [];
        const title =
          c.kind === 'unit'
            ? units.get(c.unitId!)!
            : c.kind === 'direct'
              ? `${pair[0].fullName} – ${pair[1].fullName}`
              : (titles.get(c.subjectId!) ?? '');
        return [
          c.id,
          {
            id: c.id,
            kind: c.kind,
            title,
            unit: c.unitId ? { id: c.unitId, name: units.get(c.unitId)! } : null,
            subject: c.subjectType ? { type: c.subjectType, id: c.subjectId! } : null,
            people: pair,
          },
        ];
      }),
    );
  }

  /**
   * Who gets a channel's messages live and in their feed: a unit's people, the pair, or a
   * thread's followers and the people its subject involves — each still able to read it.
   */
  async audience(em: EntityManager, channel: ChannelFacts): Promise<string[]> {
    if (channel.kind === 'direct') return [channel.userLow!, channel.userHigh!];
    if (channel.kind === 'unit') {
      const holders = await this.people.positionHolders([channel.unitId!], { enabledOnly: true }, em);
      return [...new Set(holders.map((h) => h.userId))];
    }
    const followers: { userId: string }[] = await em.query(
      'SELECT m.user_id AS "userId" FROM chat_members m WHERE m.channel_id = $1 AND m.following',
      [channel.id],
    );
    const involved = await this.subjects.involved(channel.subjectType!, channel.subjectId!, em);
    return this.readersOf(em, channel, [...new Set([...followers.map((f) => f.userId), ...involved])]);
  }

  /** The ids of those of the thread channels `threads` whose subject `reader` may read. */
  async readableThreads(
    em: EntityManager,
    reader: Reader,
    threads: readonly ChannelFacts[],
  ): Promise<string[]> {
    const readable: string[] = [];
    for (const type of THREAD_SUBJECT_TYPES) {
      const ofType = threads.filter((t) => t.subjectType === type);
      if (ofType.length === 0) continue;
      const subjects = new Set(
        await this.subjects.readableBy(
          reader,
          type,
          ofType.map((t) => t.subjectId!),
          em,
        ),
      );
      readable.push(...ofType.filter((t) => subjects.has(t.subjectId!)).map((t) => t.id));
    }
    return readable;
  }
}
