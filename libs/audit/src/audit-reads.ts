import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface ViewerRow {
  actorId: string;
  /** How often, first and last time, by what (view, download, export). */
  times: number;
  firstAt: Date;
  lastAt: Date;
  actions: string[];
}

/** Reading the audit log for a screen: who viewed an item (libs/views writes those entries). */
@Injectable()
export class AuditReads {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Who viewed `subjectType/subjectId` (entries `<type>.view`, `.download`, `.export`), most recent first. */
  async viewersOf(subjectType: string, subjectId: string, limit = 200): Promise<ViewerRow[]> {
    const rows: { actorId: string; times: number; firstAt: Date; lastAt: Date; actions: string[] }[] =
      await this.dataSource.query(
        `SELECT actor_id AS "actorId", count(*)::int AS times, min(at) AS "firstAt", max(at) AS "lastAt",
                array_agg(DISTINCT split_part(action, '.', 2)) AS actions
           FROM audit_entries
          WHERE subject_type = $1 AND subject_id = $2 AND actor_id IS NOT NULL
            AND action IN ($1 || '.view', $1 || '.download', $1 || '.export')
          GROUP BY actor_id ORDER BY max(at) DESC LIMIT $3`,
        [subjectType, subjectId, limit],
      );
    return rows;
  }
}
