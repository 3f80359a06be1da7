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
    const mine = (unitIds: readonly string[]) =>
      actor.principal.positions.some((p) => unitIds.includes(p.unitId));
    const readable =
      channel.kind === 'unit'
        ? mine([channel.unitId!]) || mine(await this.tree.mergeChain(channel.unitId!, em))
        : channel.kind === 'direct'
          ? me === channel.userLow || me === channel.userHigh
          : (await this.readersOf(em, channel, [me])).length > 0;
    if (!readable) throw new AppError('chat/channel_not_found', { channelId });
    return channel;
  }

  /**
   * Those of `userIds` who may read the channel now (enabled people only): the one rule behind
   * opening a channel, its live audience, its history and search. A unit's channel is its
   * people's (not its superiors'), and once the unit is merged, the people's of the unit it
   * went into (its people went there); a direct channel its two people's; a thread belongs to
   * whoever may read its subject.
   */
  async readersOf(em: EntityManager, channel: ChannelFacts, userIds: readonly string[]): Promise<string[]> {
    if (userIds.length === 0) return [];
    const readers = await this.subjects.readers(userIds, em);
    switch (channel.kind) {
      case 'unit': {
        const units = await this.tree.mergeChain(channel.unitId!, em);
        return readers.filter((r) => r.positions.some((p) => units.includes(p.unitId))).map((r) => r.userId);
      }
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
    const units = new Map((await this.tree.units(unitIds, em)).map((u) => [u.id, u]));
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
            ? units.get(c.unitId!)!.name
            : c.kind === 'direct'
              ? `${pair[0].fullName} – ${pair[1].fullName}`
              : (titles.get(c.subjectId!) ?? '');
        return [
          c.id,
          {
            id: c.id,
            kind: c.kind,
            title,
            unit: c.unitId ? { id: c.unitId, name: units.get(c.unitId)!.name } : null,
            subject: c.subjectType ? { type: c.subjectType, id: c.subjectId! } : null,
            people: pair,
            readOnly: c.kind === 'unit' && !units.get(c.unitId!)!.active,
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
      const units = await this.tree.mergeChain(channel.unitId!, em);
      const holders = await this.people.positionHolders(units, { enabledOnly: true }, em);
      return [...new Set(holders.map((h) => h.userId))];
    }
    const followers: { userId: string }[] = await em.query(
      'SELECT m.user_id AS "userId" FROM chat_members m WHERE m.channel_id = $1 AND m.following',
      [channel.id],
    );
    const involved = await this.subjects.involved(channel.subjectType!, channel.subjectId!, em);
    return this.readersOf(em, channel, [...new Set([...followers.map((f) => f.userId), ...involved])]);
  }

  /** Whether one may post in it: not in a merged or deactivated unit's channel (history only). */
  async requireWritable(em: EntityManager, channel: ChannelFacts): Promise<void> {
    if (channel.kind !== 'unit') return;
    const unit = await this.tree.findUnit(channel.unitId!, em);
    if (!unit?.active) throw new AppError('chat/channel_read_only', { channelId: channel.id });
  }

  /**
   * The units whose channels are `unitIds`' people's: those units, and the units merged into
   * them (with when each retired: its history from before is not unread to them).
   */
  async channelUnitsOf(
    em: EntityManager,
    unitIds: readonly string[],
  ): Promise<{ unitId: string; mergedAt: Date | null }[]> {
    const merged = await this.tree.mergedInto(unitIds, em);
    return [
      ...unitIds.map((unitId) => ({ unitId, mergedAt: null })),
      ...merged.map((m) => ({ unitId: m.id, mergedAt: m.retiredAt })),
    ];
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
