import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessService, Actor } from '@lt/access';
import { OrgTreeService } from '@lt/org';
import { DataSource, In } from 'typeorm';
import { citizenFileCounts, CitizenFileCounts } from './citizen-file-outcomes';
import { ProcedureEntity } from './one-stop.entity';
import type { OneStopFiguresDto, OneStopFiguresQuery } from './one-stop.dto';

interface FigureRow extends CitizenFileCounts {
  procedureId: string;
  code: string;
  name: string;
}

/**
 * The counter's figures for leaders: per unit and procedure, the files received in a period and
 * where they stand — results ready on time or late (against the appointment), files still within
 * their time or past it, and those that went back to the citizen for papers. Over the units of
 * the subtree the reader follows (judged by citizenFileCounts).
 */
@Injectable()
export class OneStopFigures {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly tree: OrgTreeService,
  ) {}

  async figures(actor: Actor, query: OneStopFiguresQuery, now = new Date()): Promise<OneStopFiguresDto> {
    const em = this.dataSource.manager;
    await this.tree.requireUnit(query.unitId, em);
    await this.access.require(actor.principal, 'citizen_file.read', query.unitId, em);
    const units = await this.tree.subtreeIds([query.unitId], em);
    const visible = [
      ...(await this.access.grantsFor(actor.principal, 'citizen_file.read', units, em)).keys(),
    ];
    const counts = await citizenFileCounts(em, {
      unitIds: visible,
      since: new Date(query.from),
      until: new Date(query.to),
      now,
      byProcedure: true,
    });
    const procedures = await em.findBy(ProcedureEntity, { id: In(counts.map((c) => c.procedureId!)) });
    const rows: FigureRow[] = counts
      .map((c) => {
        const p = procedures.find((x) => x.id === c.procedureId)!;
        return { ...c, procedureId: p.id, code: p.code, name: p.name };
      })
      .sort((x, y) => (x.code === y.code ? (x.unitId < y.unitId ? -1 : 1) : x.code < y.code ? -1 : 1));
    const period = [visible, new Date(query.from), new Date(query.to)];
    const ratings: {
      unitId: string;
      n: number;
      timeliness: number;
      attitude: number;
      guidance: number;
      overall: number;
    }[] = await em.query(
      `SELECT unit_id AS "unitId", count(*)::int AS n,
                round(avg((scores->>'timeliness')::int), 1)::float AS timeliness,
                round(avg((scores->>'attitude')::int), 1)::float AS attitude,
                round(avg((scores->>'guidance')::int), 1)::float AS guidance,
                round(avg((scores->>'overall')::int), 1)::float AS overall
           FROM citizen_file_ratings
          WHERE unit_id = ANY($1::uuid[]) AND rated_at >= $2 AND rated_at < $3
          GROUP BY unit_id`,
      period,
    );
    const feedback: {
      unitId: string;
      n: number;
      onTime: number;
      late: number;
      waiting: number;
      overdue: number;
    }[] = await em.query(
      `SELECT unit_id AS "unitId", count(*)::int AS n,
                count(*) FILTER (WHERE answered_at <= due_at)::int AS "onTime",
                count(*) FILTER (WHERE answered_at > due_at)::int AS late,
                count(*) FILTER (WHERE answered_at IS NULL AND due_at >= $4)::int AS waiting,
                count(*) FILTER (WHERE answered_at IS NULL AND due_at < $4)::int AS overdue
           FROM feedback_messages
          WHERE unit_id = ANY($1::uuid[]) AND received_at >= $2 AND received_at < $3
          GROUP BY unit_id`,
      [...period, now],
    );
    const voiceUnits = [...new Set([...ratings.map((r) => r.unitId), ...feedback.map((f) => f.unitId)])];
    const names = await this.tree.namesOf([...rows.map((r) => r.unitId), ...voiceUnits], em);
    const sum = (key: keyof Omit<FigureRow, 'unitId' | 'procedureId' | 'code' | 'name'>) =>
      rows.reduce((total, r) => total + r[key], 0);
    const finished = sum('onTime') + sum('late');
    return {
      from: query.from,
      to: query.to,
      rows: rows.map((r) => ({
        unit: { id: r.unitId, name: names.get(r.unitId) ?? '' },
        procedure: { id: r.procedureId, code: r.code, name: r.name },
        received: r.received,
        onTime: r.onTime,
        late: r.late,
        inTime: r.inTime,
        overdue: r.overdue,
        returnedForPapers: r.returnedForPapers,
      })),
      total: {
        received: sum('received'),
        onTime: sum('onTime'),
        late: sum('late'),
        inTime: sum('inTime'),
        overdue: sum('overdue'),
        returnedForPapers: sum('returnedForPapers'),
        onTimeRate: finished === 0 ? null : Math.round((sum('onTime') / finished) * 1000) / 10,
      },
      voice: voiceUnits.sort().map((unitId) => {
        const r = ratings.find((x) => x.unitId === unitId);
        const f = feedback.find((x) => x.unitId === unitId);
        return {
          unit: { id: unitId, name: names.get(unitId) ?? '' },
          ratings: r?.n ?? 0,
          averages: {
            timeliness: r?.timeliness ?? null,
            attitude: r?.attitude ?? null,
            guidance: r?.guidance ?? null,
            overall: r?.overall ?? null,
          },
          feedback: f?.n ?? 0,
          answeredOnTime: f?.onTime ?? 0,
          answeredLate: f?.late ?? 0,
          waiting: f?.waiting ?? 0,
          overdue: f?.overdue ?? 0,
        };
      }),
    };
  }
}
